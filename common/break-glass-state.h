/* SPDX-License-Identifier: Apache-2.0 */
/* The state of a break-glass password (hook/os/break-glass.h), one file per
 * account in BREAK_GLASS_DIR, root's alone: written by ssmreset when a reset
 * arms the password and when a session schedules its scramble, removed by
 * the scramble or by the next reset; looked for by pam_ssmreset.so's session
 * line. Kept in /var/lib, not /run: an armed password stays armed across a
 * reboot, and a scramble whose timer a reboot lost is scheduled again at the
 * next session. Lines "key=value", read strictly: a file ssmreset did not
 * write, or not as root's alone, is refused, never guessed at. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "stored-hash.h"

#define BREAK_GLASS_DIR "/var/lib/ssmreset/break-glass"
#define BREAK_GLASS_ID_LEN 16

struct break_glass_state {
        unsigned grace_s;                   /* the grace period, seconds */
        bool end_sessions;                  /* the scramble ends the account's sessions too */
        long long armed_at;                 /* when the reset set the password (seconds since 1970) */
        char stored[STORED_DIGEST_HEX + 1]; /* the digest of the hash the reset stored */
        char id[BREAK_GLASS_ID_LEN + 1];    /* the scheduled scramble; "": armed, not scheduled */
        long long due;                      /* when it is due (seconds since 1970) */
        char unit[160];                     /* the scheduler's name for it */
        char trigger[400];                  /* what triggered it, in words, one line */
};

/* The state file of user into buf. -EINVAL when user is not a name a file
 * may be made of (letters, digits, '.', '_', '-', a trailing '$', not
 * beginning with '.' or '-', 1 to 32 bytes): a name from PAM is checked
 * before it becomes a path. */
int break_glass_state_path(const char *user, char *buf, size_t n);

/* Reads user's state. Returns 0, -ENOENT when there is none, -EINVAL when
 * the file is not a regular file of root's that only root can write, or
 * does not read as one ssmreset wrote (why says which and the fix), or
 * -errno. */
int break_glass_state_read(const char *user, struct break_glass_state *ret, char *why, size_t n);

/* Writes user's state whole (a new file renamed into place, synced), making
 * the folder when missing. Returns 0 or -errno with why set. */
int break_glass_state_write(const char *user, const struct break_glass_state *s, char *why, size_t n);

/* Removes user's state. 0 also when there was none, or -errno. */
int break_glass_state_remove(const char *user);

/* Takes the lock of the states (flock(2) on a file in BREAK_GLASS_DIR,
 * which only root can open): every read-then-write of a state (a reset
 * arming it, a session scheduling its scramble, a scramble ending) holds it,
 * so that none of them acts on a state another has just replaced. Waits at
 * most BREAK_GLASS_LOCK_WAIT_MS. Returns the descriptor to give
 * break_glass_state_unlock(), or -ETIMEDOUT or -errno with why set. */
#define BREAK_GLASS_LOCK_WAIT_MS (30 * 1000)
int break_glass_state_lock(char *why, size_t n);

/* Releases it; a negative fd is fine. */
void break_glass_state_unlock(int fd);

/* Can states be written (the folder made, or there and root's alone)?
 * 0, or -errno with why set. */
int break_glass_state_ready(char *why, size_t n);
