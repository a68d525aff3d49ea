/* SPDX-License-Identifier: Apache-2.0 */
/* os_random() through BCryptGenRandom (under Wine, its implementation). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "os/random.h"

static void fills_buffers_with_different_bytes(void **state)
{
        unsigned char a[64] = { 0 }, b[64] = { 0 }, zero[64] = { 0 };

        assert_int_equal(os_random(a, sizeof a), 0);
        assert_int_equal(os_random(b, sizeof b), 0);
        assert_memory_not_equal(a, zero, sizeof a);
        assert_memory_not_equal(a, b, sizeof a);
}

static void odd_sizes_are_filled_to_the_end(void **state)
{
        static const size_t sizes[] = { 1, 3, 31, 4097, 65537 };

        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
                size_t n = sizes[i];
                unsigned char *p = calloc(n + 1, 1);
                int tail_set = 0;

                assert_non_null(p);
                p[n] = 0xa5;
                for (int t = 0; t < 8 && !tail_set; t++) { /* the last byte stays 0 by chance 1 in 256 */
                        assert_int_equal(os_random(p, n), 0);
                        tail_set = p[n - 1] != 0;
                }
                assert_true(tail_set);
                assert_int_equal(p[n], 0xa5); /* nothing past the end */
                free(p);
        }
}

static void nothing_asked_nothing_written(void **state)
{
        unsigned char c = 0x5a;

        assert_int_equal(os_random(&c, 0), 0);
        assert_int_equal(c, 0x5a);
}

static void every_byte_value_is_about_as_likely(void **state)
{
        const size_t n = 1 << 20;
        unsigned char *p = malloc(n);
        unsigned count[256] = { 0 };

        assert_non_null(p);
        assert_int_equal(os_random(p, n), 0);
        for (size_t i = 0; i < n; i++)
                count[p[i]]++;
        /* 4096 each, standard deviation 64: seven of them either way. */
        for (int v = 0; v < 256; v++) {
                assert_in_range(count[v], 4096 - 448, 4096 + 448);
        }
        free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(fills_buffers_with_different_bytes),
                cmocka_unit_test(odd_sizes_are_filled_to_the_end),
                cmocka_unit_test(nothing_asked_nothing_written),
                cmocka_unit_test(every_byte_value_is_about_as_likely),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
