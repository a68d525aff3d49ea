/* SPDX-License-Identifier: Apache-2.0 */
/* Runs a program the unit tests check against (the openssl command) from an
 * argv, without a shell (posix_spawnp(3)), and keeps what it prints. */
#pragma once

#include <stddef.h>

/* Runs argv (NULL-terminated; argv[0] looked up in PATH) with standard input
 * on /dev/null and standard error as the test's. Its standard output goes
 * into out (n bytes, NUL-terminated, cut at n - 1). Returns its exit status
 * (0 to 255), or -errno when it could not be run or did not exit. */
int run_program(char *const argv[], char *out, size_t n);
