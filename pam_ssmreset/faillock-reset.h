/* Clears pam_faillock's tally of an account, as `faillock --reset` does. */
#pragma once

/* dir: the tally directory, or NULL for faillock.conf's "dir", else
 * /var/run/faillock. Returns 0 (also when there is no tally) or -errno. */
int faillock_reset(const char *dir, const char *user);
