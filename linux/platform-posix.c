/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "os/platform.h"

int platform_init(int *argc, char ***argv)
{
        /* A closed session must not kill us before the attempt is recorded. */
        signal(SIGPIPE, SIG_IGN);
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
