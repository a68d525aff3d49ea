/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdio.h>

#include "audit-record.h"

void audit_format_message(const struct audit_event *ev, char *buf, size_t n)
{
        const char *session = ev->session_id[0] ? ev->session_id : "none";
        const char *requester = ev->requester[0] ? ev->requester : "unknown";

        if (ev->pending)
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
                         "password of '%s' generated and changed%s, delivered encrypted to certificate %.16s... "
                         "(session %s, requested by %s)",
                         ev->username, ev->expired ? " and expired" : "", ev->recipient, session, requester);
        else if (ev->status == SSR_CHANGED)
                snprintf(buf, n, "password of '%s' changed%s (session %s, requested by %s)", ev->username,
                         ev->expired ? " and expired" : "", session, requester);
        else
                snprintf(buf, n, "password of '%s' %s: %s: %s (session %s, requested by %s)", ev->username,
                         ev->changed     ? "CHANGED nonetheless" :
                         ev->rolled_back ? "not changed (what was written was put back)" :
                                           "not changed",
                         ssr_status_name(ev->status), ev->reason, session, requester);
}
