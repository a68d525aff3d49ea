/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdbool.h>
#include <syslog.h>

#include "audit-syslog.h"
#include "socket-probe.h"

#define SYSLOG_SOCKET "/dev/log"

bool syslog_reachable(void)
{
        return socket_listening(SYSLOG_SOCKET);
}

int syslog_write(const struct audit_event *ev)
{
        char message[1024];

        audit_format_message(ev, message, sizeof message);
        openlog("ssmreset", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
        /* The structured fields, as key=value for log parsers. A syslog line
         * is one line: the ciphertext of a pending record stays out (the
         * requester has it; journald keeps it when it runs). */
        syslog((ev->pending || ev->status == SSR_CHANGED || ev->status == SSR_ALLOWED ? LOG_NOTICE : LOG_WARNING) |
                       LOG_AUTHPRIV,
               "%s; SSMRESET_USER=%s SSMRESET_RESULT=%s SSMRESET_SESSION_ID=%s SSMRESET_REQUESTER=%s "
               "SSMRESET_WORKER_SESSION_ID=%s "
               "SSMRESET_VERIFIED=%s SSMRESET_MODE=%s SSMRESET_EXPIRED=%s SSMRESET_FAILLOCK_CLEARED=%s "
               "SSMRESET_CHANGED=%s SSMRESET_ROLLED_BACK=%s SSMRESET_GENERATED=%s SSMRESET_RECIPIENT=%s",
               message, ev->username, ev->pending ? "PENDING" : ssr_status_name(ev->status), ev->session_id,
               ev->requester, ev->worker_session_id ? ev->worker_session_id : "", ev->verified ? "yes" : "no",
               audit_mode_name(ev), ev->expired ? "yes" : "no", ev->faillock_cleared ? "yes" : "no",
               ev->changed ? "yes" : "no", ev->rolled_back ? "yes" : "no", ev->generated ? "yes" : "no",
               ev->recipient ? ev->recipient : "");
        closelog();
        return 0;
}
