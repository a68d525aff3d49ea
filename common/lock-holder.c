/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-holder.h"

pid_t flock_holder(int fd)
{
        char line[256], want[96];
        struct stat st;
        pid_t found = 0;
        FILE *f;

        if (fstat(fd, &st) < 0)
                return 0;
        /* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; waiters' lines
         * carry "->" after the number. */
        /* The inode alone: over overlayfs the lock sits on the real file,
         * whose device is not the one stat() shows. */
        snprintf(want, sizeof want, ":%llu", (unsigned long long) st.st_ino);
        if (!(f = fopen("/proc/locks", "re")))
                return 0;
        while (!found && fgets(line, sizeof line, f)) {
                char kind[16], mode[16], access[16], id[96];
                int pid;

                if (strstr(line, "->"))
                        continue;
                if (sscanf(line, "%*d: %15s %15s %15s %d %95s", kind, mode, access, &pid, id) == 5 &&
                    strcmp(kind, "FLOCK") == 0 && strlen(id) > strlen(want) &&
                    strcmp(id + strlen(id) - strlen(want), want) == 0)
                        found = pid;
        }
        fclose(f);
        return found;
}

void lock_holder_describe(pid_t pid, char *buf, size_t n)
{
        char path[64], name[32];
        ssize_t len = -1;
        int fd;

        if (pid <= 0) {
                snprintf(buf, n, "another process");
                return;
        }
        snprintf(path, sizeof path, "/proc/%d/comm", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
                len = read(fd, name, sizeof name - 1);
                close(fd);
        }
        name[len > 0 ? len : 0] = '\0';
        name[strcspn(name, "\n")] = '\0';
        for (char *p = name; *p; p++)
                if (!isprint((unsigned char) *p) || (unsigned char) *p > 0x7E)
                        *p = '?';
        snprintf(buf, n, "process %d (%s)", (int) pid, name[0] ? name : "?");
}
