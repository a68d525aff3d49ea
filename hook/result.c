/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "result.h"

static const struct {
        const char *name;
        int exit_status;
        const char *meaning;
} table[_SSR_STATUS_MAX] = {
        [SSR_CHANGED] = { "CHANGED", 0, "the password was changed and verified" },
        [SSR_BAD_REQUEST] = { "BAD_REQUEST", 2, "usage error, invalid user name or malformed request" },
        [SSR_USER_UNKNOWN] = { "USER_UNKNOWN", 3, "no such account" },
        [SSR_ACCOUNT_REFUSED] = { "ACCOUNT_REFUSED", 4, "local policy refuses to reset this account" },
        [SSR_PASSWORD_REJECTED] = { "PASSWORD_REJECTED", 5, "the new password was refused on every try" },
        [SSR_ABORTED] = { "ABORTED", 6, "no password was given" },
        [SSR_NOT_PERMITTED] = { "NOT_PERMITTED", 7, "not running with the rights a reset needs" },
        [SSR_SYSTEM_ERROR] = { "SYSTEM_ERROR", 8, "system error" },
        [SSR_ALLOWED] = { "ALLOWED", 0, "a reset would be allowed" },
};

static bool valid(enum ssr_status s)
{
        return (unsigned) s < _SSR_STATUS_MAX;
}

const char *ssr_status_name(enum ssr_status s)
{
        return valid(s) ? table[s].name : NULL;
}

int ssr_status_exit(enum ssr_status s)
{
        return valid(s) ? table[s].exit_status : table[SSR_SYSTEM_ERROR].exit_status;
}

const char *ssr_status_meaning(enum ssr_status s)
{
        return valid(s) ? table[s].meaning : table[SSR_SYSTEM_ERROR].meaning;
}
