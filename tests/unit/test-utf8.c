/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

#define LEN(s) utf8_sequence_length((const unsigned char *) (s), sizeof(s) - 1)

static void sequence_lengths(void **state)
{
        assert_int_equal(LEN("a"), 1);
        assert_int_equal(LEN("\xc3\xa9"), 2);
        assert_int_equal(LEN("\xe2\x82\xac"), 3);
        assert_int_equal(LEN("\xf0\x9f\x94\x91"), 4);
        assert_int_equal(LEN("\x80"), 0);
        assert_int_equal(LEN("\xc1\xbf"), 0);
        assert_int_equal(LEN("\xe0\x80\xaf"), 0);
        assert_int_equal(LEN("\xf0\x80\x80\xaf"), 0);
        assert_int_equal(LEN("\xf5\x80\x80\x80"), 0);
        assert_int_equal(LEN("\xe2\x82"), 0);
        assert_int_equal(LEN("\xe2\x28\xac"), 0);
}

static void decoding(void **state)
{
        assert_int_equal(utf8_decode((const unsigned char *) "\xc3\xa9", 2), 0xE9);
        assert_int_equal(utf8_decode((const unsigned char *) "\xe2\x82\xac", 3), 0x20AC);
        assert_int_equal(utf8_decode((const unsigned char *) "\xf0\x9f\x94\x91", 4), 0x1F511);
}

static void spaces_and_controls(void **state)
{
        assert_true(unicode_is_space_or_control(0x0A));
        assert_true(unicode_is_space_or_control(0x85));
        assert_true(unicode_is_space_or_control(0xA0));
        assert_true(unicode_is_space_or_control(0x200B));
        assert_true(unicode_is_space_or_control(0x3000));
        assert_false(unicode_is_space_or_control('a'));
        assert_false(unicode_is_space_or_control(0xE9));
}

#define C1(s) utf8_has_c1_control((const unsigned char *) (s), sizeof(s) - 1)

static void c1_controls(void **state)
{
        assert_true(C1("a\xc2\x80"
                       "b"));
        assert_true(C1("\xc2\x9b[2J"));
        assert_false(C1("\xc2\xa0")); /* U+00A0: not a C1 control */
        assert_false(C1("\xc3\xa9\xe2\x82\xac"));
        assert_false(C1("\x9b")); /* a stray byte, not the character U+009B */
        assert_false(C1(""));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(sequence_lengths),
                cmocka_unit_test(decoding),
                cmocka_unit_test(spaces_and_controls),
                cmocka_unit_test(c1_controls),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
