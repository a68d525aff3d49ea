/* SPDX-License-Identifier: Apache-2.0 */
/* May this Windows account be reset? The decision alone, from facts
 * gathered by backend-win32.c: the Linux rules where they apply. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <windows.h>

struct win_account_facts {
        const char *user; /* as shown to people */
        const char *domain;
        SID_NAME_USE use;
        DWORD rid;
        bool in_account_domain;
        bool host_is_dc;
        DWORD flags;        /* UF_* */
        DWORD acct_expires; /* seconds since 1970, or TIMEQ_FOREVER */
        DWORD now;          /* seconds since 1970 */
};

enum win_policy_verdict {
        WIN_POLICY_ALLOW,
        WIN_POLICY_REFUSE,
        WIN_POLICY_NOT_A_USER,
};

enum win_policy_verdict win_policy_decide(const struct win_account_facts *f, char *reason, size_t n);
