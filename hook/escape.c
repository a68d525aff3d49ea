#include "config.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

void escape_display(const char *in, size_t len, char *out, size_t outlen)
{
        const unsigned char *s = (const unsigned char *) in;
        size_t o = 0;

        if (outlen == 0)
                return;
        for (size_t i = 0; i < len;) {
                size_t l = utf8_sequence_length(s + i, len - i);
                char piece[8];
                size_t plen;

                if (l == 1 && (s[i] < 0x20 || s[i] == 0x7F || s[i] == '\\'))
                        l = 0;
                if (l > 1 && unicode_is_space_or_control(utf8_decode(s + i, l)))
                        l = 0;
                if (l == 0) {
                        plen = (size_t) snprintf(piece, sizeof piece, "\\x%02x", s[i]);
                        l = 1;
                } else {
                        memcpy(piece, s + i, l);
                        plen = l;
                }
                if (o + plen + 4 > outlen) {
                        /* Leave room for "..." and the NUL. */
                        if (o + 4 <= outlen) {
                                memcpy(out + o, "...", 3);
                                o += 3;
                        }
                        break;
                }
                memcpy(out + o, piece, plen);
                o += plen;
                i += l;
        }
        out[o] = '\0';
}
