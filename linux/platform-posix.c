/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
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

static void held(int sig)
{
}

void platform_hold_interrupts(void)
{
        /* A handler, not SIG_IGN or a blocked mask: both would pass on to
         * the programs PAM modules run (unix_chkpwd, pam_exec). */
        struct sigaction sa = { .sa_handler = held, .sa_flags = SA_RESTART };
        static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
                (void) sigaction(sigs[i], &sa, NULL);
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
