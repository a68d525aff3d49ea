/* SPDX-License-Identifier: Apache-2.0 */
/* The audit trail on Windows: one Application log record per attempt from
 * the event source "ssmreset", its own event id for changed, not changed
 * and checked, and for a generated password about to be set (see
 * ssmreset-events.mc). The ciphertext of the last stays out of the Event
 * Log: the requester has it. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "os/audit.h"
#include "eventlog.h"
#include "ssmreset-events.h"
#include "utf16.h"

enum audit_sink audit_probe(void)
{
        return eventlog_open() == 0 ? AUDIT_PREFERRED : AUDIT_NONE;
}

/* Information for changes and allowed checks, warning for refusals, error
 * for system errors: the journald priorities of the Linux build. */
static WORD event_type(enum ssr_status status)
{
        switch (status) {
        case SSR_CHANGED:
        case SSR_ALLOWED:
                return EVENTLOG_INFORMATION_TYPE;
        case SSR_SYSTEM_ERROR:
                return EVENTLOG_ERROR_TYPE;
        default:
                return EVENTLOG_WARNING_TYPE;
        }
}

static void widen(const char *s, wchar_t *out, size_t cap)
{
        if (utf16_from_utf8(s, strlen(s), out, cap, NULL) < 0)
                swprintf(out, cap, L"(not UTF-8)");
}

enum audit_sink audit_write(enum audit_sink sink, const struct audit_event *ev)
{
        static wchar_t w[EVENTLOG_STRINGS][1024];
        const wchar_t *strings[EVENTLOG_STRINGS];
        char tries[16], summary[1024];
        DWORD id = ev->pending               ? SSMRESET_EVENT_STARTED :
                   ev->check_only            ? SSMRESET_EVENT_CHECKED :
                   ev->status == SSR_CHANGED ? SSMRESET_EVENT_CHANGED :
                                               SSMRESET_EVENT_NOT_CHANGED;

        if (sink != AUDIT_PREFERRED)
                return AUDIT_NONE;
        snprintf(tries, sizeof tries, "%u", ev->tries_used);
        audit_format_message(ev, summary, sizeof summary);
        const char *utf8[EVENTLOG_STRINGS] = {
                ev->username,
                ev->pending ? "PENDING" : ssr_status_name(ev->status),
                ev->reason,
                ev->session_id,
                ev->requester,
                ev->verified ? "yes" : "no",
                tries,
                ev->host,
                ev->expired ? "yes" : "no",
                summary,
                ev->generated ? "yes" : "no",
                ev->recipient,
        };
        for (int i = 0; i < EVENTLOG_STRINGS; i++) {
                widen(utf8[i] ? utf8[i] : "", w[i], sizeof w[i] / sizeof w[i][0]);
                strings[i] = w[i];
        }
        return eventlog_report(ev->pending ? EVENTLOG_INFORMATION_TYPE : event_type(ev->status), id, strings) == 0 ?
                       AUDIT_PREFERRED :
                       AUDIT_NONE;
}

const char *audit_sink_name(enum audit_sink sink)
{
        return sink == AUDIT_PREFERRED ? "eventlog" : "none";
}

const char *audit_unreachable_reason(void)
{
        return "the Windows Event Log is not reachable";
}

const char *audit_fallback_note(void)
{
        return "the Event Log has no fallback"; /* never shown: there is no AUDIT_FALLBACK here */
}
