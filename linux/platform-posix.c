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
