/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"

static void shown(const char *in, size_t len, size_t outlen, const char *want)
{
        char out[128];

        assert_true(outlen <= sizeof out);
        escape_display(in, len, out, outlen);
        assert_string_equal(out, want);
}

static void plain_text_passes(void **state)
{
        shown("alice", 5, 64, "alice");
        shown("j\xc3\xb6rg", 5, 64, "j\xc3\xb6rg");
}

static void controls_and_bad_bytes_are_escaped(void **state)
{
        shown("a\x1b[2Jb", 6, 64, "a\\x1b[2Jb");
        shown("a\nb", 3, 64, "a\\x0ab");
        shown("a\\b", 3, 64, "a\\x5cb");
        shown("a\xff", 2, 64, "a\\xff");
        shown("a\0b", 3, 64, "a\\x00b");
        shown("a\xc2\x85", 3, 64, "a\\xc2\\x85");
}

static void long_input_is_cut_with_dots(void **state)
{
        shown("abcdefghij", 10, 8, "abcd...");
        shown("\x01\x02\x03", 3, 10, "\\x01...");
        shown("abc", 3, 4, "abc");
}

static void a_reason_is_one_line_of_text(void **state)
{
        char out[64];

        escape_line("cannot read C:\\Users\\j\xc3\xb6rg\\cert.pem", out, sizeof out);
        assert_string_equal(out, "cannot read C:\\Users\\j\xc3\xb6rg\\cert.pem"); /* backslashes and UTF-8 kept */
        escape_line("BAD\x1b[2J\nnext\tline\xc2\x9b\xff", out, sizeof out);
        assert_string_equal(out, "BAD\\x1b[2J\\x0anext\\x09line\\xc2\\x9b\\xff");
        escape_line("\x1b\x1b\x1b", out, 9); /* cut at whole escapes */
        assert_string_equal(out, "\\x1b\\x1b");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(plain_text_passes),
                cmocka_unit_test(controls_and_bad_bytes_are_escaped),
                cmocka_unit_test(long_input_is_cut_with_dots),
                cmocka_unit_test(a_reason_is_one_line_of_text),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
