/* SPDX-License-Identifier: Apache-2.0 */
/* Result codes of a reset: the contract with operators and automation. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum ssr_status {
        SSR_CHANGED = 0,
        SSR_BAD_REQUEST,
        SSR_USER_UNKNOWN,
        SSR_ACCOUNT_REFUSED,
        SSR_PASSWORD_REJECTED,
        SSR_ABORTED,
        SSR_NOT_PERMITTED,
        SSR_SYSTEM_ERROR,
        SSR_ALLOWED, /* --check: a reset would be allowed */
        _SSR_STATUS_MAX,
};

/* "CHANGED", "BAD_REQUEST", ...; NULL for an out-of-range value. */
const char *ssr_status_name(enum ssr_status s);
/* The process exit status for a result: 0, 2..8. */
int ssr_status_exit(enum ssr_status s);
/* One line for people: what the code means. */
const char *ssr_status_meaning(enum ssr_status s);
