/* SPDX-License-Identifier: Apache-2.0 */
/* The audit trail on Linux: journald, else syslog. */
#include "config.h"

#include "audit-journald.h"
#include "audit-syslog.h"
#include "os/audit.h"

enum audit_sink audit_probe(void)
{
        if (journal_reachable())
                return AUDIT_PREFERRED;
        if (syslog_reachable())
                return AUDIT_FALLBACK;
        return AUDIT_NONE;
}

enum audit_sink audit_write(enum audit_sink sink, const struct audit_event *ev)
{
        if (sink == AUDIT_PREFERRED && journal_reachable() && journal_write(ev) >= 0)
                return AUDIT_PREFERRED;
        if (sink != AUDIT_NONE && syslog_reachable() && syslog_write(ev) >= 0)
                return AUDIT_FALLBACK;
        return AUDIT_NONE;
}

const char *audit_sink_name(enum audit_sink sink)
{
        switch (sink) {
        case AUDIT_PREFERRED:
                return "journald";
        case AUDIT_FALLBACK:
                return "syslog";
        default:
                return "none";
        }
}

const char *audit_unreachable_reason(void)
{
        return "neither journald nor syslog is reachable";
}

const char *audit_fallback_note(void)
{
        return "journald not reachable";
}
