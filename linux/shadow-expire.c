/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-file.h"
#include "shadow-expire.h"

#define SHADOW_FILE "/etc/shadow"

int shadow_line_set_last_change(const char *line, long day, char *out, size_t n)
{
        const char *p = line, *rest;

        for (int field = 0; field < 2; field++) {
                p = strchr(p, ':');
                if (!p)
                        return -EINVAL;
                p++;
        }
        rest = strchr(p, ':');
        if (!rest)
                return -EINVAL;
        if ((size_t) snprintf(out, n, "%.*s%ld%s", (int) (p - line), line, day, rest) >= n)
                return -ENOSPC;
        return 0;
}

int shadow_expire(const char *user)
{
        char *line = NULL, *edited;
        size_t n;
        int r;

        if ((r = account_file_line(SHADOW_FILE, user, &line)) < 0)
                return r;
        n = strlen(line) + 32;
        edited = malloc(n);
        if (!edited) {
                account_file_line_free(line);
                return -ENOMEM;
        }
        r = shadow_line_set_last_change(line, 0, edited, n);
        if (r == 0)
                r = account_file_replace_line(SHADOW_FILE, user, edited);
        explicit_bzero(edited, n);
        free(edited);
        account_file_line_free(line);
        return r;
}
