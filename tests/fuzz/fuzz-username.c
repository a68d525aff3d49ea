/* SPDX-License-Identifier: Apache-2.0 */
/* username_check(), username_strerror() and escape_display() on arbitrary
 * bytes. escape_display() writes into exact-size heap buffers from 0 bytes up,
 * so a write past outlen is an ASan report. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "escape.h"
#include "username.h"
#include "utf8.h"

static int hexval(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        return -1;
}

/* What escape_display() writes must be safe to show and to log: valid UTF-8
 * (bad bytes are escaped), no C0/DEL/C1 control, no Unicode blank. */
static void check_shown(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *) s;

        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length(u + i, n - i);

                CHECK(l > 0);
                CHECK(u[i] >= 0x20 && u[i] != 0x7F);
                CHECK(!unicode_is_space_or_control(utf8_decode(u + i, l)));
                i += l;
        }
}

/* Undoes the \xNN escapes of a text that was not cut; the result must be the
 * input, byte for byte. A lone '\' cannot occur: it is written as \x5c. */
static void check_round_trip(const char *shown, size_t n, const uint8_t *in, size_t len)
{
        size_t j = 0;

        for (size_t i = 0; i < n; j++) {
                int c;

                if (shown[i] == '\\') {
                        CHECK(i + 4 <= n);
                        CHECK(shown[i + 1] == 'x');
                        CHECK(hexval(shown[i + 2]) >= 0 && hexval(shown[i + 3]) >= 0);
                        c = hexval(shown[i + 2]) * 16 + hexval(shown[i + 3]);
                        i += 4;
                } else
                        c = (unsigned char) shown[i++];
                CHECK(j < len && in[j] == c);
        }
        CHECK(j == len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *name = (const char *) data;
        enum username_error e = username_check(name, size);
        const char *msg = username_strerror(e);
        size_t full_cap = size * 4 + 1, full_len;
        char *full = malloc(full_cap);
        static const size_t sizes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 33, 4 * USERNAME_MAX + 64 };

        CHECK(e >= USERNAME_OK && e <= USERNAME_DOTS);
        /* The Windows rules: the POSIX ones, inner spaces allowed, no domain. */
        enum username_error w = username_check_flavor(name, size, USERNAME_WINDOWS);
        CHECK(strcmp(username_strerror(w), "the user name is invalid") != 0);
        if (e == USERNAME_OK)
                CHECK(w == USERNAME_OK || w == USERNAME_NOT_LOCAL); /* a POSIX name may hold '@' */
        if (w == USERNAME_OK) {
                CHECK(memchr(data, '\\', size) == NULL && memchr(data, '@', size) == NULL);
                CHECK(size > 0 && data[0] != ' ' && data[size - 1] != ' ');
        }
        CHECK(msg && msg[0]);
        CHECK(strcmp(msg, "the user name is invalid") != 0); /* every code has its own words */

        /* Room for everything: 4 bytes per input byte at most, and the NUL. */
        CHECK(full);
        escape_display(name, size, full, full_cap);
        full_len = strlen(full);
        CHECK(full_len < full_cap);
        check_shown(full, full_len);
        check_round_trip(full, full_len, data, size);
        if (e == USERNAME_OK) {
                /* A valid name is shown as it is, in the room the program gives it. */
                char shown[4 * USERNAME_MAX + 64];

                CHECK(size <= USERNAME_MAX);
                escape_display(name, size, shown, sizeof shown);
                CHECK(strlen(shown) == size && memcmp(shown, data, size) == 0);
                CHECK(utf8_valid(data, size));
                CHECK(memchr(data, '\\', size) == NULL && memchr(data, ':', size) == NULL &&
                      memchr(data, '/', size) == NULL && memchr(data, ' ', size) == NULL);
                CHECK(data[0] != '-' && data[0] != '+');
        }

        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
                size_t outlen = sizes[k];
                /* An exact-size buffer plus one canary byte where outlen is 0. */
                char *out = malloc(outlen ? outlen : 1);
                size_t n;

                CHECK(out);
                if (outlen == 0) {
                        out[0] = 'Z';
                        escape_display(name, size, out, 0);
                        CHECK(out[0] == 'Z'); /* nothing written, not even a NUL */
                        free(out);
                        continue;
                }
                memset(out, 'Z', outlen);
                escape_display(name, size, out, outlen);
                CHECK(memchr(out, '\0', outlen));
                n = strlen(out);
                check_shown(out, n);
                if (full_len < outlen) {
                        CHECK(strcmp(out, full) == 0); /* fits: not cut */
                } else if (outlen >= 4) {
                        /* Cut: a prefix of whole pieces, then "...". */
                        CHECK(n >= 3 && memcmp(out + n - 3, "...", 3) == 0);
                        CHECK(memcmp(out, full, n - 3) == 0);
                        CHECK(n - 3 < full_len);
                        /* Only as much was dropped as had to be: the next
                         * piece (at most 4 bytes) would not have fitted. */
                        CHECK(n + 4 + 1 > outlen);
                } else
                        CHECK(n == 0); /* no room for a piece and "..." */
                free(out);
        }
        free(full);
        return 0;
}
