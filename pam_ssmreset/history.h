/* Password history as pam_pwhistory records it in /etc/security/opasswd. */
#pragma once

/* 1 when password matches one of the last `remember` old hashes of user
 * (all recorded ones when remember < 0) or current_hash, 0 when not or when
 * no history is recorded for user, -errno when the file cannot be read. */
int history_reused(const char *user, const char *password, const char *current_hash, int remember);
