/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdio.h>

#include "audit-record.h"

const char *audit_mode_name(const struct audit_event *ev)
{
        return ev->check_only ? "check" : ev->scramble ? "scramble" : ev->scheduled ? "session" : "reset";
}

void audit_format_message(const struct audit_event *ev, char *buf, size_t n)
{
        const char *session = ev->session_id[0] ? ev->session_id : "none";
        const char *requester = ev->requester[0] ? ev->requester : "unknown";
        const char *trigger = ev->trigger ? ev->trigger : "";

        if (ev->scheduled && ev->status == SSR_CHANGED)
                snprintf(buf, n, "break-glass password of '%s' used: %s", ev->username, trigger);
        else if (ev->scheduled)
                snprintf(buf, n, "break-glass password of '%s' used, its scramble NOT scheduled: %s: %s", ev->username,
                         ssr_status_name(ev->status), ev->reason);
        else if (ev->scramble && ev->status == SSR_CHANGED)
                snprintf(buf, n,
                         "password of '%s' scrambled, never delivered: the account is closed until its "
                         "next reset%s (break-glass: %s)",
                         ev->username, ev->sessions_ended ? "; its sessions were ended" : "", trigger);
        else if (ev->scramble)
                snprintf(buf, n, "password of '%s' not scrambled%s: %s: %s (break-glass: %s)", ev->username,
                         ev->changed ? " but CHANGED nonetheless" : "", ssr_status_name(ev->status), ev->reason,
                         trigger);
        else if (ev->pending)
                snprintf(buf, n,
                         "password of '%s' being changed to a generated one%s, already delivered encrypted to "
                         "certificate %.16s...; the result follows (session %s, requested by %s)",
                         ev->username, ev->expired ? " that must be changed at the next login" : "", ev->recipient,
                         session, requester);
        else if (ev->check_only)
                snprintf(buf, n, "check of '%s': %s%s%s (session %s, requested by %s)", ev->username,
                         ssr_status_name(ev->status), ev->reason[0] ? ": " : "", ev->reason, session, requester);
        else if (ev->status == SSR_CHANGED && ev->generated)
                snprintf(buf, n,
                         "password of '%s' generated and changed%s%s%s, delivered encrypted to certificate "
                         "%.16s... (session %s, requested by %s)",
                         ev->username, ev->expired ? " and expired" : "",
                         ev->break_glass ? ", a break-glass password that closes after its first use" : "",
                         ev->scramble_cancelled ? ", the pending scramble cancelled" : "", ev->recipient, session,
                         requester);
        else if (ev->status == SSR_CHANGED)
                snprintf(buf, n, "password of '%s' changed%s%s%s (session %s, requested by %s)", ev->username,
                         ev->expired ? " and expired" : "",
                         ev->break_glass ? ", a break-glass password that closes after its first use" : "",
                         ev->scramble_cancelled ? ", the pending scramble cancelled" : "", session, requester);
        else
                snprintf(buf, n, "password of '%s' %s: %s: %s (session %s, requested by %s)", ev->username,
                         ev->changed     ? "CHANGED nonetheless" :
                         ev->rolled_back ? "not changed (what was written was put back)" :
                                           "not changed",
                         ssr_status_name(ev->status), ev->reason, session, requester);
}
