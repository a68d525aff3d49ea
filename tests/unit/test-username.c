/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "username.h"

#define CHECK(s) username_check((s), sizeof(s) - 1)

static void accepts_ordinary_names(void **state)
{
        assert_int_equal(CHECK("alice"), USERNAME_OK);
        assert_int_equal(CHECK("ec2-user"), USERNAME_OK);
        assert_int_equal(CHECK("first.last_2"), USERNAME_OK);
        assert_int_equal(CHECK("WORKSTATION$"), USERNAME_OK);
        assert_int_equal(CHECK("j\xc3\xb6rg"), USERNAME_OK); /* jörg */
        assert_int_equal(CHECK("a23456789012345678901234567890ab"), USERNAME_OK);
}

static void refuses_empty_and_long(void **state)
{
        assert_int_equal(CHECK(""), USERNAME_EMPTY);
        assert_int_equal(CHECK("a234567890123456789012345678901ab"), USERNAME_TOO_LONG);
}

static void refuses_control_characters(void **state)
{
        assert_int_equal(CHECK("al\tice"), USERNAME_CONTROL);
        assert_int_equal(CHECK("alice\n"), USERNAME_CONTROL);
        assert_int_equal(CHECK("al\x1b[2Jice"), USERNAME_CONTROL);
        assert_int_equal(CHECK("al\x7f"), USERNAME_CONTROL);
        assert_int_equal(CHECK("al\xc2\x85"), USERNAME_CONTROL); /* U+0085 NEL */
        assert_int_equal(username_check("al\0ice", 6), USERNAME_CONTROL);
}

static void refuses_forbidden_characters(void **state)
{
        const char *bad[] = { "a:b",
                              "a,b",
                              "a/b",
                              "a b",
                              "a\\b",
                              "a;b",
                              "a$b",
                              "$",
                              "a'b",
                              "a\"b",
                              "a`b",
                              "a|b",
                              "a&b",
                              "a>b",
                              "a*b",
                              "a=b",
                              "a\xc2\xa0"
                              "b",
                              "a\xe2\x80\xa8"
                              "b",
                              "a\xe3\x80\x80"
                              "b" };

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                assert_int_equal(username_check(bad[i], strlen(bad[i])), USERNAME_FORBIDDEN_CHAR);
}

static void refuses_leading_signs_and_dots(void **state)
{
        assert_int_equal(CHECK("-alice"), USERNAME_LEADING_SIGN);
        assert_int_equal(CHECK("+alice"), USERNAME_LEADING_SIGN);
        assert_int_equal(CHECK("-"), USERNAME_LEADING_SIGN);
        assert_int_equal(CHECK("."), USERNAME_DOTS);
        assert_int_equal(CHECK(".."), USERNAME_DOTS);
        assert_int_equal(CHECK("...x"), USERNAME_OK);
}

static void refuses_invalid_utf8(void **state)
{
        assert_int_equal(CHECK("al\xff"), USERNAME_NOT_UTF8);
        assert_int_equal(CHECK("\xc3"), USERNAME_NOT_UTF8);             /* truncated */
        assert_int_equal(CHECK("\xc0\xaf"), USERNAME_NOT_UTF8);         /* overlong '/' */
        assert_int_equal(CHECK("\xed\xa0\x80"), USERNAME_NOT_UTF8);     /* surrogate */
        assert_int_equal(CHECK("\xf4\x90\x80\x80"), USERNAME_NOT_UTF8); /* > U+10FFFF */
}

static void every_error_has_a_message(void **state)
{
        for (int e = USERNAME_EMPTY; e <= USERNAME_DOTS; e++) {
                const char *m = username_strerror((enum username_error) e);
                assert_non_null(strstr(m, "user name"));
        }
}

#define WIN(s) username_check_flavor((s), sizeof(s) - 1, USERNAME_WINDOWS)
#define POSIX(s) username_check_flavor((s), sizeof(s) - 1, USERNAME_POSIX)

static void windows_takes_local_names_with_inner_spaces(void **state)
{
        assert_int_equal(WIN("alice"), USERNAME_OK);
        assert_int_equal(WIN("John Smith"), USERNAME_OK);
        assert_int_equal(WIN("svc backup 2"), USERNAME_OK);
        assert_int_equal(WIN("j\xc3\xb6rg"), USERNAME_OK);
        assert_int_equal(WIN(" alice"), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(WIN("alice "), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(WIN(" "), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(WIN("John\tSmith"), USERNAME_CONTROL);
        assert_int_equal(WIN("John\xc2\xa0Smith"), USERNAME_FORBIDDEN_CHAR);     /* no-break space */
        assert_int_equal(WIN("John\xe3\x80\x80Smith"), USERNAME_FORBIDDEN_CHAR); /* ideographic space */
        assert_int_equal(WIN("a;b c"), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(WIN("-a b"), USERNAME_LEADING_SIGN);
        assert_int_equal(WIN("a234567890123456789012345678901 3"), USERNAME_TOO_LONG);
        /* POSIX names never hold a space. */
        assert_int_equal(POSIX("John Smith"), USERNAME_FORBIDDEN_CHAR);
}

static void windows_refuses_domain_accounts(void **state)
{
        const char *names[] = { "CORP\\alice",
                                "corp.example.com\\alice",
                                "WEB-1\\Administrator",
                                "alice@corp.example",
                                "\\alice",
                                "alice@",
                                "a\\b\\c",
                                "John Smith@corp" };

        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
                assert_int_equal(username_check_flavor(names[i], strlen(names[i]), USERNAME_WINDOWS),
                                 USERNAME_NOT_LOCAL);
        assert_non_null(strstr(username_strerror(USERNAME_NOT_LOCAL), "only local accounts can be reset"));
        assert_int_equal(username_check_flavor("CORP\\al\0ce", 11, USERNAME_WINDOWS), USERNAME_CONTROL);
        /* On Linux '\\' is only a forbidden character; '@' is allowed (SSSD's qualified names). */
        assert_int_equal(POSIX("CORP\\alice"), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(POSIX("alice@corp.example"), USERNAME_OK);
}

static void posix_rules_are_unchanged(void **state)
{
        assert_int_equal(POSIX("CORP\\alice"), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(CHECK("CORP\\alice"), USERNAME_FORBIDDEN_CHAR);
        assert_int_equal(POSIX("alice"), USERNAME_OK);
        assert_int_equal(POSIX("a;b"), USERNAME_FORBIDDEN_CHAR);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(accepts_ordinary_names),
                cmocka_unit_test(refuses_empty_and_long),
                cmocka_unit_test(refuses_control_characters),
                cmocka_unit_test(refuses_forbidden_characters),
                cmocka_unit_test(refuses_leading_signs_and_dots),
                cmocka_unit_test(refuses_invalid_utf8),
                cmocka_unit_test(every_error_has_a_message),
                cmocka_unit_test(windows_takes_local_names_with_inner_spaces),
                cmocka_unit_test(windows_refuses_domain_accounts),
                cmocka_unit_test(posix_rules_are_unchanged),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
