/* Finds the session worker among our ancestors through /proc. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "os/session.h"
#include "session-procfs.h"

#define MAX_DEPTH 64

static ssize_t read_file(const char *proc, pid_t pid, const char *what, char *buf, size_t n)
{
        char path[PATH_MAX];
        ssize_t total = 0, r;
        int fd;

        if ((size_t) snprintf(path, sizeof path, "%s/%d/%s", proc, (int) pid, what) >= sizeof path)
                return -ENAMETOOLONG;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        while ((size_t) total < n - 1 && (r = read(fd, buf + total, n - 1 - (size_t) total)) > 0)
                total += r;
        close(fd);
        buf[total] = '\0';
        return total;
}

static pid_t parent_of(const char *proc, pid_t pid)
{
        char stat[512];
        const char *close_paren;
        int ppid;

        if (read_file(proc, pid, "stat", stat, sizeof stat) < 0)
                return -1;
        /* The command name may itself contain ')' and spaces. */
        close_paren = strrchr(stat, ')');
        if (!close_paren || sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
                return -1;
        return ppid;
}

int session_find_worker_in(const char *proc, pid_t pid, char *buf, size_t n)
{
        for (int depth = 0; pid > 1 && depth < MAX_DEPTH; depth++) {
                char cmdline[4096];
                ssize_t len = read_file(proc, pid, "cmdline", cmdline, sizeof cmdline);

                if (len > 0 && session_is_worker_name(cmdline)) {
                        size_t argv0_len = strlen(cmdline);
                        const char *arg1;

                        if ((size_t) len <= argv0_len + 1)
                                return -EINVAL;
                        arg1 = cmdline + argv0_len + 1;
                        if (!session_token_valid(arg1) || strlen(arg1) >= n)
                                return -EINVAL;
                        strcpy(buf, arg1);
                        return 0;
                }
                pid = parent_of(proc, pid);
        }
        return -ENOENT;
}

int session_find_worker_id(char *buf, size_t n)
{
        return session_find_worker_in("/proc", getppid(), buf, n);
}
