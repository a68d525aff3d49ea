/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify-crypt.h"

/* Equal, in a time that depends on the length alone (which is not secret:
 * it is the method's). No early exit: the compiler sees every byte read. */
static bool equal_in_constant_time(const char *a, const char *b)
{
        size_t n = strlen(a);
        volatile unsigned char diff = 0;

        if (n != strlen(b))
                return false;
        for (size_t i = 0; i < n; i++)
                diff |= (unsigned char) a[i] ^ (unsigned char) b[i];
        return diff == 0;
}

int verify_password_hash(const char *password, const char *hash)
{
        struct crypt_data *data;
        const char *out;
        int r;

        /* Lock markers and empty hashes match nothing. */
        if (hash[0] == '\0' || hash[0] == '!' || hash[0] == '*')
                return 0;
        /* Holds state derived from the password: wiped below. Plain heap, not
         * the secure heap, because the PAM module links this file too. */
        data = calloc(1, sizeof *data);
        if (!data)
                return -ENOMEM;
        out = crypt_rn(password, hash, data, sizeof *data);
        if (!out)
                r = errno ? -errno : -EINVAL;
        else
                r = out[0] != '*' && equal_in_constant_time(out, hash);
        explicit_bzero(data, sizeof *data);
        free(data);
        return r;
}

/* The name of a hash's method, from its prefix (crypt(5)). */
static const char *method_name(const char *hash)
{
        static const struct {
                const char *prefix;
                const char *name;
        } methods[] = {
                { "$y$", "yescrypt" },    { "$gy$", "gost-yescrypt" }, { "$7$", "scrypt" },  { "$2b$", "bcrypt" },
                { "$2a$", "bcrypt" },     { "$2y$", "bcrypt" },        { "$2x$", "bcrypt" }, { "$6$", "sha512crypt" },
                { "$5$", "sha256crypt" }, { "$sha1$", "sha1crypt" },   { "$md5", "SunMD5" }, { "$1$", "MD5" },
                { "$3$", "NT" },          { "_", "BSDI DES" },
        };
        size_t len = strlen(hash);

        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
                if (strncmp(hash, methods[i].prefix, strlen(methods[i].prefix)) == 0)
                        return methods[i].name;
        if (len == 13 && hash[0] != '$')
                return "traditional DES";
        if (len > 13 && hash[0] != '$' && (len - 2) % 11 == 0)
                return "bigcrypt";
        return "an unknown method";
}

enum hash_strength hash_method_strength(const char *hash, char *method, size_t n)
{
        snprintf(method, n, "%s", method_name(hash));
        switch (crypt_checksalt(hash)) {
        case CRYPT_SALT_OK:
                return HASH_STRONG;
        case CRYPT_SALT_METHOD_LEGACY:
        case CRYPT_SALT_METHOD_DISABLED:
        case CRYPT_SALT_TOO_CHEAP:
                return HASH_WEAK;
        default:
                return HASH_INVALID;
        }
}
