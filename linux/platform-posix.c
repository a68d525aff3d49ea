/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "os/platform.h"

/* A standard stream the caller closed is opened again, before anything else
 * is: else the next file opened (a new /etc/shadow) would take its number,
 * and what is printed would land in it. Standard output on /dev/full, so
 * that a result nobody can read fails to be written, and says so, rather
 * than vanishing. */
static int reopen_closed_streams(void)
{
        static const char *const devices[] = { "/dev/null", "/dev/full", "/dev/null" };

        for (int fd = 0; fd <= 2; fd++) {
                if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
                        continue;
                int got = open(devices[fd], fd == 0 ? O_RDONLY : O_WRONLY);
                if (got != fd) {
                        if (got >= 0)
                                close(got);
                        return -EBADF;
                }
        }
        return 0;
}

int platform_init(int *argc, char ***argv)
{
        /* A closed session must not kill us before the attempt is recorded. */
        signal(SIGPIPE, SIG_IGN);
        return reopen_closed_streams();
}

/* What each signal did before it was held: a fault of the process's own
 * goes back to it. */
static struct sigaction before_held[_NSIG];

static void held(int sig, siginfo_t *info, void *context)
{
        /* A fault of this process's own (si_code > 0) is not a request: the
         * handling it had before (the default's end, or a sanitizer's
         * report) comes back, and the faulting instruction runs again. */
        if (info && info->si_code > 0 && sig > 0 && sig < _NSIG)
                (void) sigaction(sig, &before_held[sig], NULL);
}

static void hold(int sig, const struct sigaction *sa)
{
        struct sigaction was;

        if (sigaction(sig, sa, &was) == 0 && !((was.sa_flags & SA_SIGINFO) && was.sa_sigaction == held))
                before_held[sig] = was;
}

void platform_hold_interrupts(void)
{
        struct sigaction sa = { .sa_sigaction = held, .sa_flags = SA_RESTART | SA_SIGINFO };
        static const int sigs[] = {
                SIGHUP,  SIGINT, SIGQUIT,   SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
                SIGPOLL, SIGPWR, SIGSTKFLT, SIGSEGV, SIGBUS,  SIGFPE,  SIGILL,  SIGTRAP,   SIGSYS,  SIGABRT,
        };

        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
                hold(sigs[i], &sa);
        for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
                hold(sig, &sa);
}

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd can take more, or the deadline. */
static int wait_writable(int fd, long long deadline)
{
        for (;;) {
                struct pollfd p = { .fd = fd, .events = POLLOUT };
                long long left = deadline - now_ms();
                int n;

                if (left <= 0)
                        return -ETIMEDOUT;
                n = poll(&p, 1, (int) (left > 1000 ? 1000 : left));
                if (n < 0 && errno != EINTR)
                        return -errno;
                if (n > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
                        return -EPIPE;
                if (n > 0)
                        return 0;
        }
}

/* A pipe: until its reader has read everything, or closed its end. */
static int pipe_taken(int fd, long long deadline)
{
        for (;;) {
                struct pollfd p = { .fd = fd, .events = POLLOUT };
                int unread = 0;

                if (ioctl(fd, FIONREAD, &unread) < 0)
                        return -errno;
                if (unread == 0)
                        return 0;
                if (poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP)))
                        return -EPIPE;
                if (now_ms() >= deadline)
                        return -ETIMEDOUT;
                (void) poll(NULL, 0, 5);
        }
}

int platform_deliver(int fd, const void *data, size_t len, unsigned timeout_ms)
{
        const long long deadline = now_ms() + timeout_ms;
        const char *p = data;
        struct stat st;
        int r;

        if (fstat(fd, &st) < 0)
                return -errno;
        /* A piece at a time once poll() says there is room: a pipe takes up
         * to PIPE_BUF bytes then without blocking. */
        while (len > 0) {
                size_t piece = len < PIPE_BUF ? len : PIPE_BUF;
                ssize_t n;

                if ((r = wait_writable(fd, deadline)) < 0)
                        return r;
                n = write(fd, p, piece);
                if (n < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
                p += n;
                len -= (size_t) n;
        }
        if (S_ISFIFO(st.st_mode))
                return pipe_taken(fd, deadline);
        if (S_ISREG(st.st_mode))
                return fsync(fd) < 0 && errno != EINVAL ? -errno : 0;
        if (isatty(fd))
                return tcdrain(fd) < 0 ? -errno : 0;
        return 0;
}

int platform_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        struct stat st;
        size_t len = 0;
        char *buf;
        int fd, r = 0;

        *ret = NULL;
        *ret_len = 0;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                r = -errno;
        else if (!S_ISREG(st.st_mode))
                r = -EINVAL;
        if (r < 0) {
                close(fd);
                return r;
        }
        if (!(buf = malloc(max + 1))) {
                close(fd);
                return -ENOMEM;
        }
        while (len < max + 1) {
                ssize_t n = read(fd, buf + len, max + 1 - len);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        r = -errno;
                        break;
                }
                if (n == 0)
                        break;
                len += (size_t) n;
        }
        close(fd);
        if (r < 0) {
                free(buf);
                return r;
        }
        *ret = buf;
        *ret_len = len;
        return 0;
}

void platform_host_name(char *buf, size_t n)
{
        if (n < 2 || gethostname(buf, n - 1) < 0)
                snprintf(buf, n, "unknown");
        else
                buf[n - 1] = '\0';
}

const struct platform_words platform_words = {
        .machinery = "the host's PAM stack (service " SSMRESET_PAM_SERVICE ")",
        .audit_trail = "the system journal",
        .rights = "root rights",
        .system_errors = "PAM misconfigured, shadow lock busy, I/O error, audit impossible",
};

#if HAVE_SELINUX
#define SELINUX_OPTION "yes (libselinux: rewritten account files keep their contexts)"
#else
#define SELINUX_OPTION "no (built --without-selinux)"
#endif

const char platform_build_options[] =
        "backend: Linux, PAM service " SSMRESET_PAM_SERVICE " read from " SSMRESET_PAM_CONFDIR "\n"
        "audit: journald, syslog when journald is not reachable\n"
        "selinux: " SELINUX_OPTION "\n"
        "hashes: libxcrypt; quality: libpwquality with cracklib\n"
        "secure memory: OpenSSL secure heap\n";
