/* SPDX-License-Identifier: Apache-2.0 */
/* What the Linux backend does about break-glass passwords once a reset has
 * stored and verified a new password (hook/os/break-glass.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* After a reset of user stored and verified hash: cancels the scramble
 * that was pending for the account, if any (*ret_cancelled), and, when
 * grace_s is not 0, arms the new password to close grace_s seconds after
 * its first session (ending the account's sessions too with end_sessions).
 * The state file is the commitment and is written first: 0, or -errno with
 * why set, and then the reset must be taken back. A timer that cannot be
 * stopped is harmless (its scramble finds another id, and does nothing). */
int break_glass_arm(const char *user, const char *hash, unsigned grace_s, bool end_sessions, bool *ret_cancelled,
                    char *why, size_t n);
