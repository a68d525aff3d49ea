/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "session-id.h"

bool session_token_valid(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > SESSION_ID_MAX)
                return false;
        return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                         "0123456789+=,.@_-") == n;
}

int session_requester_from_id(const char *id, char *buf, size_t n)
{
        const char *dash = strrchr(id, '-');

        if (!dash || dash == id || (size_t) (dash - id) >= n)
                return -EINVAL;
        memcpy(buf, id, (size_t) (dash - id));
        buf[dash - id] = '\0';
        return 0;
}

bool session_is_worker_name(const char *argv0)
{
        const char *base = strrchr(argv0, '/');

        base = base ? base + 1 : argv0;
        return strcmp(base, SESSION_WORKER_NAME) == 0 || strcmp(base, SESSION_WORKER_NAME ".exe") == 0;
}
