/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <shadow.h>
#include <stdlib.h>
#include <string.h>

#include "account-nss.h"
#include "os/secmem.h"

#define BUF_START 4096
#define BUF_MAX (1024 * 1024)

int account_lookup(const char *user, uid_t *ret_uid)
{
        size_t size = BUF_START;

        for (;;) {
                struct passwd pw, *found = NULL;
                char *buf = malloc(size);
                int r;

                if (!buf)
                        return -ENOMEM;
                r = getpwnam_r(user, &pw, buf, size, &found);
                if (r == 0 && found)
                        *ret_uid = found->pw_uid;
                free(buf);
                if (r == ERANGE && size < BUF_MAX) {
                        size *= 2;
                        continue;
                }
                if (r != 0)
                        return -r;
                return found ? 0 : -ENOENT;
        }
}

int account_read_hash(const char *user, char **ret_hash)
{
        size_t size = BUF_START;

        for (;;) {
                struct spwd sp, *found = NULL;
                char *buf = malloc(size), *hash = NULL;
                int r;

                if (!buf)
                        return -ENOMEM;
                r = getspnam_r(user, &sp, buf, size, &found);
                if (r == 0 && found && !(hash = strdup(found->sp_pwdp)))
                        r = ENOMEM;
                secure_wipe(buf, size);
                free(buf);
                if (r == ERANGE && size < BUF_MAX) {
                        size *= 2;
                        continue;
                }
                if (r != 0)
                        return -r;
                if (!found)
                        return -ENOENT;
                *ret_hash = hash;
                return 0;
        }
}
