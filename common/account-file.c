/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if HAVE_SELINUX
#include <selinux/selinux.h>
#endif

#include "account-file.h"

#define TEMP_INFIX ".ssmreset-"

static bool is_users_line(const char *line, const char *user, size_t ulen)
{
        return strncmp(line, user, ulen) == 0 && line[ulen] == ':';
}

int account_file_open(const char *path)
{
        struct stat st;
        int fd, r;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                r = -errno;
        else if (!S_ISREG(st.st_mode))
                r = -EINVAL;
        else if (fcntl(fd, F_SETFL, 0) < 0)
                r = -errno;
        else
                return fd;
        close(fd);
        return r;
}

int account_file_stream(const char *path, FILE **ret)
{
        int fd = account_file_open(path), r;

        *ret = NULL;
        if (fd < 0)
                return fd;
        if (!(*ret = fdopen(fd, "r"))) {
                r = -errno;
                close(fd);
                return r;
        }
        return 0;
}

void account_file_line_free(char *line)
{
        if (line) {
                explicit_bzero(line, strlen(line));
                free(line);
        }
}

int account_file_line(const char *path, const char *user, char **ret_line)
{
        size_t ulen = strlen(user), cap = 0;
        char *line = NULL, *found = NULL;
        ssize_t n;
        FILE *f;
        int r;

        *ret_line = NULL;
        if ((r = account_file_stream(path, &f)) < 0)
                return r;
        r = -ENOENT;
        while ((n = getline(&line, &cap, f)) > 0) {
                if (!is_users_line(line, user, ulen))
                        continue;
                line[strcspn(line, "\n")] = '\0';
                found = strdup(line);
                r = found ? 0 : -ENOMEM;
                break;
        }
        if (r == -ENOENT && ferror(f))
                r = -EIO;
        if (line) {
                explicit_bzero(line, cap);
                free(line);
        }
        fclose(f);
        *ret_line = found;
        return r;
}

int account_text_line(const char *text, const char *user, char **ret_line)
{
        size_t ulen = strlen(user);

        *ret_line = NULL;
        for (const char *p = text; p && *p;) {
                const char *nl = strchr(p, '\n');

                if (is_users_line(p, user, ulen)) {
                        *ret_line = strndup(p, nl ? (size_t) (nl - p) : strlen(p));
                        return *ret_line ? 0 : -ENOMEM;
                }
                p = nl ? nl + 1 : NULL;
        }
        return -ENOENT;
}

/* The whole of fd, read before anything is written: a read error must never
 * leave a short copy to rename over the file. */
static int read_fd(int fd, char **ret, size_t *ret_len)
{
        char *buf = NULL, *grown;
        size_t len = 0, cap = 0;

        for (;;) {
                ssize_t n;

                if (cap - len < 4096) {
                        size_t more = cap ? cap * 2 : 65536;

                        if (cap > ACCOUNT_FILE_MAX) {
                                account_file_free(buf, cap);
                                return -EFBIG;
                        }
                        if (!(grown = malloc(more))) {
                                account_file_free(buf, cap);
                                return -ENOMEM;
                        }
                        /* Moved by hand: realloc() would leave the old copy unwiped. */
                        if (buf)
                                memcpy(grown, buf, len);
                        account_file_free(buf, cap);
                        buf = grown;
                        cap = more;
                }
                n = read(fd, buf + len, cap - len - 1);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        account_file_free(buf, cap);
                        return -EIO;
                }
                if (n == 0)
                        break;
                len += (size_t) n;
        }
        buf[len] = '\0';
        *ret = buf;
        *ret_len = len;
        return 0;
}

int account_file_read(const char *path, char **ret, size_t *ret_len)
{
        int fd = account_file_open(path), r;

        *ret = NULL;
        *ret_len = 0;
        if (fd < 0)
                return fd;
        r = read_fd(fd, ret, ret_len);
        close(fd);
        return r;
}

void account_file_free(char *text, size_t len)
{
        if (text) {
                explicit_bzero(text, len);
                free(text);
        }
}

#if HAVE_SELINUX
/* With SELinux enforcing, a file must be born with its label (as pam_unix's
 * passverify.c does): a relabel afterwards needs rights root may lack. */
static int create_context_begin(const char *path)
{
        char *con = NULL;
        int r;

        if (is_selinux_enabled() <= 0)
                return 0;
        if (getfilecon(path, &con) < 0)
                return errno == ENODATA || errno == ENOTSUP ? 0 : -errno;
        r = setfscreatecon(con) < 0 ? -errno : 0;
        freecon(con);
        return r;
}

static void create_context_end(void)
{
        if (is_selinux_enabled() > 0)
                (void) setfscreatecon(NULL);
}

/* The new file carries the old one's label, SELinux on or off. */
static int copy_context(int from, int to)
{
        char *con = NULL, *now = NULL;
        int r = 0;

        if (fgetfilecon(from, &con) < 0)
                return errno == ENODATA || errno == ENOTSUP ? 0 : -errno;
        if (fgetfilecon(to, &now) < 0 || strcmp(con, now) != 0)
                r = fsetfilecon(to, con) < 0 ? -errno : 0;
        freecon(now);
        freecon(con);
        return r;
}
#else
static int create_context_begin(const char *path)
{
        return 0;
}

static void create_context_end(void)
{
}

static int copy_context(int from, int to)
{
        return 0;
}
#endif

static int fsync_folder(const char *path)
{
        char copy[PATH_MAX];
        int fd, r;

        if ((size_t) snprintf(copy, sizeof copy, "%s", path) >= sizeof copy)
                return -ENAMETOOLONG;
        fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        r = fsync(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

/* Removes the copies of path an earlier run left in folder: named as
 * account_file_write() names them, regular files owned by root. */
static void remove_stale_copies(const char *folder, const char *base)
{
        char prefix[NAME_MAX + 1];
        struct dirent *e;
        DIR *d;
        int dfd;

        if ((size_t) snprintf(prefix, sizeof prefix, ".%s" TEMP_INFIX, base) >= sizeof prefix)
                return;
        if (!(d = opendir(folder)))
                return;
        dfd = dirfd(d);
        while ((e = readdir(d))) {
                struct stat st;

                if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || strlen(e->d_name) != strlen(prefix) + 6)
                        continue;
                if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0)
                        (void) unlinkat(dfd, e->d_name, 0);
        }
        closedir(d);
}

static int write_all(int fd, const char *text, size_t len)
{
        while (len > 0) {
                ssize_t n = write(fd, text, len);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
                text += n;
                len -= (size_t) n;
        }
        return 0;
}

int account_file_write(const char *path, const char *text, size_t len)
{
        char tmp[PATH_MAX], folder[PATH_MAX], name[PATH_MAX];
        const char *base;
        struct stat st;
        int fd_old, fd = -1, r;

        fd_old = account_file_open(path);
        if (fd_old < 0)
                return fd_old;
        if (fstat(fd_old, &st) < 0) {
                r = -errno;
                goto done;
        }
        snprintf(folder, sizeof folder, "%s", path);
        snprintf(name, sizeof name, "%s", path);
        base = basename(name);
        if ((size_t) snprintf(tmp, sizeof tmp, "%s/.%s" TEMP_INFIX "XXXXXX", dirname(folder), base) >= sizeof tmp) {
                r = -ENAMETOOLONG;
                goto done;
        }
        remove_stale_copies(folder, base);
        if ((r = create_context_begin(path)) < 0)
                goto done;
        fd = mkostemp(tmp, O_CLOEXEC);
        r = fd < 0 ? -errno : 0;
        create_context_end();
        if (r < 0)
                goto done;
        if ((r = write_all(fd, text, len)) < 0)
                goto fail;
        if (fchown(fd, st.st_uid, st.st_gid) < 0 || fchmod(fd, st.st_mode & 07777) < 0) {
                r = -errno;
                goto fail;
        }
        if ((r = copy_context(fd_old, fd)) < 0)
                goto fail;
        if (fsync(fd) < 0) {
                r = -errno;
                goto fail;
        }
        r = close(fd) == 0 ? 0 : -errno;
        fd = -1;
        if (r < 0)
                goto fail;
        if (rename(tmp, path) < 0) {
                r = -errno;
                goto fail;
        }
        r = fsync_folder(path);
        goto done;
fail:
        if (fd >= 0)
                close(fd);
        (void) unlink(tmp);
done:
        close(fd_old);
        return r;
}

/* text with user's first line replaced, dropped (line NULL) or added at the
 * end, in a new buffer of *ret_cap bytes. */
static int with_line(const char *text, size_t len, const char *user, const char *line, char **ret, size_t *ret_len,
                     size_t *ret_cap)
{
        size_t ulen = strlen(user), llen = line ? strlen(line) : 0, cap = len + llen + 3, n = 0;
        const char *p = text, *end = text + len;
        bool done = false;
        char *out = malloc(cap);

        if (!out)
                return -ENOMEM;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));
                size_t k = nl ? (size_t) (nl - p) + 1 : (size_t) (end - p);

                if (!done && (size_t) (end - p) > ulen && is_users_line(p, user, ulen)) {
                        done = true;
                        if (line) {
                                memcpy(out + n, line, llen);
                                n += llen;
                                out[n++] = '\n';
                        }
                } else {
                        memcpy(out + n, p, k);
                        n += k;
                }
                p += k;
        }
        if (!done && line) {
                /* A last line without its newline gets one first. */
                if (len > 0 && text[len - 1] != '\n')
                        out[n++] = '\n';
                memcpy(out + n, line, llen);
                n += llen;
                out[n++] = '\n';
        }
        *ret = out;
        *ret_len = n;
        *ret_cap = cap;
        return 0;
}

int account_file_replace_line(const char *path, const char *user, const char *line)
{
        char *text = NULL, *edited = NULL;
        size_t len = 0, edited_len = 0, edited_cap = 0;
        int r;

        if ((r = account_file_read(path, &text, &len)) < 0)
                return r;
        r = with_line(text, len, user, line, &edited, &edited_len, &edited_cap);
        account_file_free(text, len);
        if (r < 0)
                return r;
        r = account_file_write(path, edited, edited_len);
        account_file_free(edited, edited_cap);
        return r;
}
