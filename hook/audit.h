/* The audit trail: one record per attempt. One implementation per OS
 * (journald with a syslog fallback on Linux, the Event Log on Windows). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "result.h"

enum audit_sink {
        AUDIT_NONE,
        AUDIT_JOURNAL,
        AUDIT_SYSLOG,
        AUDIT_EVENTLOG,         /* Windows' Application log */
};

struct audit_event {
        const char *username;   /* escaped for display */
        enum ssr_status status;
        const char *reason;     /* "" on success */
        const char *session_id; /* "" when unknown */
        const char *requester;  /* "" when unknown */
        bool check_only;        /* --check: a decision, not a reset */
        bool verified;
        bool expired;
        unsigned tries_used;
        const char *host;
};

/* Where records can go right now; AUDIT_NONE means nowhere. */
enum audit_sink audit_probe(void);
/* Writes one record to sink, falling back to the next one if it fails.
 * Returns the sink that took it, or AUDIT_NONE. */
enum audit_sink audit_write(enum audit_sink sink, const struct audit_event *ev);
/* "journald", "syslog", "eventlog", "none". */
const char *audit_sink_name(enum audit_sink sink);
/* Why audit_probe() found nowhere to write, for people
 * ("neither journald nor syslog is reachable"). */
const char *audit_unreachable_reason(void);

/* The record's one-line summary, the same on every OS:
 * "password of 'alice' changed (session S, requested by R)". */
void audit_format_message(const struct audit_event *ev, char *buf, size_t n);
