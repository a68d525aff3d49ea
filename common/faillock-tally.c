/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faillock-tally.h"
#include "lock-holder.h"
#include "lock-wait.h"
#include "module-conf.h"
#include "pam-stack.h"

#define TALLY_MAX (1024 * 1024)

static void add_dir(struct faillock_dirs *d, const char *dir)
{
        for (size_t i = 0; i < d->n; i++)
                if (strcmp(d->dir[i], dir) == 0)
                        return;
        if (d->n < FAILLOCK_MAX_DIRS && strlen(dir) < sizeof d->dir[0])
                snprintf(d->dir[d->n++], sizeof d->dir[0], "%s", dir);
}

/* "dir=" on the pam_faillock.so lines of every service in confdir. */
static int line_dirs(const char *confdir, struct faillock_dirs *ret, char *err, size_t errlen)
{
        const char *dirs[] = { confdir, PAM_VENDOR_DIR, NULL };
        DIR *d = opendir(confdir);
        struct dirent *e;
        int r = 0;

        if (!d)
                return errno == ENOENT ? 0 : -errno;
        while (r == 0 && (e = readdir(d))) {
                static const char *const types[] = { "auth", "account", NULL };

                if (e->d_name[0] == '.' || e->d_type == DT_DIR)
                        continue;
                for (const char *const *t = types; *t && r == 0; t++) {
                        struct pam_stack stack;
                        int q = pam_stack_read(dirs, e->d_name, *t, &stack, err, errlen);

                        if (q < 0) {
                                /* A broken service is libpam's problem and not ours to refuse on. */
                                err[0] = '\0';
                                continue;
                        }
                        for (size_t i = 0; i < stack.n; i++) {
                                const char *v = pam_stack_arg(&stack.lines[i], "dir=");
                                if (strcmp(pam_stack_module_name(&stack.lines[i]), "pam_faillock.so") == 0 && v &&
                                    v[0] == '/')
                                        add_dir(ret, v);
                        }
                        pam_stack_free(&stack);
                }
        }
        closedir(d);
        return r;
}

int faillock_dirs_find(const char *explicit_dir, const char *pam_confdir, struct faillock_dirs *ret, char *err,
                       size_t errlen)
{
        char conf[PATH_MAX];
        int r;

        *ret = (struct faillock_dirs){ 0 };
        err[0] = '\0';
        if (explicit_dir) {
                add_dir(ret, explicit_dir);
                return 0;
        }
        /* faillock.conf's "dir = /path", else the default. */
        if ((r = module_conf_value(FAILLOCK_CONF, "dir", conf, sizeof conf, err, errlen)) < 0)
                return r;
        add_dir(ret, r == 1 && conf[0] == '/' ? conf : FAILLOCK_DEFAULT_DIR);
        return line_dirs(pam_confdir, ret, err, errlen);
}

/* user's tally file in dir, open and locked as pam_faillock locks it, with
 * the bounded wait of lock-wait.h; -ENOENT when there is none. */
static int open_locked(const char *dir, const char *user, int flags, unsigned timeout_ms, pid_t *ret_holder)
{
        char path[PATH_MAX];
        struct lock_wait wait;
        struct stat st;
        unsigned tries = 0;
        int fd, r;

        *ret_holder = 0;
        if (strchr(user, '/') || (size_t) snprintf(path, sizeof path, "%s/%s", dir, user) >= sizeof path)
                return -EINVAL;
        fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                r = S_ISREG(st.st_mode) ? -errno : -EINVAL;
                close(fd);
                return r;
        }
        lock_wait_start(&wait, timeout_ms);
        while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                if (errno != EWOULDBLOCK && errno != EINTR) {
                        r = -errno;
                        close(fd);
                        return r;
                }
                /* Who holds it takes a read of /proc/locks: every 20th try. */
                if (tries++ % 20 == 0)
                        *ret_holder = flock_holder(fd);
                if (lock_wait_next(&wait, *ret_holder) < 0) {
                        *ret_holder = flock_holder(fd);
                        close(fd);
                        return -EBUSY;
                }
        }
        return fd;
}

static int read_all(int fd, void **ret, size_t *ret_len)
{
        struct stat st;
        char *buf;
        size_t got = 0;

        *ret = NULL;
        *ret_len = 0;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (st.st_size > TALLY_MAX)
                return -EFBIG;
        if (st.st_size == 0)
                return 0;
        buf = malloc((size_t) st.st_size);
        if (!buf)
                return -ENOMEM;
        while (got < (size_t) st.st_size) {
                ssize_t n = pread(fd, buf + got, (size_t) st.st_size - got, (off_t) got);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        int r = n < 0 ? -errno : -EIO;
                        free(buf);
                        return r;
                }
                got += (size_t) n;
        }
        *ret = buf;
        *ret_len = got;
        return 0;
}

int faillock_tally_read(const char *dir, const char *user, unsigned timeout_ms, void **ret, size_t *ret_len,
                        pid_t *ret_holder)
{
        int fd = open_locked(dir, user, O_RDONLY, timeout_ms, ret_holder), r;

        *ret = NULL;
        *ret_len = 0;
        if (fd == -ENOENT)
                return 0;
        if (fd < 0)
                return fd;
        r = read_all(fd, ret, ret_len);
        close(fd);
        return r;
}

int faillock_tally_take(const char *dir, const char *user, unsigned timeout_ms, void **ret, size_t *ret_len,
                        pid_t *ret_holder)
{
        int fd = open_locked(dir, user, O_RDWR, timeout_ms, ret_holder), r;

        *ret = NULL;
        *ret_len = 0;
        if (fd == -ENOENT)
                return 0;
        if (fd < 0)
                return fd;
        r = read_all(fd, ret, ret_len);
        if (r == 0 && *ret_len > 0 && (ftruncate(fd, 0) < 0 || fsync(fd) < 0))
                r = -errno;
        if (r < 0) {
                free(*ret);
                *ret = NULL;
                *ret_len = 0;
        }
        close(fd);
        return r < 0 ? r : *ret_len > 0;
}

int faillock_tally_restore(const char *dir, const char *user, const void *records, size_t len, unsigned timeout_ms,
                           pid_t *ret_holder)
{
        void *now = NULL;
        size_t now_len = 0, off = 0;
        char *all;
        int fd, r;

        *ret_holder = 0;
        if (len == 0)
                return 0;
        fd = open_locked(dir, user, O_RDWR, timeout_ms, ret_holder);
        if (fd == -ENOENT)
                return 0;
        if (fd < 0)
                return fd;
        if ((r = read_all(fd, &now, &now_len)) < 0) {
                close(fd);
                return r;
        }
        all = malloc(len + now_len);
        if (!all) {
                free(now);
                close(fd);
                return -ENOMEM;
        }
        memcpy(all, records, len);
        if (now_len)
                memcpy(all + len, now, now_len);
        while (off < len + now_len) {
                ssize_t n = pwrite(fd, all + off, len + now_len - off, (off_t) off);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        r = n < 0 ? -errno : -EIO;
                        break;
                }
                off += (size_t) n;
        }
        if (r == 0 && fsync(fd) < 0)
                r = -errno;
        free(all);
        free(now);
        close(fd);
        return r;
}
