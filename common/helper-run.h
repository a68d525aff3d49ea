/* SPDX-License-Identifier: Apache-2.0 */
/* Runs another program from ssmreset or from pam_ssmreset.so, the way
 * pam_unix runs its helpers: by absolute path, with an empty environment,
 * standard input on /dev/null, standard error on /dev/null (or with
 * standard output), no other descriptor, default signal dispositions and
 * mask; as root alone (real, effective and saved ids 0, no supplementary
 * groups) when the caller's effective id is root's but its real one is not
 * (a setuid su); and never waited on for longer than a bound. No secret
 * ever goes to such a program: nothing in its arguments is one. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Runs argv (argv[0] an absolute path) and waits for it for at most
 * timeout_ms; then it is killed (SIGKILL) and reaped. What it wrote to
 * standard output (and to standard error, when with_stderr) goes into out,
 * at most n - 1 bytes, always terminated (out may be NULL). Returns its
 * exit status (0..255), -ETIMEDOUT when it ran out of time, -EINTR when a
 * signal ended it, -ECHILD when the caller's own SIGCHLD handler reaped it
 * first (the status is then unknown), or -errno when it could not run. */
int helper_run(char *const argv[], unsigned timeout_ms, bool with_stderr, char *out, size_t n);
