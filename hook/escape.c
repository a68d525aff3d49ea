/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

/* The shown form of the character at s[i]: fills piece, returns how many
 * input bytes it covers. */
static size_t piece_at(const unsigned char *s, size_t len, size_t i, char piece[8], size_t *ret_plen)
{
        size_t l = utf8_sequence_length(s + i, len - i);

        if (l == 1 && (s[i] < 0x20 || s[i] == 0x7F || s[i] == '\\'))
                l = 0;
        if (l > 1 && unicode_is_space_or_control(utf8_decode(s + i, l)))
                l = 0;
        if (l == 0) {
                *ret_plen = (size_t) snprintf(piece, 8, "\\x%02x", s[i]);
                return 1;
        }
        memcpy(piece, s + i, l);
        *ret_plen = l;
        return l;
}

void escape_display(const char *in, size_t len, char *out, size_t outlen)
{
        const unsigned char *s = (const unsigned char *) in;
        size_t total = 0, o = 0, reserve;
        char piece[8];
        size_t plen;

        if (outlen == 0)
                return;
        for (size_t i = 0; i < len; total += plen)
                i += piece_at(s, len, i, piece, &plen);
        /* Room for "..." only when the whole text does not fit. */
        reserve = total + 1 <= outlen ? 0 : 3;
        for (size_t i = 0; i < len;) {
                size_t l = piece_at(s, len, i, piece, &plen);

                if (o + plen + reserve + 1 > outlen)
                        break;
                memcpy(out + o, piece, plen);
                o += plen;
                i += l;
        }
        if (reserve && o + reserve + 1 <= outlen) {
                memcpy(out + o, "...", 3);
                o += 3;
        }
        out[o] = '\0';
}

/* escape_terminal(), with newline and tab kept (layout) or escaped too. */
static size_t escape_controls(const char *text, bool layout, char *out, size_t outlen)
{
        const unsigned char *s = (const unsigned char *) text;
        size_t n = strlen(text), o = 0;

        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length(s + i, n - i);
                unsigned cp = l ? utf8_decode(s + i, l) : 0;
                bool kept = layout && (cp == '\n' || cp == '\t');
                bool escape = l == 0 || (cp < 0x20 && !kept) || (cp >= 0x7F && cp <= 0x9F);
                size_t take = l ? l : 1;

                if (o + (escape ? 4 * take : take) > outlen)
                        break;
                for (size_t k = 0; k < take; k++) {
                        if (escape) {
                                char hex[5];
                                snprintf(hex, sizeof hex, "\\x%02x", s[i + k]);
                                memcpy(out + o, hex, 4);
                                o += 4;
                        } else
                                out[o++] = (char) s[i + k];
                }
                i += take;
        }
        return o;
}

size_t escape_terminal(const char *text, char *out, size_t outlen)
{
        return escape_controls(text, true, out, outlen);
}

void escape_line(const char *text, char *out, size_t outlen)
{
        size_t o;

        if (outlen == 0)
                return;
        o = escape_controls(text, false, out, outlen - 1);
        out[o] = '\0';
}
