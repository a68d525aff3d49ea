/* SPDX-License-Identifier: Apache-2.0 */
/* Against real libxcrypt hashes of every method Debian and Fedora use. */
#include "config.h"

#include <crypt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "os/secmem.h"
#include "verify-crypt.h"

static int setup(void **state)
{
        return secmem_init();
}

static void check_method(const char *prefix)
{
        char hash[CRYPT_OUTPUT_SIZE];
        struct crypt_data data;
        const char *salt = crypt_gensalt(prefix, 0, NULL, 0);

        assert_non_null(salt);
        memset(&data, 0, sizeof data);
        assert_non_null(crypt_r("Correct-Horse-42", salt, &data));
        strcpy(hash, data.output);

        assert_int_equal(verify_password_hash("Correct-Horse-42", hash), 1);
        assert_int_equal(verify_password_hash("Correct-Horse-43", hash), 0);
        assert_int_equal(verify_password_hash("", hash), 0);
}

static void methods(void **state)
{
        check_method("$y$");
        check_method("$6$");
        check_method("$5$");
        check_method("$2b$");
}

static void lock_markers_match_nothing(void **state)
{
        assert_int_equal(verify_password_hash("x", ""), 0);
        assert_int_equal(verify_password_hash("x", "!"), 0);
        assert_int_equal(verify_password_hash("x", "*"), 0);
        assert_int_equal(verify_password_hash("x", "!!"), 0);
        assert_int_equal(verify_password_hash("x", "!$y$j9T$abc$def"), 0);
}

static void malformed_hashes_do_not_match(void **state)
{
        assert_true(verify_password_hash("x", "$y$garbage") <= 0);
        assert_true(verify_password_hash("x", "$99$abc$def") <= 0);
}

static void strength(const char *setting, const char *password, enum hash_strength want, const char *name)
{
        struct crypt_data data;
        char method[64];

        memset(&data, 0, sizeof data);
        assert_non_null(crypt_r(password, setting, &data));
        assert_int_equal(hash_method_strength(data.output, method, sizeof method), want);
        assert_string_equal(method, name);
}

static void strong_and_weak_methods(void **state)
{
        char method[64];

        strength(crypt_gensalt("$y$", 0, NULL, 0), "pw", HASH_STRONG, "yescrypt");
        strength(crypt_gensalt("$6$", 0, NULL, 0), "pw", HASH_STRONG, "sha512crypt");
        strength(crypt_gensalt("$2b$", 0, NULL, 0), "pw", HASH_STRONG, "bcrypt");
        strength(crypt_gensalt("$gy$", 0, NULL, 0), "pw", HASH_STRONG, "gost-yescrypt");
        /* What the issue names, and what libxcrypt holds legacy. */
        strength("ab", "password", HASH_WEAK, "traditional DES");
        strength("$1$saltsalt$", "pw", HASH_WEAK, "MD5");
        strength(crypt_gensalt("$5$", 0, NULL, 0), "pw", HASH_WEAK, "sha256crypt");
        /* bigcrypt: DES over each 8 characters, 13 + 11 per block. */
        assert_int_equal(hash_method_strength("abJnggxhB/yWIJnggxhB/yWI", method, sizeof method), HASH_WEAK);
        assert_string_equal(method, "bigcrypt");
        assert_int_equal(hash_method_strength("$99$x$y", method, sizeof method), HASH_INVALID);
        assert_string_equal(method, "an unknown method");
        assert_int_equal(hash_method_strength("!", method, sizeof method), HASH_INVALID);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(methods),
                cmocka_unit_test(lock_markers_match_nothing),
                cmocka_unit_test(malformed_hashes_do_not_match),
                cmocka_unit_test(strong_and_weak_methods),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
