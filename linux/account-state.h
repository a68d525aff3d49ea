/* SPDX-License-Identifier: Apache-2.0 */
/* What one try of a reset may change, taken before the try and put back
 * after one that did not end CHANGED: the account's lines in /etc/shadow,
 * /etc/passwd and the password history (/etc/security/opasswd and any other
 * history file pam_pwhistory is told to use), and its faillock tallies. Only what the try's PAM stack wrote is put back: a line
 * counts as the stack's when it holds a hash of the try's password (shadow,
 * passwd), or when it gained the account's previous hash (history, as
 * pam_pwhistory and pam_unix remember= append it); tallies are put back
 * when the finish line reported clearing them. Every other change, by
 * anyone else, stays. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "faillock-tally.h"
#include "history-files.h"

struct account_state {
        char *shadow; /* the account's lines before the try; NULL: it had none */
        char *passwd;
        struct history_files history_files;
        char *history[HISTORY_MAX_FILES];
        struct {
                char dir[PATH_MAX];
                void *records;
                size_t len;
        } tally[FAILLOCK_MAX_DIRS];
        size_t n_tally;
};

/* What account_state_restore() found and did. */
struct account_restore {
        bool changed;    /* the stack had written something of this try */
        bool restored;   /* and all of it was put back */
        char error[256]; /* why not, for people, when changed && !restored */
};

/* Reads the account's lines and tallies. Returns 0, or -errno with the file
 * named in err. Free with account_state_free(). */
int account_state_take(const char *user, struct account_state *ret, char *err, size_t errlen);
void account_state_free(struct account_state *s);

/* The shadow hash the account had before the try; NULL without a line. */
const char *account_state_hash(const struct account_state *s, char *buf, size_t n);

/* After a try with password that did not end CHANGED: puts back, under the
 * shadow lock (waiting at most lock_timeout_ms), each line the try's stack
 * changed, and the tallies when tally_cleared. Fills *ret. Returns 0 when
 * nothing was left changed, or -errno (ret->error says what stays). */
int account_state_restore(const struct account_state *s, const char *user, const char *password, bool tally_cleared,
                          unsigned lock_timeout_ms, struct account_restore *ret);
