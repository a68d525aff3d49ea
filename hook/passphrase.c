/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "os/random.h"
#include "os/secmem.h"
#include "passphrase.h"

#define LONGEST_WORD 9

static size_t longest_run(const char *w, int step)
{
        size_t run = 1, longest = 1;

        for (size_t i = 1; w[i]; i++) {
                run = w[i] == w[i - 1] + step ? run + 1 : 1;
                if (run > longest)
                        longest = run;
        }
        return longest;
}

static bool word_fits(const char *w, const struct passphrase_shape *s)
{
        if (s->max_class_run && strlen(w) > s->max_class_run)
                return false;
        if (s->max_repeat && longest_run(w, 0) > s->max_repeat)
                return false;
        if (s->max_sequence && (longest_run(w, 1) > s->max_sequence || longest_run(w, -1) > s->max_sequence))
                return false;
        return true;
}

size_t passphrase_usable_words(const struct passphrase_shape *shape)
{
        size_t n = 0;

        for (size_t i = 0; i < passphrase_list_size; i++)
                n += word_fits(passphrase_list[i], shape);
        return n;
}

double passphrase_bits(unsigned words, size_t usable)
{
        return usable < 2 ? 0 : words * log2((double) usable);
}

unsigned passphrase_word_count(const struct passphrase_shape *shape, size_t usable)
{
        unsigned words = 1;

        if (usable < 2)
                return 0;
        while (passphrase_bits(words, usable) < GENERATE_MIN_ENTROPY_BITS)
                words++;
        if (words < shape->capitals)
                words = shape->capitals;
        if (words < shape->separators + 1)
                words = shape->separators + 1;
        /* The shortest words, 3 letters, must still make min_length. */
        while (words * 4 - 1 + (shape->digits ? shape->digits + 1 : 0) < shape->min_length)
                words++;
        return words;
}

/* Random bytes, taken from a pool refilled from os_random(). */
struct pool {
        unsigned char bytes[64];
        size_t used;
};

static int pool_u32(struct pool *p, uint32_t *ret)
{
        int r;

        if (p->used + 4 > sizeof p->bytes) {
                if ((r = os_random(p->bytes, sizeof p->bytes)) < 0)
                        return r;
                p->used = 0;
        }
        memcpy(ret, p->bytes + p->used, 4);
        p->used += 4;
        return 0;
}

/* A number uniform in [0, n): draws beyond the last whole multiple of n
 * below 2^32 are drawn again, so that no value is likelier than another. */
static int uniform_below(struct pool *p, uint32_t n, uint32_t *ret)
{
        const uint64_t limit = (UINT64_C(1) << 32) / n * n;
        uint32_t v;
        int r;

        do
                if ((r = pool_u32(p, &v)) < 0)
                        return r;
        while ((uint64_t) v >= limit);
        *ret = v % n;
        return 0;
}

static int fill(const struct passphrase_shape *s, const uint16_t *usable, size_t n_usable, unsigned words,
                struct pool *p, char *buf)
{
        size_t len = 0;
        uint32_t k;
        int r;

        for (unsigned i = 0; i < words; i++) {
                if ((r = uniform_below(p, (uint32_t) n_usable, &k)) < 0)
                        return r;
                const char *w = passphrase_list[usable[k]];
                size_t wl = strlen(w);

                if (i > 0)
                        buf[len++] = PASSPHRASE_SEPARATOR;
                memcpy(buf + len, w, wl);
                if (i < s->capitals)
                        buf[len] = (char) (buf[len] - 'a' + 'A');
                len += wl;
        }
        if (s->digits)
                buf[len++] = PASSPHRASE_SEPARATOR;
        for (unsigned i = 0; i < s->digits; i++) {
                if ((r = uniform_below(p, 10, &k)) < 0)
                        return r;
                buf[len++] = (char) ('0' + k);
        }
        buf[len] = '\0';
        return 0;
}

int passphrase_generate(const struct passphrase_shape *shape, generate_accept_fn accept, void *userdata, unsigned tries,
                        char *buf, size_t n)
{
        uint16_t usable[8192];
        struct pool pool = { .used = sizeof pool.bytes };
        size_t n_usable = 0;
        unsigned words;
        int r = -EAGAIN;

        for (size_t i = 0; i < passphrase_list_size && n_usable < sizeof usable / sizeof usable[0]; i++)
                if (word_fits(passphrase_list[i], shape))
                        usable[n_usable++] = (uint16_t) i;
        secure_wipe(buf, n);
        if (!(words = passphrase_word_count(shape, n_usable)))
                return -EDOM;
        /* The longest phrase this shape can make, and its NUL, must fit. */
        if ((size_t) words * (LONGEST_WORD + 1) + (shape->digits ? shape->digits + 1 : 0) > n)
                return -EINVAL;
        for (unsigned t = 0; t < tries; t++) {
                r = fill(shape, usable, n_usable, words, &pool, buf);
                if (r == 0)
                        r = accept(userdata, buf);
                if (r == 1)
                        break;
                secure_wipe(buf, n);
                if (r < 0)
                        break;
                r = -EAGAIN;
        }
        secure_wipe(&pool, sizeof pool);
        return r == 1 ? 0 : r;
}
