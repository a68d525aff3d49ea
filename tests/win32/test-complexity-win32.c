/* SPDX-License-Identifier: Apache-2.0 */
/* Windows' complexity rule, case by case, as Microsoft documents it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <cmocka.h>

#include "complexity-win32.h"

static bool complex(const wchar_t *password, const wchar_t *account, const wchar_t *full_name)
{
        return win_password_complex(password, wcslen(password), account, full_name);
}

static void three_of_the_four_ascii_categories_are_needed(void **state)
{
        assert_true(complex(L"Abcdefg1", NULL, NULL));    /* upper, lower, digit */
        assert_true(complex(L"abcdefg1!", NULL, NULL));   /* lower, digit, special */
        assert_true(complex(L"ABCDEFG1#", NULL, NULL));   /* upper, digit, special */
        assert_true(complex(L"ABCdefg~", NULL, NULL));    /* upper, lower, special */
        assert_true(complex(L"Aa1!", NULL, NULL));        /* all four; length is not this rule's */
        assert_false(complex(L"abcdefgh12", NULL, NULL)); /* lower, digit */
        assert_false(complex(L"ABCDEFGHab", NULL, NULL)); /* upper, lower */
        assert_false(complex(L"12345678!?", NULL, NULL)); /* digit, special */
        assert_false(complex(L"aaaaaaaaaa", NULL, NULL));
        assert_false(complex(L"", NULL, NULL));
}

static void every_documented_special_character_counts(void **state)
{
        const wchar_t *specials = L"'-!\"#$%&()*,./:;?@[]^_`{|}~+<=>";
        wchar_t password[4] = L"ab?";

        for (const wchar_t *c = specials; *c; c++) {
                password[2] = *c;
                assert_false(complex(password, NULL, NULL)); /* lower and special only */
                password[0] = L'A';
                assert_true(complex(password, NULL, NULL));
                password[0] = L'a';
        }
}

static void backslash_and_currency_signs_count_as_nothing(void **state)
{
        /* Not in the documented list: never relied on. */
        assert_false(complex(L"abcABC\\\\", NULL, NULL));
        assert_false(complex(L"abcABC\u20ac\u00a3", NULL, NULL));
        assert_false(complex(L"abcABC   ", NULL, NULL));
        assert_true(complex(L"abcABC\\1", NULL, NULL));
}

static void letters_of_other_scripts_count(void **state)
{
        assert_true(complex(L"\u00dcber\u00e4\u00df1", NULL, NULL));    /* Überäß1: upper, lower, digit */
        assert_true(complex(L"\u03a3\u03c3\u0416\u0436!", NULL, NULL)); /* Greek and Cyrillic upper, lower */
        /* A letter with no case (CJK) is a fifth category. */
        assert_true(complex(L"abc\u6f22\u5b571", NULL, NULL));
        assert_false(complex(L"abc\u6f22\u5b57", NULL, NULL));
}

static void the_account_name_is_refused_in_any_case(void **state)
{
        assert_false(complex(L"Xy1!alice", L"alice", NULL));
        assert_false(complex(L"Xy1!ALICE", L"alice", NULL));
        assert_false(complex(L"Xy1!aLiCe99", L"Alice", NULL));
        assert_false(complex(L"J\u00d6RG-Xy1", L"j\u00f6rg", NULL)); /* JÖRG holds jörg */
        assert_true(complex(L"Xy1!alic", L"alice", NULL));           /* only the whole name counts */
        assert_true(complex(L"Xy1!al-ice", L"alice", NULL));
}

static void names_under_three_characters_are_not_looked_for(void **state)
{
        assert_true(complex(L"Xy1!al", L"al", NULL));
        assert_true(complex(L"Xy1!al", L"", NULL));
        assert_false(complex(L"Xy1!bob", L"bob", NULL));
}

static void parts_of_the_display_name_are_refused(void **state)
{
        const wchar_t *full = L"Jane Q. Doe-Smith_jr,III#ab\tEve";

        assert_false(complex(L"Xy1!jane", L"jd", full));
        assert_false(complex(L"Xy1!DOE", L"jd", full));
        assert_false(complex(L"Xy1!smith", L"jd", full));
        assert_false(complex(L"Xy1!iii", L"jd", full));
        assert_false(complex(L"Xy1!eve", L"jd", full));
        /* Parts under three characters ("Q", "jr", "ab") are not looked for. */
        assert_true(complex(L"Xy1!q", L"jd", full));
        assert_true(complex(L"Xy1!jr", L"jd", full));
        assert_true(complex(L"Xy1!ab", L"jd", full));
        /* A part is looked for whole, not the name around it. */
        assert_true(complex(L"Xy1!jan", L"jd", full));
        assert_true(complex(L"Xy1!Q.Do", L"jd", full));
        assert_true(complex(L"Xy1!x", L"jd", L"---"));
        assert_true(complex(L"Xy1!x", L"jd", L""));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(three_of_the_four_ascii_categories_are_needed),
                cmocka_unit_test(every_documented_special_character_counts),
                cmocka_unit_test(backslash_and_currency_signs_count_as_nothing),
                cmocka_unit_test(letters_of_other_scripts_count),
                cmocka_unit_test(the_account_name_is_refused_in_any_case),
                cmocka_unit_test(names_under_three_characters_are_not_looked_for),
                cmocka_unit_test(parts_of_the_display_name_are_refused),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
