/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <systemd/sd-journal.h>

#include "audit-journald.h"
#include "socket-probe.h"

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

bool journal_reachable(void)
{
        return socket_listening(JOURNAL_SOCKET);
}

static int priority_of(const struct audit_event *ev)
{
        if (ev->pending)
                return LOG_NOTICE;
        switch (ev->status) {
        case SSR_CHANGED:
                return LOG_NOTICE;
        case SSR_ALLOWED:
                return LOG_INFO;
        case SSR_SYSTEM_ERROR:
                return LOG_ERR;
        default:
                return LOG_WARNING;
        }
}

static const char *message_id(const struct audit_event *ev)
{
        if (ev->scheduled)
                return SSMRESET_MESSAGE_ID_SCHEDULED;
        if (ev->pending)
                return SSMRESET_MESSAGE_ID_STARTED;
        if (ev->check_only)
                return SSMRESET_MESSAGE_ID_CHECKED;
        return ev->status == SSR_CHANGED ? SSMRESET_MESSAGE_ID_CHANGED : SSMRESET_MESSAGE_ID_FAILED;
}

int journal_write(const struct audit_event *ev)
{
        char message[1024], grace[16] = "";
        int r;

        if (ev->break_glass)
                snprintf(grace, sizeof grace, "%u", ev->break_glass);
        audit_format_message(ev, message, sizeof message);
        /* One field a line, as the catalog lists them. */
        /* clang-format off */
        r = sd_journal_send(
                "MESSAGE=ssmreset: %s", message,
                "MESSAGE_ID=%s", message_id(ev),
                "PRIORITY=%d", priority_of(ev),
                "SYSLOG_FACILITY=%d", LOG_AUTHPRIV >> 3,
                "SYSLOG_IDENTIFIER=ssmreset",
                "SSMRESET_USER=%s", ev->username,
                "SSMRESET_RESULT=%s", ev->pending ? "PENDING" : ssr_status_name(ev->status),
                "SSMRESET_REASON=%s", ev->reason,
                "SSMRESET_SESSION_ID=%s", ev->session_id,
                "SSMRESET_REQUESTER=%s", ev->requester,
                "SSMRESET_WORKER_SESSION_ID=%s", ev->worker_session_id ? ev->worker_session_id : "",
                "SSMRESET_VERIFIED=%s", ev->verified ? "yes" : "no",
                "SSMRESET_TRIES=%u", ev->tries_used,
                "SSMRESET_MODE=%s", audit_mode_name(ev),
                "SSMRESET_EXPIRED=%s", ev->expired ? "yes" : "no",
                "SSMRESET_FAILLOCK_CLEARED=%s", ev->faillock_cleared ? "yes" : "no",
                "SSMRESET_CHANGED=%s", ev->changed ? "yes" : "no",
                "SSMRESET_ROLLED_BACK=%s", ev->rolled_back ? "yes" : "no",
                "SSMRESET_GENERATED=%s", ev->generated ? "yes" : "no",
                "SSMRESET_RECIPIENT=%s", ev->recipient ? ev->recipient : "",
                "SSMRESET_CIPHERTEXT=%s", ev->ciphertext ? ev->ciphertext : "",
                "SSMRESET_BREAK_GLASS=%s", grace,
                "SSMRESET_SCRAMBLE_CANCELLED=%s", ev->scramble_cancelled ? "yes" : "no",
                "SSMRESET_SESSIONS_ENDED=%s", ev->sessions_ended ? "yes" : "no",
                "SSMRESET_TRIGGER=%s", ev->trigger ? ev->trigger : "",
                NULL);
        /* clang-format on */
        return r;
}
