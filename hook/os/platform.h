/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: what main() needs from the OS that has no seam of its own:
 * arguments, standard streams, the host's name, and the OS's words for what
 * the portable program tells people. Every backend provides these. Linux:
 * linux/platform-posix.c; Windows: win32/platform-win32.c. */
#pragma once

#include <stddef.h>

/* Call first. May replace *argv with the arguments as UTF-8 (Windows hands
 * them over in the ANSI code page). Returns 0 or -errno. */
int platform_init(int *argc, char ***argv);
/* This host's name, or "unknown". */
void platform_host_name(char *buf, size_t n);

/* The OS's words for what the portable program tells people (--help, the
 * result), so that nothing portable speaks of PAM, root or journald. */
struct platform_words {
        const char *machinery;     /* what changes passwords: "the host's PAM stack" */
        const char *audit_trail;   /* where attempts are recorded: "the system journal" */
        const char *rights;        /* what a reset needs: "root rights" */
        const char *system_errors; /* examples of SYSTEM_ERROR: "PAM misconfigured, ..." */
};
extern const struct platform_words platform_words;

/* How this build was made, for --version and bug reports: one "name: value"
 * line each (backend, audit sinks, optional libraries), each ending in a
 * newline. */
extern const char platform_build_options[];
