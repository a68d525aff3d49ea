/* SPDX-License-Identifier: Apache-2.0 */
/* The shadow lock: what lckpwdf(3) locks and every writer of the account
 * files (shadow-utils, pam_unix, ssmreset) honours. */
#pragma once

#include <sys/types.h>

#define SHADOW_LOCK_FILE "/etc/.pwd.lock"

/* Takes the shadow lock with a bounded wait: lckpwdf() waits 15 s per try
 * and pam_unix tries 100 times, so a process that keeps the lock (vipw, a
 * stuck tool) would hold a reset for 25 minutes. Here no holder may keep it
 * for longer than timeout_ms, and the whole wait, however many take their
 * turn, lasts at most LOCK_WAIT_TURNS times that (lock-wait.h). Returns a
 * descriptor that holds the lock, -EBUSY when another process kept it too
 * long (its pid in *ret_holder, 0 when unknown; lock-holder.h names it), -EINVAL
 * when the lock file is not a regular file (a FIFO there would block every
 * writer that opens it), or -errno. The file is opened without blocking.
 *
 * The lock is a POSIX record lock, owned by the process: lckpwdf() called
 * later in this process (pam_unix, further down the stack) is granted at
 * once, and its ulckpwdf() releases ours too. */
int shadow_lock_take(unsigned timeout_ms, pid_t *ret_holder);
/* Drops the lock, if this process still holds it, and closes fd. */
void shadow_lock_release(int fd);
