/* SPDX-License-Identifier: Apache-2.0 */
/* The method pam_unix will store with, over fixture stacks
 * (tests/unit/pam.d/) and login.defs files (tests/unit/login.defs/). */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hash-method.h"

static char src[PATH_MAX / 4];
static struct unix_hash_method m;

static int method(const char *stack_folder, const char *defs)
{
        char dir[PATH_MAX], login_defs[PATH_MAX], err[256];
        const char *dirs[] = { dir, NULL };
        struct pam_stack stack;
        int r;

        snprintf(dir, sizeof dir, "%s/tests/unit/pam.d/%s", src, stack_folder);
        snprintf(login_defs, sizeof login_defs, "%s/tests/unit/login.defs/%s", src, defs);
        assert_int_equal(pam_stack_read(dirs, "ssmreset", "password", &stack, err, sizeof err), 0);
        memset(&m, 0, sizeof m);
        r = unix_hash_method(&stack, login_defs, &m);
        pam_stack_free(&stack);
        return r;
}

static int group_setup(void **state)
{
        snprintf(src, sizeof src, "%s", getenv("SSMRESET_SRC_DIR") ? getenv("SSMRESET_SRC_DIR") : ".");
        return 0;
}

static void the_option_on_the_line_decides(void **state)
{
        assert_int_equal(method("debian", "none"), 1);
        assert_string_equal(m.method, "yescrypt");
        assert_int_equal(m.strength, HASH_STRONG);
        assert_non_null(strstr(m.source, "the option yescrypt of pam_unix.so at"));
        assert_non_null(strstr(m.source, "debian/common-password:3"));
        /* Over login.defs, whichever it names. */
        assert_int_equal(method("md5", "yescrypt"), 1);
        assert_string_equal(m.method, "md5");
        assert_int_equal(m.strength, HASH_WEAK);
        assert_non_null(strstr(m.fix, "add yescrypt"));
        assert_int_equal(method("rpm", "none"), 1);
        assert_string_equal(m.method, "yescrypt");
}

static void login_defs_when_the_line_names_none(void **state)
{
        assert_int_equal(method("nomethod", "sha512"), 1);
        assert_string_equal(m.method, "sha512");
        assert_int_equal(m.strength, HASH_STRONG);
        assert_non_null(strstr(m.source, "ENCRYPT_METHOD SHA512"));
}

/* sha256crypt is legacy, also where libxcrypt (before 4.4.21) says it is fine. */
static void sha256_is_weak_with_every_libxcrypt(void **state)
{
        assert_int_equal(method("nomethod", "sha256"), 1);
        assert_string_equal(m.method, "sha256");
        assert_int_equal(m.strength, HASH_WEAK);
        assert_non_null(strstr(m.source, "ENCRYPT_METHOD SHA256"));
}

static void des_when_nothing_names_one(void **state)
{
        assert_int_equal(method("nomethod", "none"), 1);
        assert_string_equal(m.method, "des");
        assert_int_equal(m.strength, HASH_WEAK);
        assert_non_null(strstr(m.source, "pam_unix's default"));
        assert_int_equal(method("nomethod", "no-such-file"), 1);
        assert_string_equal(m.method, "des");
        /* A value pam_unix does not know is no method for it either. */
        assert_int_equal(method("nomethod", "bcrypt"), 1);
        assert_string_equal(m.method, "des");
        assert_non_null(strstr(m.source, "no ENCRYPT_METHOD it knows"));
}

/* pam_modutil_search_key(): the first line counts, its key in any case,
 * "=" as good as a blank; shadow-utils would take the last line. */
static void login_defs_as_pam_unix_reads_it(void **state)
{
        assert_int_equal(method("nomethod", "two-methods"), 1);
        assert_string_equal(m.method, "md5");
        assert_int_equal(m.strength, HASH_WEAK);
        assert_non_null(strstr(m.source, "has 2 ENCRYPT_METHOD lines: pam_unix reads the first"));
        assert_non_null(strstr(m.fix, ", once"));
        assert_int_equal(method("nomethod", "spelled"), 1);
        assert_string_equal(m.method, "sha512");
        assert_int_equal(m.strength, HASH_STRONG);
}

/* pam_unix takes an option for the first of its words that it begins with. */
static void options_as_pam_unix_reads_them(void **state)
{
        assert_int_equal(method("prefixed", "yescrypt"), 1);
        assert_string_equal(m.method, "md5");
        assert_int_equal(m.strength, HASH_WEAK);
        assert_non_null(strstr(m.source, "the option md5crypt of pam_unix.so"));
        /* "shadowyescrypt" is the shadow option: ENCRYPT_METHOD decides. */
        assert_int_equal(method("notmethod", "none"), 1);
        assert_string_equal(m.method, "des");
        assert_int_equal(method("notmethod", "sha512"), 1);
        assert_string_equal(m.method, "sha512");
}

static void a_stack_without_pam_unix_tells_nothing(void **state)
{
        assert_int_equal(method("nounix", "none"), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_option_on_the_line_decides),
                cmocka_unit_test(login_defs_when_the_line_names_none),
                cmocka_unit_test(sha256_is_weak_with_every_libxcrypt),
                cmocka_unit_test(des_when_nothing_names_one),
                cmocka_unit_test(login_defs_as_pam_unix_reads_it),
                cmocka_unit_test(options_as_pam_unix_reads_them),
                cmocka_unit_test(a_stack_without_pam_unix_tells_nothing),
        };
        return cmocka_run_group_tests(tests, group_setup, NULL);
}
