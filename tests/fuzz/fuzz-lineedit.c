/* SPDX-License-Identifier: Apache-2.0 */
/* Arbitrary terminal bytes through lineedit_feed(), into a small buffer (1 to
 * 16 bytes, chosen by the first input byte) and into the 512-byte buffer
 * terminal_ask() uses, both exact-size heap allocations. After every byte:
 * len < cap, the text is NUL-terminated, nothing of an erased secret is left
 * behind len, no control byte is ever stored; the events are the documented
 * ones; a line lineedit_problem() accepts is control-free UTF-8. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "lineedit.h"
#include "utf8.h"

#define CTRL(c) ((c) &0x1F)

/* After every byte. The whole of the buffer is looked at after the bytes that
 * remove text (and at the end): only those could leave something behind. */
static void check_state(const struct lineedit *le, bool whole)
{
        CHECK(le->len < le->cap);
        CHECK(le->buf[le->len] == '\0');
        CHECK((le->flags & ~(unsigned) (LINEEDIT_HAD_CONTROL | LINEEDIT_TOO_LONG)) == 0);
        if (!whole) {
                if (le->len > 0) {
                        unsigned char b = (unsigned char) le->buf[le->len - 1];
                        CHECK(b >= 0x20 && b != 0x7F);
                }
                return;
        }
        for (size_t i = 0; i < le->len; i++) {
                unsigned char b = (unsigned char) le->buf[i];
                CHECK(b >= 0x20 && b != 0x7F); /* no CR, LF, ESC, NUL, ... */
        }
        for (size_t i = le->len; i < le->cap; i++)
                CHECK(le->buf[i] == '\0'); /* NUL-terminated, no residue */
}

static void check_wiped(const struct lineedit *le)
{
        CHECK(le->len == 0 && le->flags == 0);
        for (size_t i = 0; i < le->cap; i++)
                CHECK(le->buf[i] == '\0');
}

/* A line that lineedit_problem() lets through becomes a password: the README
 * promises it holds no control character (C0, DEL or C1) and is UTF-8. */
static void check_line(const struct lineedit *le)
{
        const unsigned char *s = (const unsigned char *) le->buf;
        const char *problem = lineedit_problem(le);

        CHECK(strlen(le->buf) == le->len);
        if (le->flags & LINEEDIT_TOO_LONG)
                CHECK(problem != NULL);
        if (le->flags & LINEEDIT_HAD_CONTROL)
                CHECK(problem != NULL);
        if (problem)
                return;
        for (size_t i = 0; i < le->len;) {
                size_t l = utf8_sequence_length(s + i, le->len - i);
                unsigned cp;

                CHECK(l > 0);
                cp = utf8_decode(s + i, l);
                CHECK(cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F));
                i += l;
        }
}

static void feed(struct lineedit *le, unsigned char c)
{
        size_t len = le->len;
        unsigned flags = le->flags;
        bool after_cr = le->after_cr;
        enum lineedit_event ev = lineedit_feed(le, c);

        check_state(le, c < 0x20 || c == 0x7F);
        CHECK(le->after_cr == (c == '\r'));
        switch (c) {
        case '\r':
                CHECK(ev == LINEEDIT_LINE);
                break;
        case '\n':
                CHECK(ev == (after_cr && len == 0 && flags == 0 ? LINEEDIT_MORE : LINEEDIT_LINE));
                break;
        case CTRL('D'):
                CHECK(ev == (len == 0 && flags == 0 ? LINEEDIT_EOF : LINEEDIT_MORE));
                CHECK(le->len == len && le->flags == flags);
                break;
        case CTRL('U'):
                CHECK(ev == LINEEDIT_MORE);
                check_wiped(le);
                break;
        case CTRL('H'):
        case 0x7F:
                CHECK(ev == LINEEDIT_MORE);
                CHECK(len == 0 ? le->len == 0 : le->len < len);
                CHECK(le->flags == flags);
                break;
        default:
                CHECK(ev == LINEEDIT_MORE);
                if (c < 0x20) {
                        CHECK(le->len == len && le->flags == (flags | LINEEDIT_HAD_CONTROL));
                } else if (len + 1 < le->cap) {
                        CHECK(le->len == len + 1 && (unsigned char) le->buf[len] == c);
                        CHECK(le->flags == flags);
                } else
                        CHECK(le->len == len && le->flags == (flags | LINEEDIT_TOO_LONG));
        }
        if (ev == LINEEDIT_MORE)
                return;
        if (ev == LINEEDIT_LINE)
                check_line(le);
        /* As terminal_ask() does: the next line starts afresh, after_cr survives. */
        lineedit_reset(le);
        CHECK(le->after_cr == (c == '\r'));
        check_wiped(le);
}

static struct lineedit *editor(size_t cap)
{
        struct lineedit *le = malloc(sizeof *le);
        char *buf = malloc(cap);

        CHECK(le && buf);
        memset(buf, 'Z', cap); /* whatever the memory held before */
        lineedit_init(le, buf, cap);
        check_wiped(le);
        CHECK(!le->after_cr);
        return le;
}

static void drop(struct lineedit *le)
{
        free(le->buf);
        free(le);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct lineedit *small, *big;

        if (size == 0)
                return 0;
        small = editor(1 + data[0] % 16);
        big = editor(512);
        for (size_t i = 1; i < size; i++) {
                feed(small, data[i]);
                feed(big, data[i]);
        }
        check_state(small, true);
        check_state(big, true);
        /* What fits in both is the same line in both. */
        if (!(small->flags & LINEEDIT_TOO_LONG) && !(big->flags & LINEEDIT_TOO_LONG))
                CHECK(small->len == big->len && memcmp(small->buf, big->buf, big->len) == 0);
        drop(small);
        drop(big);
        return 0;
}
