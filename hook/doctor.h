/* ssmreset --doctor: is this host ready for resets? */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct doctor_check {
        const char *name;       /* "root", "agent", "pam-service", ... */
        bool ok;
        bool warning;           /* not ok, but resets still work */
        char detail[512];       /* what was found */
        char fix[512];          /* what to do; "" when ok */
};

#define DOCTOR_MAX_CHECKS 16

/* The OS backend's checks (agent, PAM, audit): fills checks, returns how many. */
size_t backend_doctor(struct doctor_check *checks, size_t max);

/* "2.3.668.0" >= "2.3.668.0"; compares dot-separated numbers. */
int doctor_version_compare(const char *a, const char *b);

/* Prints one line per check and a verdict. */
void doctor_print(const struct doctor_check *checks, size_t n, bool ready);
