/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-file.h"
#include "account-transaction.h"
#include "stored-hash.h"
#include "account-undo.h"
#include "lock-holder.h"
#include "shadow-expire.h"
#include "shadow-lock.h"
#include "verify-crypt.h"

#define SHADOW_FILE "/etc/shadow"
#define PASSWD_FILE "/etc/passwd"

int account_txn_begin(struct account_txn *t, const char *user, char *err, size_t errlen)
{
        const char *paths[2 + HISTORY_MAX_FILES] = { SHADOW_FILE, PASSWD_FILE };
        size_t n = 2;
        int r;

        *t = (struct account_txn){ .user = user };
        if ((r = history_files_find(SSMRESET_PAM_CONFDIR, SSMRESET_PAM_SERVICE, &t->history, err, errlen)) < 0)
                return r;
        for (size_t i = 0; i < t->history.n; i++)
                paths[n++] = t->history.path[i];
        stack_writes_arm(&t->writes, paths, n);
        return 0;
}

const char *account_txn_verified_hash(const struct account_txn *t)
{
        return t->verified_hash;
}

int account_txn_verify_hash(struct account_txn *t, const char *password, char *method, size_t n)
{
        char *hash = NULL;
        int r;

        method[0] = '\0';
        if ((r = stored_hash_read(t->user, &hash)) < 0)
                return r;
        r = verify_password_hash(password, hash);
        if (r == 1 && hash_method_strength(hash, method, n) != HASH_STRONG)
                r = -EKEYREJECTED;
        if (r == 1) {
                stored_hash_free(t->verified_hash);
                t->verified_hash = hash;
                return 1;
        }
        stored_hash_free(hash);
        return r;
}

__attribute__((format(printf, 2, 3))) static void fail(struct ssr_outcome *out, const char *fmt, ...)
{
        char buf[sizeof out->reason];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        out->status = SSR_SYSTEM_ERROR;
        memcpy(out->reason, buf, sizeof buf);
}

/* Why a lock was not had: its holder, or the error. */
static void lock_trouble(int r, pid_t holder, const struct reset_plan *plan, char *buf, size_t n)
{
        char who[64];

        if (r == -EBUSY) {
                lock_holder_describe(holder, who, sizeof who);
                snprintf(buf, n, "locked by %s, still after %u s", who, plan->lock_timeout_ms / 1000);
        } else if (r == -EINVAL)
                snprintf(buf, n, "its lock file %s is not a regular file (rm %s)", SHADOW_LOCK_FILE, SHADOW_LOCK_FILE);
        else
                snprintf(buf, n, "%s", strerror(-r));
}

void account_txn_finish(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out)
{
        struct faillock_dirs dirs;
        char why[256], *hash = NULL;
        pid_t holder;
        int fd, r;

        fd = shadow_lock_take(plan->lock_timeout_ms, &holder);
        if (fd < 0) {
                lock_trouble(fd, holder, plan, why, sizeof why);
                fail(out,
                     "the new password was stored, but the account files (%s) cannot be locked to finish the reset: "
                     "%s",
                     SHADOW_FILE, why);
                return;
        }
        r = stored_hash_read(t->user, &hash);
        if (r < 0 || !t->verified_hash || strcmp(hash, t->verified_hash) != 0) {
                shadow_lock_release(fd);
                stored_hash_free(hash);
                fail(out, "the stored password hash is not one of the new password (another change came in between)");
                return;
        }
        stored_hash_free(hash);
        if (plan->expire) {
                r = shadow_expire(t->user);
                if (r < 0) {
                        shadow_lock_release(fd);
                        fail(out, "the new password could not be set to expire: %s", strerror(-r));
                        return;
                }
                out->expired = true;
        }
        shadow_lock_release(fd);

        if (plan->keep_faillock)
                return;
        if ((r = faillock_dirs_find(plan->faillock_dir, SSMRESET_PAM_CONFDIR, &dirs, why, sizeof why)) < 0) {
                fail(out, "cannot find the faillock tallies to clear: %s", why);
                return;
        }
        for (size_t i = 0; i < dirs.n; i++) {
                void *records = NULL;
                size_t len = 0;

                r = faillock_tally_take(dirs.dir[i], t->user, plan->lock_timeout_ms, &records, &len, &holder);
                if (r == -EBUSY) {
                        lock_holder_describe(holder, why, sizeof why);
                        fail(out, "the faillock tally %s/%s is locked by %s, still after %u s", dirs.dir[i], t->user,
                             why, plan->lock_timeout_ms / 1000);
                        return;
                }
                if (r < 0) {
                        fail(out, "cannot clear the faillock tally %s/%s: %s", dirs.dir[i], t->user,
                             r == -EINVAL ? "not a regular file" : strerror(-r));
                        return;
                }
                if (r > 0) {
                        snprintf(t->tally[t->n_tally].dir, sizeof t->tally[0].dir, "%s", dirs.dir[i]);
                        t->tally[t->n_tally].records = records;
                        t->tally[t->n_tally++].len = len;
                        out->faillock_cleared = true;
                }
        }
}

static const struct undo_rules *rules_for(const char *path)
{
        if (strcmp(path, SHADOW_FILE) == 0)
                return &undo_rules_shadow;
        if (strcmp(path, PASSWD_FILE) == 0)
                return &undo_rules_passwd;
        return &undo_rules_history;
}

/* Notes what stays, the first cause in words. */
__attribute__((format(printf, 3, 4))) static void note_stays(char *stays, size_t n, const char *fmt, ...)
{
        va_list ap;

        if (stays[0])
                return;
        va_start(ap, fmt);
        vsnprintf(stays, n, fmt, ap);
        va_end(ap);
}

/* Undoes one write of the log on top of the file as it is now. */
static void undo_write(const struct stack_write *w, char *stays, size_t n)
{
        struct undo_report report;
        char *now = NULL, *merged = NULL;
        size_t now_len = 0, merged_len = 0;
        int r;

        if ((r = account_file_read(w->path, &now, &now_len)) < 0) {
                note_stays(stays, n, "what it wrote to %s (cannot read it: %s)", w->path, strerror(-r));
                return;
        }
        r = account_undo(w->before, w->before_len, w->after, w->after_len, now, now_len, rules_for(w->path), &merged,
                         &merged_len, &report);
        if (r == -E2BIG)
                note_stays(stays, n, "what it wrote to %s, rewritten since beyond recognition", w->path);
        else if (r < 0)
                note_stays(stays, n, "what it wrote to %s (%s)", w->path, strerror(-r));
        else {
                if (report.stays)
                        note_stays(stays, n, "%s in %s, changed by another writer since", report.what, w->path);
                if ((merged_len != now_len || memcmp(merged, now, now_len) != 0) &&
                    (r = account_file_write(w->path, merged, merged_len)) < 0)
                        note_stays(stays, n, "what it wrote to %s (cannot write it: %s)", w->path, strerror(-r));
        }
        account_file_free(merged, merged_len);
        account_file_free(now, now_len);
}

/* Is the password this try stored still the account's? */
static bool new_password_stays(const struct account_txn *t)
{
        bool stays = false;
        char *now = NULL;

        for (size_t i = t->writes.n; i-- > 0 && !stays;) {
                const struct stack_write *w = &t->writes.writes[i];
                char *line = NULL, *before = NULL, *after = NULL;

                if (strcmp(w->path, SHADOW_FILE) != 0 && strcmp(w->path, PASSWD_FILE) != 0)
                        continue;
                if (account_text_line(w->after, t->user, &line) == 0)
                        after = stored_hash_field(line);
                account_file_line_free(line);
                line = NULL;
                if (w->before && account_text_line(w->before, t->user, &line) == 0)
                        before = stored_hash_field(line);
                account_file_line_free(line);
                line = NULL;
                if (after && (!before || strcmp(after, before) != 0) &&
                    account_file_line(w->path, t->user, &line) == 0 && (now = stored_hash_field(line)) &&
                    strcmp(now, after) == 0)
                        stays = true;
                account_file_line_free(line);
                stored_hash_free(now);
                stored_hash_free(before);
                stored_hash_free(after);
                now = NULL;
        }
        return stays;
}

void account_txn_undo(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out)
{
        char stays[256] = "", why[256];
        bool any = false;
        pid_t holder;
        int fd, r;

        stack_writes_disarm(); /* the put-back's own writes are not the try's */
        if (t->writes.n > 0) {
                any = true;
                fd = shadow_lock_take(plan->lock_timeout_ms, &holder);
                if (fd < 0) {
                        lock_trouble(fd, holder, plan, why, sizeof why);
                        note_stays(stays, sizeof stays, "everything it wrote (the account files are %s)", why);
                } else {
                        for (size_t i = t->writes.n; i-- > 0;)
                                undo_write(&t->writes.writes[i], stays, sizeof stays);
                        shadow_lock_release(fd);
                }
        }
        if (t->writes.incomplete) {
                any = true;
                note_stays(stays, sizeof stays, "a write to the account files that could not be noted (%s)",
                           strerror(-t->writes.incomplete));
        }
        for (size_t i = 0; i < t->n_tally; i++) {
                any = true;
                r = faillock_tally_restore(t->tally[i].dir, t->user, t->tally[i].records, t->tally[i].len,
                                           plan->lock_timeout_ms, &holder);
                if (r == -EBUSY) {
                        lock_holder_describe(holder, why, sizeof why);
                        note_stays(stays, sizeof stays,
                                   "the failed logins it removed from the faillock tally %s/%s (locked by %s, still "
                                   "after %u s)",
                                   t->tally[i].dir, t->user, why, plan->lock_timeout_ms / 1000);
                } else if (r < 0)
                        note_stays(stays, sizeof stays,
                                   "the failed logins it removed from the faillock tally %s/%s (%s)", t->tally[i].dir,
                                   t->user, strerror(-r));
        }
        if (!any)
                return;
        if (!stays[0]) {
                out->rolled_back = true;
                out->changed = false;
                return;
        }
        out->changed = new_password_stays(t);
        snprintf(why, sizeof why, "%.120s", out->reason);
        fail(out, "%s; what the try wrote could not all be put back: %s stays", why, stays);
}

void account_txn_end(struct account_txn *t)
{
        stack_writes_disarm();
        stack_writes_free(&t->writes);
        stored_hash_free(t->verified_hash);
        for (size_t i = 0; i < t->n_tally; i++)
                free(t->tally[i].records);
        *t = (struct account_txn){ 0 };
}
