/* SPDX-License-Identifier: Apache-2.0 */
/* pam_faillock's tallies of failed logins (Linux-PAM 1.5, faillock(8)): one
 * file of records per account in the tally folder, each change made under
 * the lock pam_faillock itself takes (flock(2) LOCK_EX on the tally file). */
#pragma once

#include <limits.h>
#include <stddef.h>

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

/* user's tally in dir as it is (the records, raw), malloc'ed, under the
 * lock. Returns 0 (*ret NULL and *ret_len 0 when there is no tally), or
 * -errno. */
int faillock_tally_read(const char *dir, const char *user, void **ret, size_t *ret_len);
/* Empties user's tally in dir under the lock, as `faillock --reset` does.
 * Returns 1 when it held records, 0 when there was none to clear, -errno. */
int faillock_tally_clear(const char *dir, const char *user);
/* Puts records (from faillock_tally_read()) back in front of what user's
 * tally in dir holds now, under the lock: undoes a clear without losing
 * failures recorded since. Returns 0 or -errno. */
int faillock_tally_restore(const char *dir, const char *user, const void *records, size_t len);
