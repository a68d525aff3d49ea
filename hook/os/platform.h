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

/* From now until the process ends, every request to end it that can be
 * held is held: once a reset's work starts it must end with its result and
 * its record, never halfway with the password changed and nobody told.
 * POSIX: every signal whose default action ends the process gets a handler
 * that does nothing (not SIG_IGN or a blocked mask: both would pass on to the
 * programs PAM modules run, such as unix_chkpwd and pam_exec); for the fault
 * signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT) only when
 * another process sent them: a real fault, or abort(), still ends the process.
 * SIGKILL and SIGSTOP cannot be held: the order of the work makes a kill
 * safe (see main.c). Windows: Ctrl+C and Ctrl+Break. The terminal's own
 * handlers (terminal.h) take SIGINT, SIGTERM, SIGHUP and SIGQUIT over while
 * the person is asked, and give them back. */
void platform_hold_interrupts(void);

/* Writes data (len bytes) to fd, and waits until whoever reads fd has taken
 * it, all within timeout_ms: never blocked for longer by a reader that does
 * not read. Taken means: a pipe's reader has read it all (POSIX: FIONREAD is
 * 0), a terminal has drained it (tcdrain), a regular file has it on disk
 * (fsync); other kinds of output count as taken once written. Returns 0;
 * -EPIPE when the reader went away before taking it all; -ETIMEDOUT when it
 * stopped reading; or -errno. */
int platform_deliver(int fd, const void *data, size_t len, unsigned timeout_ms);

/* The whole of the regular file path, read so that it cannot block (POSIX:
 * opened O_NONBLOCK, then it must be a regular file: a FIFO in its place
 * would wait for a writer for ever), at most max + 1 bytes (so that a larger
 * file shows as larger than max), malloc'ed in *ret with its length in
 * *ret_len. Returns 0, -EINVAL when path is not a regular file, or -errno. */
int platform_read_file(const char *path, size_t max, char **ret, size_t *ret_len);

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
