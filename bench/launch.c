/* SPDX-License-Identifier: Apache-2.0 */
/* launch: starts one contender and measures it from outside.
 *
 *   launch [-t] RESULT_FD PROGRAM [ARG...]
 *
 * Forks, execs PROGRAM with the standard descriptors it was given, waits for
 * it with wait4() and writes two lines to RESULT_FD:
 *   "pid PID"                 as soon as the child exists
 *   "done WALL_NS STATUS UTIME_US STIME_US MAXRSS_KIB MINFLT MAJFLT NVCSW NIVCSW T0_NS T1_NS"
 * WALL_NS runs from just before fork() to wait4()'s return (CLOCK_MONOTONIC;
 * T0/T1 are the raw clock values). -t: the child becomes a session leader
 * with standard input as its controlling terminal, as under a session agent.
 *
 * Why a separate program: ru_maxrss of a child counts the memory of the
 * process it was forked from until exec. Forked from the Python driver, every
 * contender would "use" the driver's megabytes; forked from this small
 * program (linked statically when possible) it costs a few hundred KiB at most,
 * and /bin/true shows that floor. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
        int tty = 0, i = 1, fd, status;
        struct rusage ru;
        long long t0, t1;
        pid_t pid;

        if (i < argc && strcmp(argv[i], "-t") == 0) {
                tty = 1;
                i++;
        }
        if (argc - i < 2) {
                fprintf(stderr, "usage: launch [-t] RESULT_FD PROGRAM [ARG...]\n");
                return 2;
        }
        fd = atoi(argv[i++]);
        if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
                perror("launch: result fd");
                return 2;
        }
        t0 = now_ns();
        pid = fork();
        if (pid < 0) {
                perror("launch: fork");
                return 2;
        }
        if (pid == 0) {
                if (tty && (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0))
                        _exit(126);
                execv(argv[i], argv + i);
                _exit(127);
        }
        dprintf(fd, "pid %d\n", (int) pid);
        while (wait4(pid, &status, 0, &ru) < 0)
                if (errno != EINTR) {
                        perror("launch: wait4");
                        return 2;
                }
        t1 = now_ns();
        dprintf(fd, "done %lld %d %ld %ld %ld %ld %ld %ld %ld %lld %lld\n", t1 - t0, status,
                (long) (ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec),
                (long) (ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec), ru.ru_maxrss, ru.ru_minflt, ru.ru_majflt,
                ru.ru_nvcsw, ru.ru_nivcsw, t0, t1);
        return 0;
}
