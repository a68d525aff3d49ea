/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: what main() needs from the OS that has no seam of its own:
 * arguments, standard streams, the host's name, and the OS's words for what
 * the portable program tells people. Every backend provides these. Linux:
 * linux/platform-posix.c; Windows: win32/platform-win32.c. */
#pragma once

#include <stddef.h>

/* Call first. May replace *argv with the arguments as UTF-8 (Windows hands
 * them over in the ANSI code page). Opens closed standard streams again
 * (POSIX: stdin and stderr on /dev/null, stdout on /dev/full, so that no file
 * the run opens takes their place and a result nobody can read fails to be
 * written). Returns 0, or -errno: then the program must stop. */
int platform_init(int *argc, char ***argv);
/* This host's name, or "unknown". */
void platform_host_name(char *buf, size_t n);

/* From now until the process ends, requests to interrupt or end it are held
 * (POSIX: SIGINT, SIGTERM, SIGHUP and SIGQUIT caught and ignored, so that
 * programs PAM runs start with the defaults; Windows: Ctrl+C and
 * Ctrl+Break). For the runs that prompt for nothing (--batch, --generate):
 * their work is bounded (the shadow lock's wait included) and must end with
 * its result and its record, never halfway with the password changed and
 * nobody told. SIGKILL cannot be held. */
void platform_hold_interrupts(void);

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
