/* SPDX-License-Identifier: Apache-2.0 */
/* Password history as pam_pwhistory and pam_unix's remember= record it:
 * "user:uid:count:hash1,hash2,..." lines, oldest hash first. */
#pragma once

#include "history-files.h"

/* 1 when password matches one of the last `remember` old hashes of user in
 * any of files (all recorded ones when remember < 0), or current_hash when
 * history is recorded for user; 0 when not, or when no history is recorded
 * for user; -errno when a file cannot be read. */
int history_reused(const struct history_files *files, const char *user, const char *password, const char *current_hash,
                   int remember);
