/* SPDX-License-Identifier: Apache-2.0 */
/* One try of a reset, as a transaction on the account files, safe beside
 * every other writer on the host:
 *
 *   begin    notes, from here on, every write this process makes to
 *            /etc/shadow, /etc/passwd and the password history files
 *            (stack-writes.h), with each file's bytes before and after;
 *   (the PAM stack runs, and writes what it writes)
 *   verify   is the stored hash a strong hash of the new password? One hash,
 *            computed without the shadow lock;
 *   finish   under the shadow lock, the stored hash is still the one
 *            verified (a string comparison, no hash); --expire is written;
 *            the lock is released; then the faillock tallies are emptied,
 *            their records kept: a tally belongs to its user, who can hold
 *            its lock, so it is never waited on with the shadow lock held;
 *   undo     a try that did not end CHANGED takes back exactly its own
 *            writes: under the shadow lock, each file's write is undone on
 *            top of what the file holds now (account-undo.h), so that a
 *            change anyone made meanwhile (a new password, chage, a failed
 *            login, another account's line) stays; then the tallies get back
 *            the records this try removed, in front of any added since.
 *
 * Every lock is waited on for at most the plan's lock_timeout_ms, and a
 * holder that outlasts it is named. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "faillock-tally.h"
#include "history-files.h"
#include "os/backend.h"
#include "stack-writes.h"

/* What the local policy asks of the rest of a reset (the module tells it:
 * common/pam-protocol.h). */
struct reset_plan {
        bool expire;
        bool keep_faillock;
        const char *faillock_dir; /* NULL: faillock.conf's and the PAM lines' */
        unsigned lock_timeout_ms;
        unsigned break_glass_s; /* the account is a break-glass account of the policy: its grace; 0: not */
        bool end_sessions;      /* the policy's scramble ends its sessions */
};

struct account_txn {
        const char *user;
        struct history_files history;
        struct stack_writes writes;
        char *verified_hash; /* the stored hash verify() found to be the new password's */
        struct {
                char dir[PATH_MAX];
                void *records; /* what emptying the tally removed */
                size_t len;
        } tally[FAILLOCK_MAX_DIRS];
        size_t n_tally;
};

/* Starts noting the account files' writes for user (the string must outlive
 * the transaction). Returns 0, or -errno with the cause in err (the history
 * files cannot be found). */
int account_txn_begin(struct account_txn *t, const char *user, char *err, size_t errlen);

/* Is the stored hash (/etc/shadow, else /etc/passwd) a hash of password by
 * a strong method (verify-crypt.h)? Computes one hash and takes no lock.
 * Returns 1 (the hash is kept for account_txn_finish()), 0 when it is not a
 * hash of password, -EKEYREJECTED when it is but by a weak method (named in
 * method), or -errno when it cannot be read. */
int account_txn_verify_hash(struct account_txn *t, const char *password, char *method, size_t n);

/* After account_txn_verify_hash() returned 1: under the shadow lock, checks the
 * stored hash is still the verified one and expires the password if the plan
 * says so; then empties the faillock tallies unless the plan keeps them.
 * Sets out->expired and out->faillock_cleared, or out->status to
 * SSR_SYSTEM_ERROR with the reason (the caller then undoes the try). */
void account_txn_finish(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out);

/* The hash account_txn_verify_hash() verified, or NULL. */
const char *account_txn_verified_hash(const struct account_txn *t);

/* Takes back what this try wrote (see the top of this file). Sets
 * out->rolled_back when it wrote something and all of it is gone; when
 * something stays (a lock not granted in time, a write that cannot be told
 * apart from a later one, a failed write), out becomes SSR_SYSTEM_ERROR with
 * a reason that names what stays, and out->changed says whether the new
 * password is still the account's. Nothing happens for a try that wrote
 * nothing. */
void account_txn_undo(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out);

/* Stops noting and wipes and frees what the transaction holds. */
void account_txn_end(struct account_txn *t);
