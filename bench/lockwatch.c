/* SPDX-License-Identifier: Apache-2.0 */
/* lockwatch OUT: watches /proc/locks for POSIX locks on the shadow lock
 * (/etc/.pwd.lock, matched by its inode) every 100 microseconds until
 * SIGTERM, then writes one line per process that held it to OUT:
 *   PID HELD_US HOLDS
 * HELD_US is how long the process was seen holding the lock in all, HOLDS
 * how many separate times. A hold shorter than the polling period can be
 * missed or counted as one period: the figure is for comparing contenders
 * on the same machine, to about 0.1 ms. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_PIDS 256

static volatile sig_atomic_t stop;
static struct {
        int pid;
        long long held_ns, since_ns;
        unsigned holds;
        int holding;
} seen[MAX_PIDS];
static int n_seen;

static void on_term(int sig __attribute__((unused)))
{
        stop = 1;
}

static long long now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int slot(int pid)
{
        for (int i = 0; i < n_seen; i++)
                if (seen[i].pid == pid)
                        return i;
        if (n_seen == MAX_PIDS)
                return -1;
        seen[n_seen].pid = pid;
        return n_seen++;
}

int main(int argc, char **argv)
{
        char want[64], line[256];
        struct stat st;
        FILE *out;

        if (argc != 2 || stat("/etc/.pwd.lock", &st) < 0) {
                fprintf(stderr, "usage: lockwatch OUT (and /etc/.pwd.lock must exist)\n");
                return 2;
        }
        snprintf(want, sizeof want, ":%llu", (unsigned long long) st.st_ino);
        signal(SIGTERM, on_term);
        printf("watching\n");
        fflush(stdout);
        while (!stop) {
                FILE *f = fopen("/proc/locks", "re");
                long long t = now_ns();
                int holder = 0;

                while (f && fgets(line, sizeof line, f)) {
                        char kind[16], id[96];
                        int pid;

                        if (!strstr(line, "->") && sscanf(line, "%*d: %15s %*s %*s %d %95s", kind, &pid, id) == 3 &&
                            strcmp(kind, "POSIX") == 0 && strlen(id) > strlen(want) &&
                            strcmp(id + strlen(id) - strlen(want), want) == 0)
                                holder = pid;
                }
                if (f)
                        fclose(f);
                for (int i = 0; i < n_seen; i++)
                        if (seen[i].holding && seen[i].pid != holder) {
                                seen[i].held_ns += t - seen[i].since_ns;
                                seen[i].holding = 0;
                        }
                if (holder) {
                        int i = slot(holder);
                        if (i >= 0 && !seen[i].holding) {
                                seen[i].holding = 1;
                                seen[i].since_ns = t;
                                seen[i].holds++;
                        }
                }
                nanosleep(&(struct timespec){ .tv_nsec = 100000 }, NULL);
        }
        if (!(out = fopen(argv[1], "we")))
                return 1;
        for (int i = 0; i < n_seen; i++) {
                if (seen[i].holding)
                        seen[i].held_ns += now_ns() - seen[i].since_ns;
                fprintf(out, "%d %lld %u\n", seen[i].pid, seen[i].held_ns / 1000, seen[i].holds);
        }
        return fclose(out) == 0 ? 0 : 1;
}
