/* SPDX-License-Identifier: Apache-2.0 */
/* hook/os/break-glass.h on Windows: not yet. The Windows way would be a
 * Task Scheduler task triggered by the account's logon (event 4624), which
 * Wine can neither fire nor run here, so nothing of it could be tested:
 * every call says so, and --break-glass is refused before anything
 * changes. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "os/break-glass.h"

#define NOT_YET "break-glass passwords that close themselves are not available on Windows yet"

int break_glass_ready(char *why, size_t n)
{
        snprintf(why, n, NOT_YET);
        return -EOPNOTSUPP;
}

int break_glass_session_opened(const char *user, const struct break_glass_trigger *t, char *said, size_t n,
                               char *trigger, size_t tn, struct ssr_outcome *out)
{
        out->status = SSR_BAD_REQUEST;
        snprintf(out->reason, sizeof out->reason, NOT_YET);
        return -EOPNOTSUPP;
}

int break_glass_scramble_due(const char *user, const char *id, struct break_glass_due *ret, char *said, size_t n,
                             struct ssr_outcome *out)
{
        out->status = SSR_BAD_REQUEST;
        snprintf(out->reason, sizeof out->reason, NOT_YET);
        return -EOPNOTSUPP;
}

void break_glass_scramble_done(const char *user, const struct break_glass_due *due, struct ssr_outcome *out)
{
}
