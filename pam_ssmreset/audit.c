/* Chooses the audit sink on Linux: journald, else syslog. */
#include "config.h"

#include "audit-journald.h"
#include "audit-syslog.h"

enum audit_sink audit_probe(void)
{
        if (journal_reachable())
                return AUDIT_JOURNAL;
        if (syslog_reachable())
                return AUDIT_SYSLOG;
        return AUDIT_NONE;
}

enum audit_sink audit_write(enum audit_sink sink, const struct audit_event *ev)
{
        if (sink == AUDIT_JOURNAL && journal_reachable() && journal_write(ev) >= 0)
                return AUDIT_JOURNAL;
        if (sink != AUDIT_NONE && syslog_reachable() && syslog_write(ev) >= 0)
                return AUDIT_SYSLOG;
        return AUDIT_NONE;
}

const char *audit_sink_name(enum audit_sink sink)
{
        switch (sink) {
        case AUDIT_JOURNAL:
                return "journald";
        case AUDIT_SYSLOG:
                return "syslog";
        case AUDIT_EVENTLOG:
                return "eventlog";
        default:
                return "none";
        }
}

const char *audit_unreachable_reason(void)
{
        return "neither journald nor syslog is reachable";
}
