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

/* A real hash of this libxcrypt made with setting, judged; and where this
 * libxcrypt has a verdict of its own (crypt_checksalt(), which calls legacy
 * methods legacy only from 4.4.21 on), ours is never the weaker. */
static void strength(const char *setting, enum hash_strength want, const char *name)
{
        struct crypt_data data;
        char method[64];
        enum hash_strength got;

        assert_non_null(setting);
        memset(&data, 0, sizeof data);
        assert_non_null(crypt_r("Correct-Horse-42", setting, &data));
        assert_true(data.output[0] != '*');
        got = hash_method_strength(data.output, method, sizeof method);
        assert_int_equal(got, want);
        assert_string_equal(method, name);
        if (crypt_checksalt(data.output) == CRYPT_SALT_METHOD_LEGACY)
                assert_int_equal(got, HASH_WEAK);
        if (got == HASH_STRONG)
                assert_int_equal(crypt_checksalt(data.output), CRYPT_SALT_OK);
}

/* The same, with a setting crypt_gensalt() makes for prefix. */
static void strength_of_prefix(const char *prefix, enum hash_strength want, const char *name)
{
        strength(crypt_gensalt(prefix, 0, NULL, 0), want, name);
}

static void strong_methods(void **state)
{
        strength_of_prefix("$y$", HASH_STRONG, "yescrypt");
        strength_of_prefix("$gy$", HASH_STRONG, "gost-yescrypt");
        strength_of_prefix("$7$", HASH_STRONG, "scrypt");
        strength_of_prefix("$2b$", HASH_STRONG, "bcrypt");
        strength_of_prefix("$2y$", HASH_STRONG, "bcrypt");
        strength_of_prefix("$2a$", HASH_STRONG, "bcrypt");
        strength_of_prefix("$6$", HASH_STRONG, "sha512crypt");
}

/* Weak with every libxcrypt: Debian 11's 4.4.18 calls each of these
 * CRYPT_SALT_OK, and a check that asked it kept them all. */
static void legacy_methods_are_weak_with_every_libxcrypt(void **state)
{
        char method[64];

        strength("ab", HASH_WEAK, "traditional DES");
        strength_of_prefix("$1$", HASH_WEAK, "MD5");
        strength_of_prefix("$5$", HASH_WEAK, "sha256crypt");
        strength_of_prefix("_", HASH_WEAK, "BSDI DES");
        strength_of_prefix("$3$", HASH_WEAK, "NT");
        strength_of_prefix("$sha1", HASH_WEAK, "sha1crypt");
        strength_of_prefix("$md5", HASH_WEAK, "SunMD5");
        strength("$2x$05$HHt1IVEsCpqgUvS9xMbIve", HASH_WEAK, "bcrypt with the $2x$ sign-extension bug");
        /* bigcrypt (pam_unix's own): DES over each 8 characters, 13 + 11 per block. */
        assert_int_equal(hash_method_strength("abJnggxhB/yWIJnggxhB/yWI", method, sizeof method), HASH_WEAK);
        assert_string_equal(method, "bigcrypt");
}

static void not_a_hash_of_a_known_method(void **state)
{
        char method[64];

        assert_int_equal(hash_method_strength("$99$x$y", method, sizeof method), HASH_INVALID);
        assert_string_equal(method, "an unknown method");
        assert_int_equal(hash_method_strength("!", method, sizeof method), HASH_INVALID);
        assert_int_equal(hash_method_strength("", method, sizeof method), HASH_INVALID);
        /* A locked strong hash is no strong hash, nor a DES one. */
        assert_int_equal(hash_method_strength("!$y$j9T$abc$def", method, sizeof method), HASH_INVALID);
        assert_int_equal(hash_method_strength("!abJnggxhB/yW", method, sizeof method), HASH_INVALID);
        assert_int_equal(hash_method_strength("*", method, sizeof method), HASH_INVALID);
}

static void the_name_is_cut_to_fit(void **state)
{
        char method[4];

        assert_int_equal(hash_method_strength("$y$j9T$abc$def", method, sizeof method), HASH_STRONG);
        assert_string_equal(method, "yes");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(methods),
                cmocka_unit_test(lock_markers_match_nothing),
                cmocka_unit_test(malformed_hashes_do_not_match),
                cmocka_unit_test(strong_methods),
                cmocka_unit_test(legacy_methods_are_weak_with_every_libxcrypt),
                cmocka_unit_test(not_a_hash_of_a_known_method),
                cmocka_unit_test(the_name_is_cut_to_fit),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
