/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account-file.h"
#include "stack-writes.h"

static struct stack_writes *armed;

void stack_writes_arm(struct stack_writes *log, const char *const *paths, size_t n)
{
        *log = (struct stack_writes){ 0 };
        for (size_t i = 0; i < n && i < STACK_WRITES_MAX_FILES; i++)
                log->paths[log->n_paths++] = paths[i];
        armed = log;
}

void stack_writes_disarm(void)
{
        armed = NULL;
}

static const char *watched(const struct stack_writes *log, const char *path)
{
        for (size_t i = 0; log && path && i < log->n_paths; i++)
                if (strcmp(log->paths[i], path) == 0)
                        return log->paths[i];
        return NULL;
}

/* The whole of an open file, from its start. */
static int read_open(int fd, char **ret, size_t *ret_len)
{
        char path[64];

        /* Through /proc: reads the very file fd holds, even once it is
         * unlinked or renamed over. */
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        return account_file_read(path, ret, ret_len);
}

static void note(struct stack_writes *log, const char *path, int fd_before, int fd_after)
{
        struct stack_write w = { .path = path };
        int r = 0;

        if (log->n == STACK_WRITES_MAX)
                r = -E2BIG;
        else if (fd_after < 0)
                r = fd_after;
        else if ((r = read_open(fd_after, &w.after, &w.after_len)) == 0 && fd_before != -ENOENT)
                r = fd_before < 0 ? fd_before : read_open(fd_before, &w.before, &w.before_len);
        if (r < 0) {
                account_file_free(w.before, w.before_len);
                account_file_free(w.after, w.after_len);
                if (!log->incomplete)
                        log->incomplete = r;
                return;
        }
        log->writes[log->n++] = w;
}

static int open_quietly(const char *path)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

        return fd < 0 ? -errno : fd;
}

/* The program's rename(), which the PAM modules call too (see the header). */
int rename(const char *from, const char *to)
{
        const char *path = watched(armed, to);
        int fd_before, fd_after, r, saved;

        if (!path)
                return renameat(AT_FDCWD, from, AT_FDCWD, to);
        /* Both held across the rename: the old file stays readable once
         * replaced, and the new one is read as it was renamed in. */
        fd_before = open_quietly(to);
        fd_after = open_quietly(from);
        r = renameat(AT_FDCWD, from, AT_FDCWD, to);
        saved = errno;
        if (r == 0)
                note(armed, path, fd_before, fd_after);
        if (fd_before >= 0)
                close(fd_before);
        if (fd_after >= 0)
                close(fd_after);
        errno = saved;
        return r;
}

void stack_writes_free(struct stack_writes *log)
{
        if (armed == log)
                armed = NULL;
        for (size_t i = 0; i < log->n; i++) {
                account_file_free(log->writes[i].before, log->writes[i].before_len);
                account_file_free(log->writes[i].after, log->writes[i].after_len);
        }
        log->n = 0;
}
