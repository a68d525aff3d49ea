/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "account-file.h"
#include "stored-hash.h"

char *stored_hash_field(const char *line)
{
        const char *p = line ? strchr(line, ':') : NULL, *end;

        if (!p)
                return NULL;
        p++;
        end = strchr(p, ':');
        return strndup(p, end ? (size_t) (end - p) : strlen(p));
}

void stored_hash_free(char *hash)
{
        if (hash) {
                explicit_bzero(hash, strlen(hash));
                free(hash);
        }
}

int stored_hash_read(const char *user, char **ret)
{
        char *line = NULL;
        int r = account_file_line(STORED_HASH_SHADOW, user, &line);

        if (r == -ENOENT)
                r = account_file_line(STORED_HASH_PASSWD, user, &line);
        if (r < 0)
                return r;
        *ret = stored_hash_field(line);
        account_file_line_free(line);
        return *ret ? 0 : -EINVAL;
}

int stored_hash_digest(const char *hash, char *buf, size_t n)
{
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;

        if (n < STORED_DIGEST_HEX + 1 || EVP_Digest(hash, strlen(hash), md, &len, EVP_sha256(), NULL) != 1 ||
            len * 2 != STORED_DIGEST_HEX)
                return -EIO;
        for (unsigned i = 0; i < len; i++) {
                buf[2 * i] = "0123456789abcdef"[md[i] >> 4];
                buf[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
        }
        buf[STORED_DIGEST_HEX] = '\0';
        return 0;
}

int stored_hash_digest_of(const char *user, char *buf, size_t n)
{
        char *hash = NULL;
        int r = stored_hash_read(user, &hash);

        if (r == 0)
                r = stored_hash_digest(hash, buf, n);
        stored_hash_free(hash);
        return r;
}
