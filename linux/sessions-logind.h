/* SPDX-License-Identifier: Apache-2.0 */
/* Ending an account's sessions, as a scramble may (LAPS logs the account
 * off): loginctl terminate-user, through systemd-logind, which ends every
 * session of the user and kills its processes. */
#pragma once

#include <stddef.h>

/* Ends every session of user. Returns 0, or -errno with why set. */
int sessions_end(const char *user, char *why, size_t n);
