/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "utf8.h"

size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
        if (n == 0)
                return 0;
        unsigned char c = s[0];
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */

        if (c < 0x80)
                return 1;
        else if (c >= 0xC2 && c <= 0xDF)
                len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                if (c == 0xE0)
                        lo = 0xA0; /* overlong */
                else if (c == 0xED)
                        hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                if (c == 0xF0)
                        lo = 0x90; /* overlong */
                else if (c == 0xF4)
                        hi = 0x8F; /* beyond U+10FFFF */
        } else
                return 0;

        if (n < len)
                return 0;
        if (s[1] < lo || s[1] > hi)
                return 0;
        for (size_t i = 2; i < len; i++)
                if (s[i] < 0x80 || s[i] > 0xBF)
                        return 0;
        return len;
}

bool utf8_valid(const unsigned char *s, size_t n)
{
        while (n > 0) {
                size_t l = utf8_sequence_length(s, n);
                if (l == 0)
                        return false;
                s += l;
                n -= l;
        }
        return true;
}

bool utf8_has_c1_control(const unsigned char *s, size_t n)
{
        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length(s + i, n - i);

                if (l == 2 && utf8_decode(s + i, l) <= 0x9F)
                        return true;
                i += l ? l : 1;
        }
        return false;
}

unsigned utf8_decode(const unsigned char *s, size_t len)
{
        static const unsigned char lead_mask[5] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
        unsigned cp = s[0] & lead_mask[len];

        for (size_t i = 1; i < len; i++)
                cp = (cp << 6) | (s[i] & 0x3F);
        return cp;
}

bool unicode_is_space_or_control(unsigned cp)
{
        return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) ||
               (cp >= 0x2028 && cp <= 0x202F) || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
}
