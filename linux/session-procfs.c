/* SPDX-License-Identifier: Apache-2.0 */
/* Finds the session worker among our ancestors through /proc. Only a
 * worker that runs as root from the agent's own executable counts, and the
 * walk ends at the first ancestor that is not root: a process anyone can
 * start may call itself ssm-session-worker and name another requester. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
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

/* Are the real and the effective user of pid root ("Uid:" of PID/status)? */
static bool runs_as_root(const char *proc, pid_t pid)
{
        char status[4096];
        const char *uid;
        unsigned long real, effective;

        if (read_file(proc, pid, "status", status, sizeof status) < 0 || !(uid = strstr(status, "\nUid:")))
                return false;
        return sscanf(uid + 5, "%lu %lu", &real, &effective) == 2 && real == 0 && effective == 0;
}

/* The agent's worker as its packages install it: /usr/bin for the deb and
 * the rpm, /snap/amazon-ssm-agent/REVISION/ for the snap. */
bool session_worker_exe_trusted(const char *exe)
{
        static const char snap[] = "/snap/amazon-ssm-agent/";
        const char *rev, *slash;

        if (strcmp(exe, "/usr/bin/" SESSION_WORKER_NAME) == 0)
                return true;
        if (strncmp(exe, snap, sizeof snap - 1) != 0)
                return false;
        rev = exe + sizeof snap - 1;
        slash = strchr(rev, '/');
        return slash && slash > rev && strcmp(slash + 1, SESSION_WORKER_NAME) == 0;
}

static bool is_agents_worker(const char *proc, pid_t pid)
{
        char path[PATH_MAX], exe[PATH_MAX];
        ssize_t len;

        if ((size_t) snprintf(path, sizeof path, "%s/%d/exe", proc, (int) pid) >= sizeof path)
                return false;
        len = readlink(path, exe, sizeof exe - 1);
        if (len <= 0)
                return false;
        exe[len] = '\0';
        return session_worker_exe_trusted(exe);
}

int session_find_worker_in(const char *proc, pid_t pid, char *buf, size_t n)
{
        for (int depth = 0; pid > 1 && depth < MAX_DEPTH; depth++) {
                char cmdline[4096];
                ssize_t len;

                if (!runs_as_root(proc, pid))
                        return -ENOENT; /* nobody above a non-root process vouches for it */
                len = read_file(proc, pid, "cmdline", cmdline, sizeof cmdline);
                if (len > 0 && session_is_worker_name(cmdline) && is_agents_worker(proc, pid)) {
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
