/* SPDX-License-Identifier: Apache-2.0 */
/* hook/passphrase.c: words drawn uniformly and independently from the EFF
 * long list. os_random() is the test's own: the kernel's getrandom() for the
 * statistics, scripted values to see which are used and how, or a failure. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <cmocka.h>

#include "os/random.h"
#include "passphrase.h"

static enum { KERNEL, SCRIPTED, FAILING } source;
static const uint32_t *script; /* SCRIPTED: the 32-bit values handed out, in order, then zeros */
static size_t script_len, script_pos;

int os_random(void *buf, size_t n)
{
        unsigned char *p = buf;

        switch (source) {
        case KERNEL:
                return getrandom(buf, n, 0) == (ssize_t) n ? 0 : -EIO;
        case SCRIPTED:
                for (size_t i = 0; i + 4 <= n; i += 4) {
                        uint32_t v = script_pos < script_len ? script[script_pos] : 0;
                        script_pos++;
                        memcpy(p + i, &v, 4);
                }
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
        script_pos = script_len = 0;
        asked = 0;
        return 0;
}

static bool all_zero(const char *buf, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (buf[i])
                        return false;
        return true;
}

static int compare(const void *a, const void *b)
{
        return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* 7,776 words less the four with a hyphen; each of 3 to 9 lowercase
 * letters, none twice. */
static void the_list_is_the_eff_long_list_less_four(void **state)
{
        const char **sorted = malloc(passphrase_list_size * sizeof *sorted);

        assert_int_equal(passphrase_list_size, 7772);
        assert_string_equal(passphrase_list[0], "abacus");
        assert_string_equal(passphrase_list[passphrase_list_size - 1], "zoom");
        for (size_t i = 0; i < passphrase_list_size; i++) {
                size_t len = strlen(passphrase_list[i]);
                assert_true(len >= 3 && len <= 9);
                for (size_t k = 0; k < len; k++)
                        assert_true(passphrase_list[i][k] >= 'a' && passphrase_list[i][k] <= 'z');
                sorted[i] = passphrase_list[i];
        }
        qsort(sorted, passphrase_list_size, sizeof *sorted, compare);
        for (size_t i = 1; i < passphrase_list_size; i++)
                assert_string_not_equal(sorted[i - 1], sorted[i]);
        free(sorted);
}

/* The figure the man page states: 10 words, 129.2 bits. */
static void ten_words_hold_at_least_128_bits(void **state)
{
        struct passphrase_shape none = { 0 };
        size_t usable = passphrase_usable_words(&none);

        assert_int_equal(usable, 7772);
        assert_int_equal(passphrase_word_count(&none, usable), 10);
        print_message("entropy: %.2f bits in 10 words (9 words: %.2f)\n", passphrase_bits(10, usable),
                      passphrase_bits(9, usable));
        assert_true(passphrase_bits(10, usable) >= GENERATE_MIN_ENTROPY_BITS);
        assert_true(passphrase_bits(9, usable) < GENERATE_MIN_ENTROPY_BITS);
}

/* maxclassrepeat=4 leaves the 549 words of 3 and 4 letters, 9.1 bits each:
 * 15 of them, never fewer bits. */
static void a_strict_policy_gives_more_words_not_fewer_bits(void **state)
{
        struct passphrase_shape shape = { .max_class_run = 4 };
        size_t usable = passphrase_usable_words(&shape);
        unsigned words = passphrase_word_count(&shape, usable);
        char buf[512];

        assert_int_equal(usable, 549);
        assert_int_equal(words, 15);
        assert_true(passphrase_bits(words, usable) >= GENERATE_MIN_ENTROPY_BITS);
        assert_int_equal(passphrase_generate(&shape, accept_all, NULL, 1, buf, sizeof buf), 0);
        for (char *w = strtok(buf, "-"); w; w = strtok(NULL, "-"))
                assert_true(strlen(w) <= 4);

        shape = (struct passphrase_shape){ .max_repeat = 1, .max_sequence = 2 };
        usable = passphrase_usable_words(&shape);
        assert_true(usable < 7772 && usable > 1000);
        assert_true(passphrase_bits(passphrase_word_count(&shape, usable), usable) >= GENERATE_MIN_ENTROPY_BITS);
}

static void a_policy_that_leaves_no_words_is_edom(void **state)
{
        struct passphrase_shape shape = { .max_class_run = 2 };
        char buf[512];

        assert_int_equal(passphrase_usable_words(&shape), 0);
        memset(buf, 'x', sizeof buf);
        assert_int_equal(passphrase_generate(&shape, accept_all, NULL, 5, buf, sizeof buf), -EDOM);
        assert_int_equal(asked, 0);
}

/* Capitals, digits, separators and length, as the policy asks. */
static void the_shape_is_kept(void **state)
{
        struct passphrase_shape shape = { .capitals = 2, .digits = 3, .separators = 11, .min_length = 120 };
        char buf[512];

        for (int round = 0; round < 200; round++) {
                size_t words = 1, digits = 0;

                assert_int_equal(passphrase_generate(&shape, accept_all, NULL, 1, buf, sizeof buf), 0);
                assert_true(strlen(buf) >= 120);
                assert_true(isupper((unsigned char) buf[0]));
                for (char *c = buf; *c; c++)
                        words += *c == '-';
                assert_true(words >= 13); /* 12 separators and more: the digits are a group of their own */
                char *last = strrchr(buf, '-');
                for (char *c = last + 1; *c; c++)
                        digits += isdigit((unsigned char) *c) != 0;
                assert_int_equal(digits, 3);
                assert_int_equal(strlen(last + 1), 3);
                char *second = strchr(buf, '-') + 1;
                assert_true(isupper((unsigned char) second[0]));
                char *third = strchr(second, '-') + 1;
                assert_true(islower((unsigned char) third[0]));
        }
}

/* Values at or above the last whole multiple of 7,772 below 2^32 are drawn
 * again; the others map to value % 7772. */
static void draws_beyond_the_last_multiple_are_drawn_again(void **state)
{
        const uint32_t limit = (uint32_t) ((UINT64_C(1) << 32) / 7772 * 7772);
        static const uint32_t first[] = { 0, 1, 7771 };
        uint32_t values[16] = { limit, UINT32_MAX, 7772 + 5 };
        struct passphrase_shape none = { 0 };
        char buf[512], expected[512] = "";

        /* Ten words from: skip, skip, 5, then 0, 1, 7771, 0, 0, ... */
        for (size_t i = 0; i < 3; i++)
                values[3 + i] = first[i];
        source = SCRIPTED;
        script = values;
        script_len = 16;
        assert_int_equal(passphrase_generate(&none, accept_all, NULL, 1, buf, sizeof buf), 0);
        const size_t order[] = { 5, 0, 1, 7771, 0, 0, 0, 0, 0, 0 };
        for (size_t i = 0; i < 10; i++) {
                if (i)
                        strcat(expected, "-");
                strcat(expected, passphrase_list[order[i]]);
        }
        assert_string_equal(buf, expected);
}

static double chi_squared(const unsigned long *count, size_t cells, double expected)
{
        double chi2 = 0;

        for (size_t i = 0; i < cells; i++) {
                double d = (double) count[i] - expected;
                chi2 += d * d / expected;
        }
        return chi2;
}

static size_t word_index(const char *w, size_t len)
{
        for (size_t i = 0; i < passphrase_list_size; i++)
                if (strlen(passphrase_list[i]) == len && strncmp(passphrase_list[i], w, len) == 0)
                        return i;
        fail_msg("'%.*s' is not a word of the list", (int) len, w);
        return 0;
}

/* Pearson's chi-squared over the 7,772 words, 20 draws each expected
 * (15,544 phrases): 7,771 degrees of freedom, mean 7,771, standard
 * deviation 124.7; 8,520 is six deviations out (about 1 in 10^9). A word
 * list taken twice as often for one word in a hundred scores over 9,000.
 * And over pairs of neighbours (word index mod 16 of each, 256 cells,
 * 255 degrees of freedom; 380 is beyond the 1-in-10^9 tail): the words of a
 * phrase are independent of each other. */
static void words_are_uniform_and_independent(void **state)
{
        enum { PER_WORD = 20, PHRASES = 7772 * PER_WORD / 10 };
        unsigned long *count = calloc(7772, sizeof *count), pairs[256] = { 0 };
        struct passphrase_shape none = { 0 };
        unsigned long n_pairs = 0;
        char buf[512];

        for (int p = 0; p < PHRASES; p++) {
                size_t prev = SIZE_MAX;
                assert_int_equal(passphrase_generate(&none, accept_all, NULL, 1, buf, sizeof buf), 0);
                for (char *w = buf;;) {
                        size_t len = strcspn(w, "-"), k = word_index(w, len);
                        count[k]++;
                        if (prev != SIZE_MAX) {
                                pairs[(prev % 16) * 16 + k % 16]++;
                                n_pairs++;
                        }
                        prev = k;
                        if (!w[len])
                                break;
                        w += len + 1;
                }
        }
        double words = chi_squared(count, 7772, (double) PHRASES * 10 / 7772);
        double neighbours = chi_squared(pairs, 256, (double) n_pairs / 256);
        print_message("chi-squared over 7772 words: %.1f (df 7771); over 256 neighbour cells: %.1f (df 255)\n", words,
                      neighbours);
        assert_true(words < 8520.0);
        assert_true(neighbours < 380.0);
        free(count);
}

/* The digits a policy asks for: each of the ten as likely (9 degrees of
 * freedom, 45 is beyond the 1-in-10^6 tail). */
static void digits_are_uniform(void **state)
{
        struct passphrase_shape shape = { .digits = 10 };
        unsigned long count[10] = { 0 };
        char buf[512];

        for (int p = 0; p < 2000; p++) {
                assert_int_equal(passphrase_generate(&shape, accept_all, NULL, 1, buf, sizeof buf), 0);
                for (char *c = strrchr(buf, '-') + 1; *c; c++)
                        count[*c - '0']++;
        }
        double chi2 = chi_squared(count, 10, 2000.0);
        print_message("chi-squared over 10 digits: %.1f (df 9)\n", chi2);
        assert_true(chi2 < 45.0);
}

static void refused_candidates_are_wiped_and_the_end_is_eagain(void **state)
{
        struct passphrase_shape none = { 0 };
        char buf[512];

        memset(buf, 'x', sizeof buf);
        assert_int_equal(passphrase_generate(&none, refuse_all, NULL, 7, buf, sizeof buf), -EAGAIN);
        assert_int_equal(asked, 7);
        assert_true(all_zero(buf, sizeof buf));
}

static void an_error_of_accept_stops_at_once(void **state)
{
        struct passphrase_shape none = { 0 };
        char buf[512];

        assert_int_equal(passphrase_generate(&none, fail_at_once, NULL, 7, buf, sizeof buf), -EPERM);
        assert_int_equal(asked, 1);
        assert_true(all_zero(buf, sizeof buf));
}

static void no_randomness_no_passphrase(void **state)
{
        struct passphrase_shape none = { 0 };
        char buf[512];

        source = FAILING;
        memset(buf, 'x', sizeof buf);
        assert_int_equal(passphrase_generate(&none, accept_all, NULL, 7, buf, sizeof buf), -EIO);
        assert_int_equal(asked, 0);
        assert_true(all_zero(buf, sizeof buf));
}

/* Ten words of up to 9 letters and their separators need 100 bytes. */
static void a_buffer_that_may_be_too_small_is_einval(void **state)
{
        struct passphrase_shape none = { 0 };
        char buf[100];

        assert_int_equal(passphrase_generate(&none, accept_all, NULL, 1, buf, 99), -EINVAL);
        assert_int_equal(asked, 0);
        assert_int_equal(passphrase_generate(&none, accept_all, NULL, 1, buf, sizeof buf), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(the_list_is_the_eff_long_list_less_four, setup),
                cmocka_unit_test_setup(ten_words_hold_at_least_128_bits, setup),
                cmocka_unit_test_setup(a_strict_policy_gives_more_words_not_fewer_bits, setup),
                cmocka_unit_test_setup(a_policy_that_leaves_no_words_is_edom, setup),
                cmocka_unit_test_setup(the_shape_is_kept, setup),
                cmocka_unit_test_setup(draws_beyond_the_last_multiple_are_drawn_again, setup),
                cmocka_unit_test_setup(words_are_uniform_and_independent, setup),
                cmocka_unit_test_setup(digits_are_uniform, setup),
                cmocka_unit_test_setup(refused_candidates_are_wiped_and_the_end_is_eagain, setup),
                cmocka_unit_test_setup(an_error_of_accept_stops_at_once, setup),
                cmocka_unit_test_setup(no_randomness_no_passphrase, setup),
                cmocka_unit_test_setup(a_buffer_that_may_be_too_small_is_einval, setup),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
