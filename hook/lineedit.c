/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdio.h>

#include "lineedit.h"
#include "os/secmem.h"
#include "utf8.h"

#define CTRL(c) ((c) &0x1F)

void lineedit_init(struct lineedit *le, char *buf, size_t cap)
{
        *le = (struct lineedit){ .buf = buf, .cap = cap };
        lineedit_reset(le);
}

void lineedit_reset(struct lineedit *le)
{
        secure_wipe(le->buf, le->cap);
        le->len = 0;
        le->flags = 0;
}

static void erase_last_character(struct lineedit *le)
{
        /* Drop UTF-8 continuation bytes, then the lead byte. */
        while (le->len > 0 && ((unsigned char) le->buf[le->len - 1] & 0xC0) == 0x80)
                le->buf[--le->len] = '\0';
        if (le->len > 0)
                le->buf[--le->len] = '\0';
}

enum lineedit_event lineedit_feed(struct lineedit *le, unsigned char c)
{
        bool after_cr = le->after_cr;

        le->after_cr = false;
        switch (c) {
        case '\n':
                if (after_cr && le->len == 0 && le->flags == 0)
                        return LINEEDIT_MORE; /* second half of CRLF */
                return LINEEDIT_LINE;
        case '\r':
                le->after_cr = true;
                return LINEEDIT_LINE;
        case 0x7F:
        case CTRL('H'):
                erase_last_character(le);
                return LINEEDIT_MORE;
        case CTRL('U'):
                lineedit_reset(le);
                return LINEEDIT_MORE;
        case CTRL('D'):
                return le->len == 0 && le->flags == 0 ? LINEEDIT_EOF : LINEEDIT_MORE;
        }
        if (c < 0x20) {
                le->flags |= LINEEDIT_HAD_CONTROL;
                return LINEEDIT_MORE;
        }
        if (le->len + 1 >= le->cap) {
                le->flags |= LINEEDIT_TOO_LONG;
                return LINEEDIT_MORE;
        }
        le->buf[le->len++] = (char) c;
        le->buf[le->len] = '\0';
        return LINEEDIT_MORE;
}

const char *lineedit_problem(const struct lineedit *le)
{
        const unsigned char *s = (const unsigned char *) le->buf;

        if (le->flags & LINEEDIT_TOO_LONG)
                return "That password is too long.";
        if (le->flags & LINEEDIT_HAD_CONTROL)
                return "Control characters are not allowed in a password.";
        if (!utf8_valid(s, le->len))
                return "That password is not valid UTF-8 text.";
        if (utf8_has_c1_control(s, le->len))
                return "Control characters are not allowed in a password.";
        return NULL;
}

bool lineedit_explain(const struct lineedit *le, char *buf, size_t n)
{
        const char *problem = lineedit_problem(le);

        if (!problem)
                return false;
        if (le->flags & LINEEDIT_TOO_LONG)
                snprintf(buf, n, "That is longer than %zu bytes.", le->cap - 1);
        else
                snprintf(buf, n, "%s", problem);
        return true;
}
