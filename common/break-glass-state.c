/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "break-glass-state.h"

#define PARENT_DIR "/var/lib/ssmreset"
#define STATE_MAX 4096
#define LOCK_FILE BREAK_GLASS_DIR "/.lock"

int break_glass_state_path(const char *user, char *buf, size_t n)
{
        size_t len = strlen(user);

        if (len == 0 || len > 32 || user[0] == '.' || user[0] == '-')
                return -EINVAL;
        for (size_t i = 0; i < len; i++) {
                char c = user[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-' || (c == '$' && i == len - 1)))
                        return -EINVAL;
        }
        return (size_t) snprintf(buf, n, "%s/%s", BREAK_GLASS_DIR, user) < n ? 0 : -ENAMETOOLONG;
}

/* A folder of root's that nobody else may write. */
static int check_dir(const char *dir, mode_t mode, char *why, size_t n)
{
        struct stat st;

        if (mkdir(dir, mode) < 0 && errno != EEXIST) {
                snprintf(why, n, "cannot make the folder %s: %s", dir, strerror(errno));
                return -errno;
        }
        if (lstat(dir, &st) < 0) {
                snprintf(why, n, "cannot examine %s: %s", dir, strerror(errno));
                return -errno;
        }
        if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
                snprintf(why, n, "%s is not a folder of root's that only root can write: remove it (it is made again)",
                         dir);
                return -EPERM;
        }
        return 0;
}

int break_glass_state_ready(char *why, size_t n)
{
        int r = check_dir(PARENT_DIR, 0755, why, n);

        if (r == 0)
                r = check_dir(BREAK_GLASS_DIR, 0700, why, n);
        if (r == 0 && access(BREAK_GLASS_DIR, W_OK) < 0) {
                r = -errno;
                snprintf(why, n, "%s cannot be written: %s", BREAK_GLASS_DIR, strerror(errno));
        }
        return r;
}

int break_glass_state_lock(char *why, size_t n)
{
        struct timespec pause = { 0, 20 * 1000 * 1000 };
        int fd, r;

        if ((r = break_glass_state_ready(why, n)) < 0)
                return r;
        fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
        if (fd < 0) {
                r = -errno;
                snprintf(why, n, "cannot open %s: %s", LOCK_FILE, strerror(errno));
                return r;
        }
        /* Holders are ssmreset runs of root's, each for a few milliseconds
         * (a session's for one systemd-run call at most): a bounded wait. */
        for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) < 0; waited += 20) {
                if (errno != EWOULDBLOCK && errno != EINTR) {
                        r = -errno;
                        snprintf(why, n, "cannot lock %s: %s", LOCK_FILE, strerror(errno));
                        close(fd);
                        return r;
                }
                if (waited >= BREAK_GLASS_LOCK_WAIT_MS) {
                        snprintf(why, n, "%s is still locked by another ssmreset after %d s", LOCK_FILE,
                                 BREAK_GLASS_LOCK_WAIT_MS / 1000);
                        close(fd);
                        return -ETIMEDOUT;
                }
                nanosleep(&pause, NULL);
        }
        return fd;
}

void break_glass_state_unlock(int fd)
{
        if (fd >= 0)
                close(fd);
}

/* Each key once: its bit in *seen. */
static int parse_line(char *line, struct break_glass_state *s, unsigned *seen)
{
        static const char *const keys[] = { "version", "grace", "stored", "end_sessions", "armed_at",
                                            "due",     "id",    "unit",   "trigger" };
        char *eq = strchr(line, '='), *v, *end;
        unsigned bit = 0;
        long long num;

        if (!eq)
                return -EINVAL;
        *eq = '\0';
        v = eq + 1;
        for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
                if (strcmp(line, keys[i]) == 0)
                        bit = 1u << i;
        if (!bit || (*seen & bit))
                return -EINVAL;
        *seen |= bit;
        errno = 0;
        num = strtoll(v, &end, 10);
        bool is_num = *v >= '0' && *v <= '9' && !*end && !errno;

#define TEXT(key, field)                                                                                               \
        if (strcmp(line, key) == 0) {                                                                                  \
                if (strlen(v) >= sizeof s->field)                                                                      \
                        return -EINVAL;                                                                                \
                strcpy(s->field, v);                                                                                   \
                return 0;                                                                                              \
        }
        if (strcmp(line, "version") == 0)
                return is_num && num == 1 ? 0 : -EINVAL;
        if (strcmp(line, "grace") == 0 && is_num && num >= 1 && num <= 86400) {
                s->grace_s = (unsigned) num;
                return 0;
        }
        if (strcmp(line, "end_sessions") == 0 && (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)) {
                s->end_sessions = strcmp(v, "yes") == 0;
                return 0;
        }
        if (strcmp(line, "armed_at") == 0 && is_num) {
                s->armed_at = num;
                return 0;
        }
        if (strcmp(line, "due") == 0 && is_num) {
                s->due = num;
                return 0;
        }
        TEXT("stored", stored)
        TEXT("id", id)
        TEXT("unit", unit)
        TEXT("trigger", trigger)
#undef TEXT
        return -EINVAL;
}

int break_glass_state_read(const char *user, struct break_glass_state *ret, char *why, size_t n)
{
        struct break_glass_state s = { 0 };
        char path[256], buf[STATE_MAX + 1], *line, *save = NULL;
        unsigned seen = 0;
        struct stat st;
        ssize_t len;
        int fd, r;

        if ((r = break_glass_state_path(user, path, sizeof path)) < 0) {
                snprintf(why, n, "'%s' is not a name a break-glass state is kept for", user);
                return r;
        }
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
                r = -errno;
                if (r == -ELOOP)
                        snprintf(why, n,
                                 "the break-glass state %s is a symbolic link, which ssmreset never writes: remove it "
                                 "and reset the account again",
                                 path);
                else if (r != -ENOENT)
                        snprintf(why, n, "cannot read the break-glass state %s: %s", path, strerror(errno));
                return r;
        }
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
                close(fd);
                snprintf(why, n,
                         "the break-glass state %s is not a regular file that only root can write: remove it "
                         "and reset the account again",
                         path);
                return -EINVAL;
        }
        len = read(fd, buf, sizeof buf);
        close(fd);
        if (len < 0 || len > STATE_MAX) {
                snprintf(why, n, "cannot read the break-glass state %s: %s", path,
                         len < 0 ? strerror(errno) : "too long");
                return -EINVAL;
        }
        buf[len] = '\0';
        if (memchr(buf, '\0', (size_t) len)) {
                snprintf(why, n,
                         "the break-glass state %s holds a NUL byte ssmreset did not write: remove it and reset "
                         "the account again",
                         path);
                return -EINVAL;
        }
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                if (line[0] == '#')
                        continue;
                if (parse_line(line, &s, &seen) < 0) {
                        snprintf(why, n,
                                 "the break-glass state %s holds a line ssmreset did not write: remove it "
                                 "and reset the account again",
                                 path);
                        return -EINVAL;
                }
        }
        if ((seen & 7) != 7 || strlen(s.stored) != STORED_DIGEST_HEX ||
            (s.id[0] && strlen(s.id) != BREAK_GLASS_ID_LEN)) {
                snprintf(why, n, "the break-glass state %s is incomplete: remove it and reset the account again", path);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

int break_glass_state_write(const char *user, const struct break_glass_state *s, char *why, size_t n)
{
        char path[256], tmp[300], text[STATE_MAX];
        int fd, len, r;

        if ((r = break_glass_state_path(user, path, sizeof path)) < 0) {
                snprintf(why, n, "'%s' is not a name a break-glass state is kept for", user);
                return r;
        }
        if ((r = break_glass_state_ready(why, n)) < 0)
                return r;
        len = snprintf(text, sizeof text,
                       "# The break-glass password of %s (ssmreset, pam_ssmreset(8)); ssmreset writes this file.\n"
                       "version=1\ngrace=%u\nend_sessions=%s\narmed_at=%lld\nstored=%s\nid=%s\ndue=%lld\nunit=%s\n"
                       "trigger=%s\n",
                       user, s->grace_s, s->end_sessions ? "yes" : "no", s->armed_at, s->stored, s->id, s->due, s->unit,
                       s->trigger);
        if (len < 0 || (size_t) len >= sizeof text || strchr(s->trigger, '\n') || strchr(s->unit, '\n'))
                return -EINVAL;
        snprintf(tmp, sizeof tmp, "%s/.%s.new", BREAK_GLASS_DIR, user);
        unlink(tmp);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
                r = -errno;
                snprintf(why, n, "cannot write the break-glass state %s: %s", tmp, strerror(errno));
                return r;
        }
        errno = EIO;
        if (write(fd, text, (size_t) len) != len || fsync(fd) < 0) {
                r = -errno;
                close(fd);
                snprintf(why, n, "cannot write the break-glass state %s: %s", tmp, strerror(-r));
                unlink(tmp);
                return r;
        }
        if (close(fd) < 0 || rename(tmp, path) < 0) {
                r = -errno;
                snprintf(why, n, "cannot write the break-glass state %s: %s", path, strerror(errno));
                unlink(tmp);
                return r;
        }
        if ((fd = open(BREAK_GLASS_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
                (void) fsync(fd);
                close(fd);
        }
        return 0;
}

int break_glass_state_remove(const char *user)
{
        char path[256];
        int r = break_glass_state_path(user, path, sizeof path);

        if (r < 0)
                return r;
        return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
}
