/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent-probe.h"

#define SNAP_YAML "/snap/amazon-ssm-agent/current/meta/snap.yaml"

static bool snap_version(char *version, size_t n)
{
        char line[256];
        FILE *f = fopen(SNAP_YAML, "re");
        bool found = false;

        if (!f)
                return false;
        while (!found && fgets(line, sizeof line, f))
                if (strncmp(line, "version:", 8) == 0) {
                        char *v = line + 8;
                        while (*v == ' ' || *v == '\'' || *v == '"')
                                v++;
                        v[strcspn(v, "'\"\n ")] = '\0';
                        snprintf(version, n, "%.100s", v);
                        found = version[0] != '\0';
                }
        fclose(f);
        return found;
}

/* Package databases are their tools' business (dpkg's files are an internal
 * interface, rpm's are not text): ask the query tool, without a shell. */
static bool query_tool(const char *path, char *const argv[], char *out, size_t n)
{
        char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
        posix_spawn_file_actions_t fa;
        int pipefd[2], status;
        ssize_t len = 0, r;
        pid_t pid;

        out[0] = '\0';
        if (access(path, X_OK) != 0 || pipe2(pipefd, O_CLOEXEC) < 0)
                return false;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        r = posix_spawn(&pid, path, &fa, NULL, argv, envp);
        posix_spawn_file_actions_destroy(&fa);
        close(pipefd[1]);
        if (r != 0) {
                close(pipefd[0]);
                return false;
        }
        while ((size_t) len < n - 1 && (r = read(pipefd[0], out + len, n - 1 - (size_t) len)) > 0)
                len += r;
        close(pipefd[0]);
        out[len] = '\0';
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return false;
        return len > 0;
}

/* The status comes first: a package removed but not purged is not installed. */
static bool dpkg_version(const char *package, char *version, size_t n)
{
        char *argv[] = { "dpkg-query", "-W", "-f", "${db:Status-Status} ${Version}", (char *) package, NULL };
        static const char installed[] = "installed ";
        char out[160];

        version[0] = '\0';
        if (!query_tool("/usr/bin/dpkg-query", argv, out, sizeof out) ||
            strncmp(out, installed, sizeof installed - 1) != 0)
                return false;
        snprintf(version, n, "%.100s", out + sizeof installed - 1);
        return version[0] != '\0';
}

static bool rpm_version(const char *package, char *version, size_t n)
{
        char *argv[] = { "rpm", "-q", "--qf", "%{VERSION}", (char *) package, NULL };

        return query_tool("/usr/bin/rpm", argv, version, n) && isdigit((unsigned char) version[0]);
}

bool agent_running(void)
{
        DIR *d = opendir("/proc");
        struct dirent *e;
        bool found = false;

        if (!d)
                return false;
        while (!found && (e = readdir(d))) {
                char path[300], argv0[PATH_MAX];
                ssize_t r;
                int fd;

                if (!isdigit((unsigned char) e->d_name[0]))
                        continue;
                snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        continue;
                r = read(fd, argv0, sizeof argv0 - 1);
                close(fd);
                if (r <= 0)
                        continue;
                argv0[r] = '\0';
                const char *base = strrchr(argv0, '/');
                found = strcmp(base ? base + 1 : argv0, AGENT_NAME) == 0;
        }
        closedir(d);
        return found;
}

const char *agent_installed(char *version, size_t n)
{
        if (dpkg_version(AGENT_NAME, version, n))
                return "deb package";
        if (rpm_version(AGENT_NAME, version, n))
                return "rpm package";
        if (snap_version(version, n))
                return "snap";
        version[0] = '\0';
        return NULL;
}
