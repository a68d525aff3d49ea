/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: the audit trail. Every backend provides these.
 * Linux: linux/audit-linux.c (journald, else syslog); Windows:
 * win32/audit-eventlog.c (the Application Event Log). */
#pragma once

#include "audit-record.h"

/* Where records can go right now; AUDIT_NONE means nowhere, and the program
 * then refuses to touch the account. */
enum audit_sink audit_probe(void);
/* Writes one record to sink, falling back to the next one if it fails.
 * Returns the sink that took it, or AUDIT_NONE. */
enum audit_sink audit_write(enum audit_sink sink, const struct audit_event *ev);
/* The sink's name for people and the JSON result: "journald", "syslog",
 * "eventlog"; "none" for AUDIT_NONE. */
const char *audit_sink_name(enum audit_sink sink);
/* Why audit_probe() found nowhere to write, for people
 * ("neither journald nor syslog is reachable"). */
const char *audit_unreachable_reason(void);
/* What a record that went to the fallback sink lacks, for people
 * ("journald not reachable"). */
const char *audit_fallback_note(void);
