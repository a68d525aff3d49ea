/* Safe edits of /etc/shadow: under the shadow lock, through a new file
 * renamed over the old one, as shadow-utils and pam_unix do. */
#pragma once

#include <sys/types.h>

/* What lckpwdf() locks and every writer of the account files honours. */
#define SHADOW_LOCK_FILE "/etc/.pwd.lock"

/* Takes the shadow lock with a bounded wait: lckpwdf() waits 15 s per try
 * and pam_unix tries 100 times, so a process that keeps the lock (vipw, a
 * stuck tool) would hold a reset for 25 minutes. Tries again after 1 ms, then
 * twice as long each time up to 10 ms, until timeout_ms has passed. Returns a
 * descriptor that holds the lock, -EBUSY when another process still holds it
 * (its pid in *ret_holder, 0 when unknown), or -errno.
 *
 * The lock is a POSIX record lock, owned by the process: lckpwdf() called
 * later in this process (pam_unix, further down the stack) is granted at
 * once, and its ulckpwdf() releases ours too. */
int shadow_lock_take(unsigned timeout_ms, pid_t *ret_holder);
/* Drops the lock, if this process still holds it, and closes fd. */
void shadow_lock_release(int fd);

/* Can /etc take a new copy of /etc/shadow (pam_unix writes /etc/nshadow in
 * full before it renames it)? A write that fails there reaches the
 * application as PAM_AUTHTOK_ERR, the code of a refused password, so it is
 * checked before. Returns 0, -EROFS, -ENOSPC, or -errno. */
int shadow_room_check(void);

/* Sets the last-change field of user to day (0: change at next login),
 * under the shadow lock taken within lock_timeout_ms. Returns 0, -ENOENT when
 * user has no line, -EBUSY when the lock cannot be taken (*ret_holder as with
 * shadow_lock_take()), or -errno. */
int shadow_set_last_change(const char *user, long day, unsigned lock_timeout_ms, pid_t *ret_holder);
