/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <windows.h>

#include "utf16.h"
#include "utf16-feed.h"

#define NOT_UTF8 0xFF
#define CTRL_Z 0x1A
#define CTRL_D 0x04

enum lineedit_event utf16_feed_unit(struct utf16_feed *f, struct lineedit *le, wchar_t u)
{
        wchar_t units[2];
        size_t n = 0, len = 0;
        char bytes[8];
        enum lineedit_event ev = LINEEDIT_MORE;

        if (f->pending_high) {
                wchar_t high = f->pending_high;

                f->pending_high = 0;
                if (u >= 0xDC00 && u <= 0xDFFF) {
                        units[n++] = high;
                        units[n++] = u;
                } else if ((ev = lineedit_feed(le, NOT_UTF8)) != LINEEDIT_MORE)
                        return ev;
        }
        if (n == 0) {
                if (u >= 0xD800 && u <= 0xDBFF) {
                        f->pending_high = u;
                        return LINEEDIT_MORE;
                }
                if (u >= 0xDC00 && u <= 0xDFFF)
                        return lineedit_feed(le, NOT_UTF8);
                units[n++] = u == CTRL_Z ? CTRL_D : u;
        }
        if (utf16_to_utf8(units, n, bytes, sizeof bytes, &len) < 0)
                ev = lineedit_feed(le, NOT_UTF8);
        for (size_t i = 0; i < len && ev == LINEEDIT_MORE; i++)
                ev = lineedit_feed(le, (unsigned char) bytes[i]);
        SecureZeroMemory(bytes, sizeof bytes);
        SecureZeroMemory(units, sizeof units);
        return ev;
}
