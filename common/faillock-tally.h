/* SPDX-License-Identifier: Apache-2.0 */
/* pam_faillock's tallies of failed logins (Linux-PAM 1.5, faillock(8)): one
 * file of records per account in the tally folder, each change made under
 * the lock pam_faillock itself takes (flock(2) LOCK_EX on the tally file). */
#pragma once

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#define FAILLOCK_CONF "/etc/security/faillock.conf"
#define FAILLOCK_DEFAULT_DIR "/var/run/faillock"
#define FAILLOCK_MAX_DIRS 8

struct faillock_dirs {
        char dir[FAILLOCK_MAX_DIRS][PATH_MAX];
        size_t n;
};

/* The tally folders in use. With explicit (the module's faillock_dir=)
 * that folder alone; otherwise faillock.conf's "dir" (FAILLOCK_DEFAULT_DIR
 * when unset) and every "dir=" given on a pam_faillock.so line of the PAM
 * services in pam_confdir (see pam-stack.h), each once. Returns 0, or -errno
 * when faillock.conf or a service cannot be read (a missing faillock.conf is
 * fine), with the file named in err. */
int faillock_dirs_find(const char *explicit_dir, const char *pam_confdir, struct faillock_dirs *ret, char *err,
                       size_t errlen);

/* The tallies' own lock is flock(2) LOCK_EX on the tally file, which
 * pam_faillock creates owned by the account's user: the user can hold it. So
 * it is never waited on without bound: each function below waits as
 * lock-wait.h says (no holder for longer than timeout_ms), and then returns
 * -EBUSY with the holder's pid in *ret_holder (0 when /proc/locks does not
 * say). A tally that is not a regular file is
 * -EINVAL; it is opened without blocking (O_NONBLOCK, O_NOFOLLOW). */

/* user's tally in dir as it is (the records, raw), malloc'ed. Returns 0
 * (*ret NULL and *ret_len 0 when there is no tally), or -errno. */
int faillock_tally_read(const char *dir, const char *user, unsigned timeout_ms, void **ret, size_t *ret_len,
                        pid_t *ret_holder);
/* Empties user's tally in dir, as `faillock --reset` does, and hands back
 * the records it held (malloc'ed; NULL and 0 when there were none), so that
 * faillock_tally_restore() can undo exactly this. Returns 1 when it held
 * records, 0 when there was none to clear, or -errno (nothing changed). */
int faillock_tally_take(const char *dir, const char *user, unsigned timeout_ms, void **ret, size_t *ret_len,
                        pid_t *ret_holder);
/* Puts records (from faillock_tally_take()) back in front of what user's
 * tally in dir holds now: undoes a clear without losing failures recorded
 * since. A tally removed since stays removed (its owner removed it).
 * Returns 0 or -errno. */
int faillock_tally_restore(const char *dir, const char *user, const void *records, size_t len, unsigned timeout_ms,
                           pid_t *ret_holder);
