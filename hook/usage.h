/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset --help, in the OS's words (os/platform.h). */
#pragma once

#include <stdio.h>

/* How to call the program, in one line, for a usage error. */
extern const char usage_synopsis[];

/* Writes the --help text to f. Returns 0 or -EIO. */
int usage_print(FILE *f);
