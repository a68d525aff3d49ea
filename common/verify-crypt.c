/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <crypt.h>
#include <ctype.h>
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

/* Every method libxcrypt knows, by the prefix of its hashes (crypt(5)),
 * with the project's verdict: strong are the methods pam_unix and
 * shadow-utils offer as current (yescrypt, gost_yescrypt, blowfish,
 * sha512) and scrypt; the rest are legacy. Decided here and not by
 * crypt_checksalt(), whose answer depends on libxcrypt's version: before
 * 4.4.21 it calls every method it knows CRYPT_SALT_OK, DES and MD5 too. */
static const struct {
        const char *prefix;
        const char *name;
        bool strong;
} methods[] = {
        { "$y$", "yescrypt", true },
        { "$gy$", "gost-yescrypt", true },
        { "$7$", "scrypt", true },
        { "$2b$", "bcrypt", true },
        { "$2y$", "bcrypt", true },
        { "$2a$", "bcrypt", true },
        { "$2x$", "bcrypt with the $2x$ sign-extension bug", false },
        { "$6$", "sha512crypt", true },
        { "$5$", "sha256crypt", false },
        { "$sha1", "sha1crypt", false },
        { "$md5", "SunMD5", false }, /* "$md5$" or "$md5,rounds=N$" */
        { "$1$", "MD5", false },
        { "$3$", "NT", false },
        { "_", "BSDI DES", false },
};

/* The alphabet of DES-based hashes (and of every salt): ./0-9A-Za-z. */
static bool des_text(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (!(isalnum((unsigned char) s[i]) || s[i] == '.' || s[i] == '/'))
                        return false;
        return true;
}

enum hash_strength hash_method_strength(const char *hash, char *method, size_t n)
{
        size_t len = strlen(hash);

        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
                if (strncmp(hash, methods[i].prefix, strlen(methods[i].prefix)) == 0) {
                        snprintf(method, n, "%s", methods[i].name);
                        return methods[i].strong ? HASH_STRONG : HASH_WEAK;
                }
        /* Traditional DES: 2 salt characters and 11 of hash; bigcrypt: 11
         * more for each further 8 characters of the password. */
        if (len == 13 && des_text(hash, len)) {
                snprintf(method, n, "traditional DES");
                return HASH_WEAK;
        }
        if (len > 13 && (len - 2) % 11 == 0 && des_text(hash, len)) {
                snprintf(method, n, "bigcrypt");
                return HASH_WEAK;
        }
        snprintf(method, n, "an unknown method");
        return HASH_INVALID;
}
