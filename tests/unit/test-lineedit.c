/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "lineedit.h"

/* Feeds s; returns the event of the last byte. */
static enum lineedit_event feed(struct lineedit *le, const char *s, size_t n)
{
        enum lineedit_event ev = LINEEDIT_MORE;

        for (size_t i = 0; i < n; i++)
                ev = lineedit_feed(le, (unsigned char) s[i]);
        return ev;
}
#define FEED(le, s) feed((le), (s), sizeof(s) - 1)

/* memmem() is GNU's; these tests also run on Windows. */
static bool contains(const char *hay, size_t n, const char *needle, size_t m)
{
        for (size_t i = 0; i + m <= n; i++)
                if (memcmp(hay + i, needle, m) == 0)
                        return true;
        return false;
}

static char buf[16];
static struct lineedit le;

static int setup(void **state)
{
        lineedit_init(&le, buf, sizeof buf);
        return 0;
}

static void line_ends_with_cr_lf_or_crlf(void **state)
{
        assert_int_equal(FEED(&le, "abc\r"), LINEEDIT_LINE);
        assert_string_equal(le.buf, "abc");
        lineedit_reset(&le);
        /* The LF of a CRLF belongs to the line before. */
        assert_int_equal(FEED(&le, "\ndef\n"), LINEEDIT_LINE);
        assert_string_equal(le.buf, "def");
        lineedit_reset(&le);
        /* After LF, another LF is an empty line. */
        assert_int_equal(FEED(&le, "\n"), LINEEDIT_LINE);
        assert_int_equal(le.len, 0);
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "x\r"), LINEEDIT_LINE);
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "\r"), LINEEDIT_LINE); /* CR CR: an empty line */
        assert_int_equal(le.len, 0);
}

static void backspace_erases_whole_characters(void **state)
{
        assert_int_equal(FEED(&le, "ab\xc3\xa9\x7f"
                                   "c\b"
                                   "d\r"),
                         LINEEDIT_LINE);
        assert_string_equal(le.buf, "abd");
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "\x7f\x7f"
                                   "x\r"),
                         LINEEDIT_LINE); /* nothing to erase */
        assert_string_equal(le.buf, "x");
}

static void ctrl_u_kills_the_line(void **state)
{
        assert_int_equal(FEED(&le, "secret\x15ok\r"), LINEEDIT_LINE);
        assert_string_equal(le.buf, "ok");
        /* The killed bytes are gone from the buffer too. */
        assert_false(contains(buf, sizeof buf, "cret", 4));
}

static void ctrl_d_is_eof_only_on_an_empty_line(void **state)
{
        assert_int_equal(FEED(&le, "\x04"), LINEEDIT_EOF);
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "ab\x04"), LINEEDIT_MORE);
        assert_int_equal(FEED(&le, "\r"), LINEEDIT_LINE);
        assert_string_equal(le.buf, "ab");
}

static void control_bytes_make_the_line_unusable(void **state)
{
        assert_int_equal(FEED(&le, "a\x1b[Ab\r"), LINEEDIT_LINE);
        assert_true(le.flags & LINEEDIT_HAD_CONTROL);
        assert_non_null(lineedit_problem(&le));
        lineedit_reset(&le);
        assert_int_equal(feed(&le, "a\0b\r", 4), LINEEDIT_LINE);
        assert_non_null(strstr(lineedit_problem(&le), "Control"));
}

/* U+0085 (NEL) and U+009B (CSI) are control characters too, though no byte
 * of them is below 0x20 (found by tests/fuzz/fuzz-lineedit). */
static void c1_controls_make_the_line_unusable(void **state)
{
        assert_int_equal(FEED(&le, "a\xc2\x85"
                                   "b\r"),
                         LINEEDIT_LINE);
        assert_non_null(strstr(lineedit_problem(&le), "Control"));
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "\xc2\x9b\r"), LINEEDIT_LINE);
        assert_non_null(strstr(lineedit_problem(&le), "Control"));
        lineedit_reset(&le);
        /* Their neighbours are letters: U+00A0 and U+00E9 stay allowed. */
        assert_int_equal(FEED(&le, "\xc2\xa0\xc3\xa9\r"), LINEEDIT_LINE);
        assert_null(lineedit_problem(&le));
}

static void overlong_lines_are_cut_and_flagged(void **state)
{
        assert_int_equal(FEED(&le, "0123456789abcdefXYZ\r"), LINEEDIT_LINE);
        assert_int_equal(le.len, sizeof buf - 1);
        assert_true(le.flags & LINEEDIT_TOO_LONG);
        assert_non_null(lineedit_problem(&le));
}

static void invalid_utf8_is_a_problem(void **state)
{
        assert_int_equal(FEED(&le, "ab\xff\r"), LINEEDIT_LINE);
        assert_non_null(strstr(lineedit_problem(&le), "UTF-8"));
        lineedit_reset(&le);
        assert_int_equal(FEED(&le, "p\xc3\xa4ss\r"), LINEEDIT_LINE);
        assert_null(lineedit_problem(&le));
}

static void reset_wipes_the_buffer(void **state)
{
        FEED(&le, "hunter2");
        lineedit_reset(&le);
        for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(line_ends_with_cr_lf_or_crlf, setup),
                cmocka_unit_test_setup(backspace_erases_whole_characters, setup),
                cmocka_unit_test_setup(ctrl_u_kills_the_line, setup),
                cmocka_unit_test_setup(ctrl_d_is_eof_only_on_an_empty_line, setup),
                cmocka_unit_test_setup(control_bytes_make_the_line_unusable, setup),
                cmocka_unit_test_setup(c1_controls_make_the_line_unusable, setup),
                cmocka_unit_test_setup(overlong_lines_are_cut_and_flagged, setup),
                cmocka_unit_test_setup(invalid_utf8_is_a_problem, setup),
                cmocka_unit_test_setup(reset_wipes_the_buffer, setup),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
