/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-file.h"
#include "account-state.h"
#include "shadow-lock.h"
#include "verify-crypt.h"

#define SHADOW_FILE "/etc/shadow"
#define PASSWD_FILE "/etc/passwd"

static int read_line(const char *path, const char *user, char **ret)
{
        int r = account_file_line(path, user, ret);

        return r == -ENOENT ? 0 : r;
}

int account_state_take(const char *user, struct account_state *ret, char *err, size_t errlen)
{
        struct account_state s = { 0 };
        struct faillock_dirs dirs;
        const char *path = SHADOW_FILE;
        int r;

        if ((r = history_files_find(SSMRESET_PAM_CONFDIR, SSMRESET_PAM_SERVICE, &s.history_files, err, errlen)) < 0)
                return r;
        if ((r = read_line(SHADOW_FILE, user, &s.shadow)) == 0)
                r = read_line(path = PASSWD_FILE, user, &s.passwd);
        for (size_t i = 0; r == 0 && i < s.history_files.n; i++)
                r = read_line(path = s.history_files.path[i], user, &s.history[i]);
        if (r < 0) {
                snprintf(err, errlen, "cannot read %s: %s", path, strerror(-r));
                account_state_free(&s);
                return r;
        }
        if ((r = faillock_dirs_find(NULL, SSMRESET_PAM_CONFDIR, &dirs, err, errlen)) < 0) {
                account_state_free(&s);
                return r;
        }
        for (size_t i = 0; i < dirs.n; i++) {
                snprintf(s.tally[i].dir, sizeof s.tally[i].dir, "%s", dirs.dir[i]);
                r = faillock_tally_read(dirs.dir[i], user, &s.tally[i].records, &s.tally[i].len);
                s.n_tally = i + 1;
                if (r < 0) {
                        snprintf(err, errlen, "cannot read the faillock tally of %s in %s: %s", user, dirs.dir[i],
                                 strerror(-r));
                        account_state_free(&s);
                        return r;
                }
        }
        *ret = s;
        return 0;
}

void account_state_free(struct account_state *s)
{
        account_file_line_free(s->shadow);
        account_file_line_free(s->passwd);
        for (size_t i = 0; i < HISTORY_MAX_FILES; i++)
                account_file_line_free(s->history[i]);
        for (size_t i = 0; i < s->n_tally; i++)
                free(s->tally[i].records);
        *s = (struct account_state){ 0 };
}

/* Field number field (from 0) of a colon line, in buf. */
static const char *field(const char *line, int field, char *buf, size_t n)
{
        const char *p = line, *end;

        if (!line)
                return NULL;
        for (int i = 0; i < field; i++) {
                p = strchr(p, ':');
                if (!p)
                        return NULL;
                p++;
        }
        end = strchr(p, ':');
        if ((size_t) (end ? end - p : (long) strlen(p)) >= n)
                return NULL;
        snprintf(buf, n, "%.*s", (int) (end ? end - p : (long) strlen(p)), p);
        return buf;
}

const char *account_state_hash(const struct account_state *s, char *buf, size_t n)
{
        return field(s->shadow, 1, buf, n);
}

static bool same(const char *a, const char *b)
{
        return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Does line (shadow or passwd) hold a hash of password that was not there
 * before? */
static bool holds_new_hash(const char *before, const char *now, const char *password)
{
        char h[512], old[512];

        if (same(before, now) || !field(now, 1, h, sizeof h))
                return false;
        if (field(before, 1, old, sizeof old) && strcmp(old, h) == 0)
                return false;
        return verify_password_hash(password, h) == 1;
}

/* line without its field number 1 (the password), in buf. */
static const char *without_password(const char *line, char *buf, size_t n)
{
        const char *first = strchr(line, ':'), *second = first ? strchr(first + 1, ':') : NULL;

        if (!second || (size_t) snprintf(buf, n, "%.*s%s", (int) (first - line + 1), line, second) >= n)
                return NULL;
        return buf;
}

/* pam_unix writes "x" into /etc/passwd once the hash is in /etc/shadow. */
static bool passwd_marked_shadowed(const char *before, const char *now)
{
        char pw[512], a[4096], b[4096];

        if (same(before, now) || !before || !now || !field(now, 1, pw, sizeof pw) || strcmp(pw, "x") != 0)
                return false;
        return without_password(before, a, sizeof a) && without_password(now, b, sizeof b) && strcmp(a, b) == 0;
}

/* The history line gained the account's previous hash at its end. */
static bool history_gained(const char *before, const char *now, const char *previous_hash)
{
        size_t n, h;

        if (same(before, now) || !now || !previous_hash || !*previous_hash)
                return false;
        n = strlen(now);
        h = strlen(previous_hash);
        return n > h && strcmp(now + n - h, previous_hash) == 0 && (now[n - h - 1] == ',' || now[n - h - 1] == ':');
}

struct line_file {
        const char *path;
        const char *before;
        bool (*ours)(const struct line_file *f, const char *now, const char *password);
        const char *previous_hash;
};

static bool shadow_ours(const struct line_file *f, const char *now, const char *password)
{
        return holds_new_hash(f->before, now, password);
}

static bool passwd_ours(const struct line_file *f, const char *now, const char *password)
{
        return holds_new_hash(f->before, now, password) || passwd_marked_shadowed(f->before, now);
}

static bool history_ours(const struct line_file *f, const char *now, const char *password)
{
        return history_gained(f->before, now, f->previous_hash);
}

int account_state_restore(const struct account_state *s, const char *user, const char *password, bool tally_cleared,
                          unsigned lock_timeout_ms, struct account_restore *ret)
{
        char previous[512];
        struct line_file files[2 + HISTORY_MAX_FILES] = {
                { SHADOW_FILE, s->shadow, shadow_ours, NULL },
                { PASSWD_FILE, s->passwd, passwd_ours, NULL },
        };
        size_t n_files = 2;
        bool touched[2 + HISTORY_MAX_FILES] = { false }, any = false;
        pid_t holder = 0;
        int fd = -1, r = 0;

        for (size_t i = 0; i < s->history_files.n; i++)
                files[n_files++] = (struct line_file){ s->history_files.path[i], s->history[i], history_ours,
                                                       account_state_hash(s, previous, sizeof previous) };
        *ret = (struct account_restore){ 0 };
        /* Look first, without the lock: most failed tries wrote nothing. */
        for (size_t i = 0; i < n_files; i++) {
                char *now = NULL;

                if (read_line(files[i].path, user, &now) < 0)
                        touched[i] = true; /* cannot tell: look again under the lock */
                else
                        touched[i] = files[i].ours(&files[i], now, password);
                account_file_line_free(now);
                any |= touched[i];
        }
        ret->changed = any || (tally_cleared && s->n_tally > 0);
        if (!ret->changed)
                return 0;

        if (any) {
                fd = shadow_lock_take(lock_timeout_ms, &holder);
                if (fd < 0) {
                        char who[64];
                        shadow_lock_describe_holder(holder, who, sizeof who);
                        snprintf(ret->error, sizeof ret->error,
                                 "cannot take the shadow lock to put the account back: %s",
                                 fd == -EBUSY ? who : strerror(-fd));
                        return fd;
                }
        }
        for (size_t i = 0; i < n_files && r == 0; i++) {
                char *now = NULL;

                if (!touched[i])
                        continue;
                if ((r = read_line(files[i].path, user, &now)) < 0)
                        break;
                if (files[i].ours(&files[i], now, password))
                        r = account_file_replace_line(files[i].path, user, files[i].before);
                account_file_line_free(now);
                if (r < 0)
                        snprintf(ret->error, sizeof ret->error, "cannot put %s back: %s", files[i].path, strerror(-r));
        }
        if (fd >= 0)
                shadow_lock_release(fd);
        for (size_t i = 0; i < s->n_tally && r == 0 && tally_cleared; i++) {
                r = faillock_tally_restore(s->tally[i].dir, user, s->tally[i].records, s->tally[i].len);
                if (r == -ENOENT)
                        r = 0;
                if (r < 0)
                        snprintf(ret->error, sizeof ret->error, "cannot put the faillock tally in %s back: %s",
                                 s->tally[i].dir, strerror(-r));
        }
        ret->restored = r == 0;
        return r;
}
