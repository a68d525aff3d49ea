/* SPDX-License-Identifier: Apache-2.0 */
/* --generate's password on Windows, over the fake SAM, from the real CSPRNG
 * (BCryptGenRandom under Wine). The program links with --wrap=os_random:
 * a test can make the generator's randomness stuck or failing, and every
 * other call goes through to win32/random-win32.c. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>
#include <lm.h>

#include "generate.h"
#include "os/backend.h"
#include "os/secmem.h"
#include "password.h"
#include "sam-fake.h"

#define MANY 1000
#define STRICT_MIN_LENGTH 24

int __real_os_random(void *buf, size_t n);
int __wrap_os_random(void *buf, size_t n);

static enum { RANDOM_REAL, RANDOM_STUCK, RANDOM_FAILING } randomness;
static unsigned random_calls;

int __wrap_os_random(void *buf, size_t n)
{
        random_calls++;
        switch (randomness) {
        case RANDOM_STUCK:
                memset(buf, 'a' - '!', n); /* "aaaa...": one category only */
                return 0;
        case RANDOM_FAILING:
                return -EIO;
        default:
                return __real_os_random(buf, n);
        }
}

static char *buf;
static struct ssr_outcome out;

static int setup(void **state)
{
        sam_fake_reset();
        randomness = RANDOM_REAL;
        random_calls = 0;
        out = (struct ssr_outcome){ .status = SSR_CHANGED };
        wcscpy(sam_fake_add(L"alice", L"WEB1", 1001, 0)->full_name, L"Alice Liddell-Smith");
        sam_fake_add(L"carol", L"CORP", 1105, 0)->in_account_domain = false;
        if (secmem_init() < 0 || !(buf = secmem_alloc(PASSWORD_BUFFER_SIZE)))
                return -1;
        return 0;
}

static int teardown(void **state)
{
        secmem_free(buf, PASSWORD_BUFFER_SIZE);
        return 0;
}

static bool holds_ignoring_case(const char *s, const char *needle)
{
        size_t n = strlen(needle);

        for (; strlen(s) >= n; s++)
                if (_strnicmp(s, needle, n) == 0)
                        return true;
        return false;
}

/* The rule, counted here again for ASCII alone, independently of
 * complexity-win32.c. */
static bool meets_complexity(const char *p)
{
        bool upper = false, lower = false, digit = false, special = false;

        for (; *p; p++) {
                upper |= *p >= 'A' && *p <= 'Z';
                lower |= *p >= 'a' && *p <= 'z';
                digit |= *p >= '0' && *p <= '9';
                special |= strchr("'-!\"#$%&()*,./:;?@[]^_`{|}~+<=>", *p) != NULL;
        }
        return upper + lower + digit + special >= 3;
}

static int by_string(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static void a_thousand_passwords_meet_a_strict_policy(void **state)
{
        static char made[MANY][STRICT_MIN_LENGTH + 1];
        char *sorted[MANY];
        unsigned seen[128] = { 0 };

        sam_fake_min_length = STRICT_MIN_LENGTH;
        for (int i = 0; i < MANY; i++) {
                assert_int_equal(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out), 0);
                assert_int_equal(out.status, SSR_CHANGED); /* untouched */
                assert_int_equal(strlen(buf), STRICT_MIN_LENGTH);
                for (const char *c = buf; *c; c++) {
                        assert_true(*c >= '!' && *c <= '~');
                        seen[(unsigned char) *c]++;
                }
                assert_true(meets_complexity(buf));
                assert_false(holds_ignoring_case(buf, "alice"));
                assert_false(holds_ignoring_case(buf, "Liddell"));
                assert_false(holds_ignoring_case(buf, "Smith"));
                memcpy(made[i], buf, STRICT_MIN_LENGTH + 1);
                sorted[i] = made[i];
        }
        qsort(sorted, MANY, sizeof sorted[0], by_string);
        for (int i = 1; i < MANY; i++)
                assert_string_not_equal(sorted[i - 1], sorted[i]);
        /* 24,000 characters from 94: each about 255 times (standard deviation
         * 16); all of them appear, none is favoured. */
        for (int c = '!'; c <= '~'; c++) {
                assert_in_range(seen[c], 150, 370);
        }
        assert_int_equal(sam_fake_calls[SAM_FAKE_POLICY], MANY);
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0); /* making one changes nothing */
        SecureZeroMemory(made, sizeof made);
}

static void twenty_characters_when_the_policy_asks_fewer(void **state)
{
        static const size_t policies[] = { 0, 8, 14, 20 };

        for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
                sam_fake_min_length = policies[i];
                assert_int_equal(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out), 0);
                assert_int_equal(strlen(buf), GENERATE_MIN_LENGTH);
        }
        sam_fake_min_length = 127;
        assert_int_equal(backend_generate_password("ALICE", buf, PASSWORD_BUFFER_SIZE, &out), 0);
        assert_int_equal(strlen(buf), 127);
}

static void a_policy_longer_than_any_password_is_a_system_error(void **state)
{
        sam_fake_min_length = 600;
        assert_int_equal(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out), -EINVAL);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "600 characters"));
        assert_int_equal(random_calls, 0);
}

static void an_unreadable_policy_is_a_system_error(void **state)
{
        sam_fake_error[SAM_FAKE_POLICY] = NERR_InternalError;
        assert_true(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out) < 0);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "cannot read the password policy"));
        assert_non_null(strstr(out.reason, "2140"));
        assert_int_equal(random_calls, 0);
}

static void an_unreadable_account_is_a_system_error(void **state)
{
        sam_fake_error[SAM_FAKE_GET_INFO] = ERROR_ACCESS_DENIED;
        assert_true(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out) < 0);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "(error 5)"));
        sam_fake_error[SAM_FAKE_GET_INFO] = 0;
        sam_fake_error[SAM_FAKE_LOOKUP] = ERROR_NONE_MAPPED;
        assert_true(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out) < 0);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
}

/* Another domain's account: only its name is known here, and the reset
 * that follows refuses it. */
static void another_domains_account_is_not_read(void **state)
{
        assert_int_equal(backend_generate_password("carol", buf, PASSWORD_BUFFER_SIZE, &out), 0);
        assert_int_equal(strlen(buf), GENERATE_MIN_LENGTH);
        assert_int_equal(sam_fake_calls[SAM_FAKE_GET_INFO], 0);
}

static void a_rule_no_candidate_meets_is_a_system_error(void **state)
{
        randomness = RANDOM_STUCK;
        assert_int_equal(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out), -EAGAIN);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "complexity rule"));
        assert_true(random_calls >= 200); /* a fresh candidate each try */
        for (size_t i = 0; i < PASSWORD_BUFFER_SIZE; i++)
                assert_int_equal(buf[i], 0); /* the last refused one wiped too */
}

static void a_failing_generator_is_a_system_error(void **state)
{
        randomness = RANDOM_FAILING;
        assert_int_equal(backend_generate_password("alice", buf, PASSWORD_BUFFER_SIZE, &out), -EIO);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "cannot generate a password"));
        assert_int_equal(buf[0], 0);
}

/* --passphrase: ten words of the list, '-' and a digit: three of the
 * complexity rule's categories, and never the account's names. */
static void passphrases_meet_the_complexity_rule(void **state)
{
        for (int i = 0; i < 200; i++) {
                size_t groups = 1;

                assert_int_equal(backend_generate_passphrase("alice", buf, PASSWORD_BUFFER_SIZE, &out), 0);
                assert_true(meets_complexity(buf));
                assert_false(holds_ignoring_case(buf, "alice"));
                assert_false(holds_ignoring_case(buf, "Liddell"));
                for (const char *c = buf; *c; c++) {
                        groups += *c == '-';
                        assert_true((*c >= 'a' && *c <= 'z') || *c == '-' || (*c >= '0' && *c <= '9'));
                }
                assert_int_equal(groups, 11);
                assert_true(buf[strlen(buf) - 1] >= '0' && buf[strlen(buf) - 1] <= '9');
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(a_thousand_passwords_meet_a_strict_policy, setup, teardown),
                cmocka_unit_test_setup_teardown(passphrases_meet_the_complexity_rule, setup, teardown),
                cmocka_unit_test_setup_teardown(twenty_characters_when_the_policy_asks_fewer, setup, teardown),
                cmocka_unit_test_setup_teardown(a_policy_longer_than_any_password_is_a_system_error, setup, teardown),
                cmocka_unit_test_setup_teardown(an_unreadable_policy_is_a_system_error, setup, teardown),
                cmocka_unit_test_setup_teardown(an_unreadable_account_is_a_system_error, setup, teardown),
                cmocka_unit_test_setup_teardown(another_domains_account_is_not_read, setup, teardown),
                cmocka_unit_test_setup_teardown(a_rule_no_candidate_meets_is_a_system_error, setup, teardown),
                cmocka_unit_test_setup_teardown(a_failing_generator_is_a_system_error, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
