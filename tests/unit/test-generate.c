/* SPDX-License-Identifier: Apache-2.0 */
/* hook/generate.c: uniform passwords by rejection sampling. os_random() is
 * the test's own: the kernel's getrandom() for the statistics, a scripted
 * byte sequence to see which bytes are used and how, or a failure. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/random.h>

#include <cmocka.h>

#include "generate.h"
#include "os/random.h"

static enum { KERNEL, SCRIPTED, FAILING } source;
static unsigned scripted_next; /* SCRIPTED: the next byte is scripted_next % 256 */

int os_random(void *buf, size_t n)
{
        unsigned char *p = buf;

        switch (source) {
        case KERNEL:
                return getrandom(buf, n, 0) == (ssize_t) n ? 0 : -EIO;
        case SCRIPTED:
                for (size_t i = 0; i < n; i++)
                        p[i] = (unsigned char) (scripted_next++ % 256);
                return 0;
        case FAILING:
                break;
        }
        return -EIO;
}

static unsigned asked;

static int accept_all(void *userdata, const char *candidate)
{
        asked++;
        return 1;
}

static int refuse_all(void *userdata, const char *candidate)
{
        asked++;
        return 0;
}

static int fail_at_once(void *userdata, const char *candidate)
{
        asked++;
        return -EPERM;
}

static int setup(void **state)
{
        source = KERNEL;
        scripted_next = 0;
        asked = 0;
        return 0;
}

static bool all_zero(const char *buf, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (buf[i] != 0)
                        return false;
        return true;
}

static void bytes_map_onto_the_94_characters_and_the_rest_are_drawn_again(void **state)
{
        char buf[256];

        /* Bytes 0, 1, 2, ...: the first 20 are used as they come. */
        source = SCRIPTED;
        assert_int_equal(generate_uniform(20, accept_all, NULL, 1, buf, sizeof buf), 0);
        assert_string_equal(buf, "!\"#$%&'()*+,-./01234");

        /* From byte 180 on: 180..187 are used, 188..255 skipped, then 0... */
        scripted_next = 180;
        assert_int_equal(generate_uniform(20, accept_all, NULL, 1, buf, sizeof buf), 0);
        for (unsigned i = 0; i < 8; i++)
                assert_int_equal(buf[i], 0x21 + (180 + i) % 94);
        for (unsigned i = 8; i < 20; i++)
                assert_int_equal(buf[i], 0x21 + (i - 8));
}

static void every_character_is_printable_and_none_is_a_space(void **state)
{
        char buf[513];
        bool seen[128] = { false };

        for (int round = 0; round < 200; round++) {
                assert_int_equal(generate_uniform(512, accept_all, NULL, 1, buf, sizeof buf), 0);
                assert_int_equal(strlen(buf), 512);
                for (size_t i = 0; i < 512; i++) {
                        unsigned char c = (unsigned char) buf[i];
                        assert_true(c >= 0x21 && c <= 0x7e);
                        seen[c] = true;
                }
        }
        for (unsigned c = 0x21; c <= 0x7e; c++)
                assert_true(seen[c]);
}

/* Pearson's chi-squared over the 94 characters, 94,000 draws: 93 degrees of
 * freedom, and 170 is beyond the 1-in-10-million tail. Plain "byte % 94"
 * (characters 0..67 a half likelier) scores in the thousands. */
static void characters_are_uniform(void **state)
{
        enum { PER_CHAR = 1000, TOTAL = PER_CHAR * GENERATE_ALPHABET_SIZE, LEN = 500 };
        unsigned long count[GENERATE_ALPHABET_SIZE] = { 0 };
        char buf[LEN + 1];
        double chi2 = 0;

        for (unsigned drawn = 0; drawn < TOTAL; drawn += LEN) {
                assert_int_equal(generate_uniform(LEN, accept_all, NULL, 1, buf, sizeof buf), 0);
                for (size_t i = 0; i < LEN; i++)
                        count[buf[i] - 0x21]++;
        }
        for (size_t c = 0; c < GENERATE_ALPHABET_SIZE; c++) {
                double d = (double) count[c] - PER_CHAR;
                chi2 += d * d / PER_CHAR;
        }
        print_message("chi-squared over 94 characters: %.1f\n", chi2);
        assert_true(chi2 < 170.0);
}

static void short_lengths_are_raised_to_the_minimum(void **state)
{
        char buf[64];

        assert_int_equal(generate_uniform(8, accept_all, NULL, 1, buf, sizeof buf), 0);
        assert_int_equal(strlen(buf), GENERATE_MIN_LENGTH);
        assert_true(generate_uniform_bits(GENERATE_MIN_LENGTH) >= GENERATE_MIN_ENTROPY_BITS);
}

static void a_buffer_too_small_is_einval(void **state)
{
        char buf[GENERATE_MIN_LENGTH + 1];

        assert_int_equal(generate_uniform(GENERATE_MIN_LENGTH + 1, accept_all, NULL, 1, buf, sizeof buf), -EINVAL);
        assert_int_equal(asked, 0);
        assert_int_equal(generate_uniform(GENERATE_MIN_LENGTH, accept_all, NULL, 1, buf, sizeof buf), 0);
}

static void refused_candidates_are_wiped_and_the_end_is_eagain(void **state)
{
        char buf[64];

        memset(buf, 'x', sizeof buf);
        assert_int_equal(generate_uniform(30, refuse_all, NULL, 7, buf, sizeof buf), -EAGAIN);
        assert_int_equal(asked, 7);
        assert_true(all_zero(buf, sizeof buf));
}

static void an_error_of_accept_stops_at_once(void **state)
{
        char buf[64];

        assert_int_equal(generate_uniform(30, fail_at_once, NULL, 7, buf, sizeof buf), -EPERM);
        assert_int_equal(asked, 1);
        assert_true(all_zero(buf, sizeof buf));
}

static void no_randomness_no_password(void **state)
{
        char buf[64];

        source = FAILING;
        memset(buf, 'x', sizeof buf);
        assert_int_equal(generate_uniform(30, accept_all, NULL, 7, buf, sizeof buf), -EIO);
        assert_int_equal(asked, 0);
        assert_true(all_zero(buf, sizeof buf));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(bytes_map_onto_the_94_characters_and_the_rest_are_drawn_again, setup),
                cmocka_unit_test_setup(every_character_is_printable_and_none_is_a_space, setup),
                cmocka_unit_test_setup(characters_are_uniform, setup),
                cmocka_unit_test_setup(short_lengths_are_raised_to_the_minimum, setup),
                cmocka_unit_test_setup(a_buffer_too_small_is_einval, setup),
                cmocka_unit_test_setup(refused_candidates_are_wiped_and_the_end_is_eagain, setup),
                cmocka_unit_test_setup(an_error_of_accept_stops_at_once, setup),
                cmocka_unit_test_setup(no_randomness_no_password, setup),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
