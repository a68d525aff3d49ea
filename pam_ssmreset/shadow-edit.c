#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shadow-edit.h"

#define SHADOW_FILE "/etc/shadow"
#define NSHADOW_FILE "/etc/nshadow"
#define LOCK_TRIES 10

/* Writes line with its third field replaced. */
static int write_with_last_change(FILE *out, const char *line, long day)
{
        const char *p = line;

        for (int field = 0; field < 2; field++) {
                p = strchr(p, ':');
                if (!p)
                        return -EINVAL;
                p++;
        }
        const char *rest = strchr(p, ':');
        if (!rest)
                return -EINVAL;
        if (fprintf(out, "%.*s%ld%s", (int) (p - line), line, day, rest) < 0)
                return -EIO;
        return 0;
}

static int rewrite(const char *user, long day)
{
        size_t ulen = strlen(user), cap = 0;
        char *line = NULL;
        struct stat st;
        FILE *in, *out;
        int fd, r = -ENOENT;

        in = fopen(SHADOW_FILE, "re");
        if (!in)
                return -errno;
        if (fstat(fileno(in), &st) < 0) {
                r = -errno;
                fclose(in);
                return r;
        }
        (void) unlink(NSHADOW_FILE);   /* a leftover of a killed writer; we hold the lock */
        fd = open(NSHADOW_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
                r = -errno;
                fclose(in);
                return r;
        }
        out = fdopen(fd, "w");
        if (!out) {
                r = -errno;
                close(fd);
                goto fail;
        }
        while (getline(&line, &cap, in) > 0) {
                if (strncmp(line, user, ulen) == 0 && line[ulen] == ':') {
                        if ((r = write_with_last_change(out, line, day)) < 0)
                                goto fail;
                } else if (fputs(line, out) < 0) {
                        r = -EIO;
                        goto fail;
                }
        }
        if (r == -ENOENT)
                goto fail;
        if (fflush(out) != 0 || fchown(fileno(out), st.st_uid, st.st_gid) < 0 ||
            fchmod(fileno(out), st.st_mode & 07777) < 0 || fsync(fileno(out)) < 0) {
                r = -errno;
                goto fail;
        }
        if (fclose(out) != 0) {
                out = NULL;
                r = -errno;
                goto fail;
        }
        out = NULL;
        if (rename(NSHADOW_FILE, SHADOW_FILE) < 0) {
                r = -errno;
                goto fail;
        }
        r = 0;
fail:
        if (out)
                fclose(out);
        if (r < 0)
                (void) unlink(NSHADOW_FILE);
        if (line) {
                explicit_bzero(line, cap);
                free(line);
        }
        fclose(in);
        return r;
}

int shadow_set_last_change(const char *user, long day)
{
        int r, tries;

        for (tries = 0; lckpwdf() != 0; tries++)
                if (tries >= LOCK_TRIES)
                        return -EBUSY;
        r = rewrite(user, day);
        ulckpwdf();
        return r;
}
