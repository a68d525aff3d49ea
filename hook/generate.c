/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "generate.h"
#include "os/random.h"
#include "os/secmem.h"

/* '!' (0x21) to '~' (0x7E). */
#define FIRST_CHAR 0x21
/* Bytes below this are used, the rest drawn again: 94 * 2 = 188, so each
 * character comes from 2 of the 188 values it may take. */
#define USABLE_BYTES (GENERATE_ALPHABET_SIZE * (256 / GENERATE_ALPHABET_SIZE))

static int fill(char *buf, size_t length)
{
        unsigned char pool[64];
        size_t have = 0, used = 0;
        int r = 0;

        for (size_t i = 0; i < length;) {
                if (used == have) {
                        if ((r = os_random(pool, sizeof pool)) < 0)
                                break;
                        have = sizeof pool;
                        used = 0;
                }
                unsigned char b = pool[used++];
                if (b < USABLE_BYTES)
                        buf[i++] = (char) (FIRST_CHAR + b % GENERATE_ALPHABET_SIZE);
        }
        secure_wipe(pool, sizeof pool);
        buf[length] = '\0';
        return r;
}

int generate_uniform(size_t length, generate_accept_fn accept, void *userdata, unsigned tries, char *buf, size_t n)
{
        if (length < GENERATE_MIN_LENGTH)
                length = GENERATE_MIN_LENGTH;
        if (length + 1 > n)
                return -EINVAL;
        for (unsigned t = 0; t < tries; t++) {
                int r = fill(buf, length);

                if (r == 0)
                        r = accept(userdata, buf);
                if (r == 1)
                        return 0;
                secure_wipe(buf, n);
                if (r < 0)
                        return r;
        }
        return -EAGAIN;
}

double generate_uniform_bits(size_t length)
{
        return (double) length * 6.554588851677637; /* log2(94) */
}
