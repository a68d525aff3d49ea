/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>

#include "lineedit.h"
#include "utf16.h"
#include "utf16-feed.h"

static void round_trip_keeps_every_plane(void **state)
{
        const char *s = "p\xc3\xa4ss \xe2\x82\xac \xf0\x9d\x84\x9e"; /* päss € 𝄞 */
        wchar_t w[32];
        char back[64];
        size_t wl, bl;

        assert_int_equal(utf16_from_utf8(s, strlen(s), w, 32, &wl), 0);
        assert_int_equal(wl, 9); /* 𝄞 is a surrogate pair */
        assert_int_equal(w[1], 0x00E4);
        assert_int_equal(w[5], 0x20AC);
        assert_int_equal(w[7], 0xD834);
        assert_int_equal(w[8], 0xDD1E);
        assert_int_equal(utf16_to_utf8(w, wl, back, sizeof back, &bl), 0);
        assert_int_equal(bl, strlen(s));
        assert_string_equal(back, s);
}

static void refuses_what_is_not_text(void **state)
{
        wchar_t w[8];
        char b[8];
        const wchar_t lone[] = { L'a', 0xD800, L'b' };

        assert_int_equal(utf16_from_utf8("a\xff", 2, w, 8, NULL), -EINVAL);
        assert_int_equal(utf16_from_utf8("\xed\xa0\x80", 3, w, 8, NULL), -EINVAL); /* surrogate */
        assert_int_equal(utf16_to_utf8(lone, 3, b, sizeof b, NULL), -EINVAL);
}

static void refuses_what_does_not_fit(void **state)
{
        wchar_t w[4];
        char b[4];

        assert_int_equal(utf16_from_utf8("abcd", 4, w, 4, NULL), -ENOSPC); /* no room for the NUL */
        assert_int_equal(utf16_from_utf8("abc", 3, w, 4, NULL), 0);
        assert_int_equal(utf16_to_utf8(L"\u20ac\u20ac", 2, b, sizeof b, NULL), -ENOSPC);
}

static void empty_is_empty(void **state)
{
        wchar_t w[2] = { L'x', L'x' };
        size_t n = 9;

        assert_int_equal(utf16_from_utf8("", 0, w, 2, &n), 0);
        assert_int_equal(n, 0);
        assert_int_equal(w[0], L'\0');
}

static enum lineedit_event feed_all(struct utf16_feed *f, struct lineedit *le, const wchar_t *u, size_t n)
{
        enum lineedit_event ev = LINEEDIT_MORE;

        for (size_t i = 0; i < n; i++)
                ev = utf16_feed_unit(f, le, u[i]);
        return ev;
}

static void console_units_become_utf8_lines(void **state)
{
        char buf[64];
        struct lineedit le;
        struct utf16_feed f = { 0 };
        const wchar_t typed[] = { L'p', 0x00E4, 0xD834, 0xDD1E, 0x20AC, L'\r' };

        lineedit_init(&le, buf, sizeof buf);
        assert_int_equal(feed_all(&f, &le, typed, 6), LINEEDIT_LINE);
        assert_string_equal(le.buf, "p\xc3\xa4\xf0\x9d\x84\x9e\xe2\x82\xac");
        assert_null(lineedit_problem(&le));
}

static void backspace_erases_a_whole_pair(void **state)
{
        char buf[64];
        struct lineedit le;
        struct utf16_feed f = { 0 };
        const wchar_t typed[] = { L'a', 0xD834, 0xDD1E, 0x08, L'b', L'\r' };

        lineedit_init(&le, buf, sizeof buf);
        assert_int_equal(feed_all(&f, &le, typed, 6), LINEEDIT_LINE);
        assert_string_equal(le.buf, "ab");
}

static void lone_surrogates_make_the_line_unusable(void **state)
{
        char buf[64];
        struct lineedit le;
        struct utf16_feed f = { 0 };
        const wchar_t high_alone[] = { L'a', 0xD834, L'b', L'\r' };
        const wchar_t low_alone[] = { L'a', 0xDD1E, L'\r' };

        lineedit_init(&le, buf, sizeof buf);
        assert_int_equal(feed_all(&f, &le, high_alone, 4), LINEEDIT_LINE);
        assert_non_null(lineedit_problem(&le));
        lineedit_reset(&le);
        assert_int_equal(feed_all(&f, &le, low_alone, 3), LINEEDIT_LINE);
        assert_non_null(lineedit_problem(&le));
}

static void ctrl_z_on_an_empty_line_ends_input(void **state)
{
        char buf[16];
        struct lineedit le;
        struct utf16_feed f = { 0 };

        lineedit_init(&le, buf, sizeof buf);
        assert_int_equal(utf16_feed_unit(&f, &le, 0x1A), LINEEDIT_EOF);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(round_trip_keeps_every_plane),
                cmocka_unit_test(refuses_what_is_not_text),
                cmocka_unit_test(refuses_what_does_not_fit),
                cmocka_unit_test(empty_is_empty),
                cmocka_unit_test(console_units_become_utf8_lines),
                cmocka_unit_test(backspace_erases_a_whole_pair),
                cmocka_unit_test(lone_surrogates_make_the_line_unusable),
                cmocka_unit_test(ctrl_z_on_an_empty_line_ends_input),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
