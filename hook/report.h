/* SPDX-License-Identifier: Apache-2.0 */
/* What the person reads at the start and the end of a run. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "audit-record.h"
#include "os/backend.h"
#include "os/recipient.h"

/* "Password reset for account 'alice' on host 'web-1' ..." */
void report_header(FILE *f, const char *user_display, const char *host, const char *session_id, const char *requester);
/* The one closing line: "ssmreset: CODE: what happened (audit: journald)".
 * Returns 0, or -EIO when it could not be written whole (f is flushed). */
int report_result(FILE *f, const char *user_display, bool check_only, const struct ssr_outcome *out,
                  enum audit_sink audited, enum audit_sink wanted);
/* After CHANGED with --generate: the new password as the requester gets
 * it, encrypted (text in encoding: see os/recipient.h), with how to open
 * it. Returns 0, or -EIO. */
int report_encrypted(FILE *f, const char *user_display, const char *fingerprint, enum recipient_encoding encoding,
                     const char *text);
