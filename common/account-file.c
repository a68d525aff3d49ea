/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

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

/* Far beyond any real /etc/shadow; a larger file is refused, not truncated. */
#define ACCOUNT_FILE_MAX (256 * 1024 * 1024)

static bool is_users_line(const char *line, const char *user, size_t ulen)
{
        return strncmp(line, user, ulen) == 0 && line[ulen] == ':';
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
        int r = -ENOENT;

        *ret_line = NULL;
        f = fopen(path, "re");
        if (!f)
                return -errno;
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

/* The whole file, read before anything is written: a read error must never
 * leave a short copy to rename over it. */
static int read_whole(FILE *in, char **ret, size_t *ret_len, size_t *ret_cap)
{
        char *buf = NULL, *grown;
        size_t len = 0, cap = 0, n;

        for (;;) {
                if (cap - len < 4096) {
                        if (cap > ACCOUNT_FILE_MAX) {
                                free(buf);
                                return -EFBIG;
                        }
                        cap = cap ? cap * 2 : 65536;
                        if (!(grown = realloc(buf, cap))) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = grown;
                }
                n = fread(buf + len, 1, cap - len - 1, in);
                len += n;
                if (n == 0)
                        break;
        }
        if (ferror(in)) {
                explicit_bzero(buf, cap);
                free(buf);
                return -EIO;
        }
        buf[len] = '\0';
        *ret = buf;
        *ret_len = len;
        *ret_cap = cap;
        return 0;
}

/* Writes text (len bytes) to out with user's first line replaced, dropped
 * (replacement NULL), or added at the end. */
static int write_lines(FILE *out, const char *text, size_t len, const char *user, const char *replacement)
{
        size_t ulen = strlen(user);
        const char *p = text, *end = text + len;
        bool done = false;

        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));
                size_t n = nl ? (size_t) (nl - p) + 1 : (size_t) (end - p);

                if (!done && (size_t) (end - p) > ulen && is_users_line(p, user, ulen)) {
                        done = true;
                        if (replacement && fprintf(out, "%s\n", replacement) < 0)
                                return -EIO;
                } else if (fwrite(p, 1, n, out) != n)
                        return -EIO;
                p += n;
        }
        if (!done && replacement) {
                /* A last line without its newline gets one first. */
                if (len > 0 && text[len - 1] != '\n' && fputc('\n', out) == EOF)
                        return -EIO;
                if (fprintf(out, "%s\n", replacement) < 0)
                        return -EIO;
        }
        return 0;
}

int account_file_replace_line(const char *path, const char *user, const char *line)
{
        char tmp[PATH_MAX], folder[PATH_MAX], *text = NULL;
        size_t text_len = 0, text_cap = 0;
        struct stat st;
        FILE *in = NULL, *out = NULL;
        int fd_in, fd = -1, r;

        fd_in = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd_in < 0)
                return -errno;
        if (fstat(fd_in, &st) < 0) {
                r = -errno;
                close(fd_in);
                return r;
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd_in);
                return -EINVAL;
        }
        in = fdopen(fd_in, "r");
        if (!in) {
                r = -errno;
                close(fd_in);
                return r;
        }
        if ((r = read_whole(in, &text, &text_len, &text_cap)) < 0) {
                fclose(in);
                return r;
        }
        snprintf(folder, sizeof folder, "%s", path);
        if ((size_t) snprintf(tmp, sizeof tmp, "%s/.%s.ssmreset-XXXXXX", dirname(folder),
                              strrchr(path, '/') ? strrchr(path, '/') + 1 : path) >= sizeof tmp) {
                r = -ENAMETOOLONG;
                goto done;
        }
        if ((r = create_context_begin(path)) < 0)
                goto done;
        fd = mkostemp(tmp, O_CLOEXEC);
        r = fd < 0 ? -errno : 0;
        create_context_end();
        if (r < 0)
                goto done;
        out = fdopen(fd, "w");
        if (!out) {
                r = -errno;
                close(fd);
                goto fail;
        }
        if ((r = write_lines(out, text, text_len, user, line)) < 0)
                goto fail;
        if (fflush(out) != 0 || fchown(fd, st.st_uid, st.st_gid) < 0 || fchmod(fd, st.st_mode & 07777) < 0) {
                r = -errno;
                goto fail;
        }
        if ((r = copy_context(fd_in, fd)) < 0)
                goto fail;
        if (fsync(fd) < 0) {
                r = -errno;
                goto fail;
        }
        r = fclose(out) == 0 ? 0 : -errno;
        out = NULL;
        if (r < 0)
                goto fail;
        if (rename(tmp, path) < 0) {
                r = -errno;
                goto fail;
        }
        r = fsync_folder(path);
        goto done;
fail:
        if (out)
                fclose(out);
        (void) unlink(tmp);
done:
        explicit_bzero(text, text_cap);
        free(text);
        fclose(in);
        return r;
}
