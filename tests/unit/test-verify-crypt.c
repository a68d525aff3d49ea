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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(methods),
                cmocka_unit_test(lock_markers_match_nothing),
                cmocka_unit_test(malformed_hashes_do_not_match),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
