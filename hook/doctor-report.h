/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset --doctor: is this host ready for resets? */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct doctor_check {
        const char *name; /* "root", "agent", "pam-service", ... */
        bool ok;
        bool warning;     /* not ok, but resets still work */
        char detail[512]; /* what was found */
        char fix[512];    /* what to do; "" when ok */
};

#define DOCTOR_MAX_CHECKS 16

/* The first agent with InteractiveCommands sessions. */
#define AGENT_MIN_VERSION "2.3.668.0"

/* For backends: the next check, named name and not yet ok (NULL when the
 * array is full), and a detail or fix message. */
struct doctor_check *doctor_add(struct doctor_check *checks, size_t *n, size_t max, const char *name);
__attribute__((format(printf, 2, 3))) void doctor_set(char *buf, const char *fmt, ...);

/* "2.3.668.0" >= "2.3.668.0"; compares dot-separated numbers. */
int doctor_version_compare(const char *a, const char *b);

/* Prints one line per check and a verdict. */
void doctor_print(const struct doctor_check *checks, size_t n, bool ready);
