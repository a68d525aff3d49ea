/* SPDX-License-Identifier: Apache-2.0 */
/* linux/generate-pam.c over real libpwquality (and the cracklib dictionary)
 * and a pam.d folder the test writes: every generated password meets every
 * quality setting of the stack, checked here again by the test's own
 * reading of the rules, not only by libpwquality. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "generate.h"
#include "os/backend.h"
#include "pam-client-fake.h"
#include "passphrase.h"
#include "quality.h"
#include "password.h"
#include "scratch-dir.h"

#define USER "pwgenuser"

static char dir[PATH_MAX / 2];

static void write_service(const char *text)
{
        char path[PATH_MAX];
        FILE *f;

        snprintf(path, sizeof path, "%s/ssmreset", dir);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

/* backend_generate_password() for USER, on a stack of a pam_ssmreset.so line
 * with options and pam_unix. */
static int generate_with(const char *options, char buf[PASSWORD_BUFFER_SIZE], struct ssr_outcome *out)
{
        char text[512];

        snprintf(text, sizeof text,
                 "password requisite pam_ssmreset.so %s\n"
                 "password required pam_unix.so yescrypt use_authtok\n",
                 options);
        write_service(text);
        *out = (struct ssr_outcome){ 0 };
        return backend_generate_password(USER, buf, PASSWORD_BUFFER_SIZE, out);
}

/* The same, for a passphrase. */
static int passphrase_with(const char *options, char buf[PASSWORD_BUFFER_SIZE], struct ssr_outcome *out)
{
        char text[512];

        snprintf(text, sizeof text,
                 "password requisite pam_ssmreset.so %s\n"
                 "password required pam_unix.so yescrypt use_authtok\n",
                 options);
        write_service(text);
        *out = (struct ssr_outcome){ 0 };
        return backend_generate_passphrase(USER, buf, PASSWORD_BUFFER_SIZE, out);
}

static int setup(void **state)
{
        fake_pam_reset(NULL);
        fake_pam.stack_dir = dir;
        return 0;
}

static int make_dir(void **state)
{
        return scratch_dir_make(dir, sizeof dir, "ssmreset-generate") == 0 ? 0 : -1;
}

static int remove_dir(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static bool has_class(const char *p, int (*is)(int))
{
        for (; *p; p++)
                if (is((unsigned char) *p))
                        return true;
        return false;
}

static int is_symbol(int c)
{
        return isgraph(c) && !isalnum(c);
}

/* Holds a run of more than max characters each one more, or one less, than
 * the one before ("abc", "321")? pwquality's maxsequence. */
static bool has_sequence_longer_than(const char *p, int max)
{
        int up = 1, down = 1;

        for (size_t i = 1; p[i]; i++) {
                up = p[i] == p[i - 1] + 1 ? up + 1 : 1;
                down = p[i] == p[i - 1] - 1 ? down + 1 : 1;
                if (up > max || down > max)
                        return true;
        }
        return false;
}

static bool contains_ignoring_case(const char *haystack, const char *needle)
{
        size_t n = strlen(needle);

        for (; *haystack; haystack++)
                if (strncasecmp(haystack, needle, n) == 0)
                        return true;
        return false;
}

/* The rules of the strict policy below that every generated password,
 * of characters or of words, keeps: every class, no character twice in a
 * row (maxrepeat=1), no run like "abc" (maxsequence=2), neither the user's
 * name nor a bad word; and none the same as one before (seen[0..i)). */
static void keeps_the_strict_policy(const char *p, char (*seen)[PASSWORD_BUFFER_SIZE], int i)
{
        assert_true(strlen(p) >= 40);
        assert_true(has_class(p, islower) && has_class(p, isupper) && has_class(p, isdigit) && has_class(p, is_symbol));
        for (size_t k = 1; p[k]; k++)
                assert_true(p[k] != p[k - 1]);
        assert_false(has_sequence_longer_than(p, 2));
        assert_false(contains_ignoring_case(p, USER));
        assert_false(contains_ignoring_case(p, "sunshine"));
        assert_false(contains_ignoring_case(p, "dragon"));
        for (int j = 0; j < i; j++)
                assert_string_not_equal(seen[j], p);
        strcpy(seen[i], p);
}

/* A strict policy on both quality lines: every password of 1,000 keeps every
 * rule, and no two are the same. */
static void a_thousand_passwords_keep_a_strict_policy(void **state)
{
        enum { COUNT = 1000 };
        static char seen[COUNT][PASSWORD_BUFFER_SIZE];
        char buf[PASSWORD_BUFFER_SIZE];

        write_service("password requisite pam_ssmreset.so minlen=40 minclass=4 maxrepeat=1 maxsequence=2 "
                      "dictcheck=1 usercheck=1 badwords=Sunshine\n"
                      "password requisite pam_pwquality.so enforce_for_root difok=5 maxclassrepeat=4 "
                      "badwords=Dragon\n"
                      "password required pam_unix.so yescrypt use_authtok\n");
        for (int i = 0; i < COUNT; i++) {
                struct ssr_outcome out = { 0 };
                const char *p = buf;

                assert_int_equal(backend_generate_password(USER, buf, sizeof buf, &out), 0);
                for (const char *c = p; *c; c++)
                        assert_true(*c >= 0x21 && *c <= 0x7e);
                keeps_the_strict_policy(p, seen, i);
        }
}

/* libpwquality's generator stops at 256 bits; a minlen beyond what those
 * give is met by uniform passwords of that length. */
static void a_minlen_beyond_the_library_generator_is_met(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        assert_int_equal(generate_with("minlen=90 minclass=4", buf, &out), 0);
        assert_true(strlen(buf) >= 90);
}

/* No pwquality setting anywhere: pwquality.conf alone, and still at least
 * GENERATE_MIN_LENGTH characters. */
static void without_settings_the_minimum_holds(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        write_service("password required pam_unix.so yescrypt\n");
        assert_int_equal(backend_generate_password(USER, buf, sizeof buf, &out), 0);
        assert_true(strlen(buf) >= GENERATE_MIN_LENGTH);
}

/* No three neighbours of one class over 400 characters: random passwords
 * keep that about once in 10^13. (maxclassrepeat=1 would not do: libpwquality
 * 1.4 checks the rule only from 2 up.) A SYSTEM_ERROR that says so, not a
 * loop. */
static void a_policy_random_passwords_cannot_keep_is_a_system_error(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        assert_int_equal(generate_with("minlen=400 maxclassrepeat=2", buf, &out), -EAGAIN);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "no generated password met the local quality policy"));
        assert_non_null(strstr(out.reason, "up to 511 characters"));
        assert_non_null(strstr(out.reason, "the last was refused with \"BAD PASSWORD: The password contains more "
                                           "than 2 characters of the same class consecutively\""));
        for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], 0);
}

/* Negative credits: at least 10 of each class, which minlen=40 characters
 * drawn uniformly seldom hold; longer ones do. */
static void credits_that_need_more_than_minlen_are_met(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };
        int digits = 0, upper = 0, lower = 0, other = 0;

        assert_int_equal(generate_with("minlen=40 dcredit=-10 ucredit=-10 lcredit=-10 ocredit=-10", buf, &out), 0);
        for (const char *c = buf; *c; c++) {
                digits += isdigit((unsigned char) *c) != 0;
                upper += isupper((unsigned char) *c) != 0;
                lower += islower((unsigned char) *c) != 0;
                other += is_symbol((unsigned char) *c) != 0;
        }
        assert_true(digits >= 10 && upper >= 10 && lower >= 10 && other >= 10);
}

/* Without the dictionary no check can run: said as for a typed password,
 * not as a policy nothing meets. */
static void a_missing_dictionary_is_named(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        assert_int_equal(generate_with("dictpath=/nonexistent/dict", buf, &out), -ENOENT);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "/nonexistent/dict"));
        assert_null(strstr(out.reason, "no generated password"));
}

static void a_minlen_beyond_the_longest_password_is_a_system_error(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        assert_int_equal(generate_with("minlen=600", buf, &out), -ENAMETOOLONG);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "minlen=600"));
        assert_non_null(strstr(out.reason, "511"));
}

static void a_bad_setting_is_a_system_error_naming_it(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        assert_true(generate_with("minlen=many", buf, &out) < 0);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "cannot read the quality policy"));
        assert_non_null(strstr(out.reason, "minlen"));
}

static void a_missing_service_is_a_system_error(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };
        char path[PATH_MAX];

        snprintf(path, sizeof path, "%s/ssmreset", dir);
        unlink(path);
        assert_int_equal(backend_generate_password(USER, buf, sizeof buf, &out), -ENOENT);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "is missing or unreadable"));
        assert_non_null(strstr(out.reason, "reinstall the ssmreset package"));
}

/* Is w (len bytes) a word of the list? */
static bool in_list(const char *w, size_t len)
{
        for (size_t i = 0; i < passphrase_list_size; i++)
                if (strlen(passphrase_list[i]) == len && strncasecmp(passphrase_list[i], w, len) == 0)
                        return true;
        return false;
}

/* The words of a passphrase (the digits group left out), each checked to be
 * a word of the list; returns how many. */
static size_t list_words(const char *p, size_t *ret_longest)
{
        size_t n = 0, longest = 0;

        for (const char *w = p;;) {
                size_t len = strcspn(w, "-");
                if (!isdigit((unsigned char) w[0])) {
                        assert_true(in_list(w, len));
                        n++;
                        longest = len > longest ? len : longest;
                }
                if (!w[len])
                        break;
                w += len + 1;
        }
        *ret_longest = longest;
        return n;
}

/* Debian's defaults (pwquality.conf, dictcheck on, the real cracklib
 * dictionary): ten words of the list joined by '-', and nothing else. */
static void a_passphrase_is_ten_words_of_the_list(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];

        for (int i = 0; i < 200; i++) {
                struct ssr_outcome out = { 0 };
                size_t longest;

                write_service("password requisite pam_ssmreset.so\n"
                              "password required pam_unix.so yescrypt use_authtok\n");
                assert_int_equal(backend_generate_passphrase(USER, buf, sizeof buf, &out), 0);
                assert_int_equal(list_words(buf, &longest), 10);
                for (const char *c = buf; *c; c++)
                        assert_true(islower((unsigned char) *c) || *c == '-');
        }
}

/* cracklib's real dictionary, through libpwquality as every check here
 * runs it: it refuses a dictionary word dressed up, and about 1.7% of
 * passphrases as the words come, for its "too simplistic/systematic" rule
 * (more than 4 neighbours in the alphabet side by side anywhere in the
 * phrase: "de", "on", "st"). Those are drawn again: the accepted ones are
 * uniform over what the rule lets through, at a cost of log2(1/0.983), 0.03
 * bits. Every passphrase ssmreset gives passes the check; under 5% refused
 * keeps the cost under 0.08 bits. */
static int keep(void *userdata, const char *candidate)
{
        return 1;
}

static void cracklibs_dictionary_refuses_no_passphrase_given(void **state)
{
        char *settings[] = { "dictcheck=1", "usercheck=0", NULL };
        struct passphrase_shape none = { 0 };
        pwquality_settings_t *pwq = NULL;
        char msg[512], buf[PASSWORD_BUFFER_SIZE];
        unsigned refused = 0;

        assert_int_equal(quality_settings_load(settings, &pwq, msg, sizeof msg), 0);
        assert_int_equal(quality_ready(pwq, msg, sizeof msg), 0);
        assert_int_equal(quality_check(pwq, "Password1!", USER, msg, sizeof msg), 1);
        assert_non_null(strstr(msg, "dictionary"));
        for (int i = 0; i < 2000; i++) {
                assert_int_equal(passphrase_generate(&none, keep, NULL, 1, buf, sizeof buf), 0);
                refused += quality_check(pwq, buf, USER, msg, sizeof msg) != 0;
        }
        print_message("cracklib refused %u of 2000 candidate passphrases\n", refused);
        assert_true(refused < 100);
        write_service("password requisite pam_ssmreset.so dictcheck=1\n"
                      "password required pam_unix.so yescrypt use_authtok\n");
        for (int i = 0; i < 500; i++) {
                struct ssr_outcome out = { 0 };
                assert_int_equal(backend_generate_passphrase(USER, buf, sizeof buf, &out), 0);
                assert_int_equal(quality_check(pwq, buf, USER, msg, sizeof msg), 0);
        }
        pwquality_free_settings(pwq);
}

/* The strict policy of the passwords' test: every class (a capital and a
 * digit added), no letter twice in a row, no "abc", no more than 4 of a
 * class in a row (words of 3 and 4 letters, 15 of them), the user's name
 * and two bad words kept out, checked by the real dictionary. */
static void passphrases_keep_a_strict_policy(void **state)
{
        enum { COUNT = 300 };
        static char seen[COUNT][PASSWORD_BUFFER_SIZE];
        char buf[PASSWORD_BUFFER_SIZE];

        write_service("password requisite pam_ssmreset.so minlen=40 minclass=4 maxrepeat=1 maxsequence=2 "
                      "dictcheck=1 usercheck=1 badwords=Sunshine\n"
                      "password requisite pam_pwquality.so enforce_for_root difok=5 maxclassrepeat=4 "
                      "badwords=Dragon\n"
                      "password required pam_unix.so yescrypt use_authtok\n");
        for (int i = 0; i < COUNT; i++) {
                struct ssr_outcome out = { 0 };
                const char *p = buf;
                size_t longest;

                assert_int_equal(backend_generate_passphrase(USER, buf, sizeof buf, &out), 0);
                assert_int_equal(list_words(p, &longest), 15);
                assert_true(longest <= 4);
                assert_true(isupper((unsigned char) p[0]));
                assert_true(isdigit((unsigned char) p[strlen(p) - 1]));
                keeps_the_strict_policy(p, seen, i);
        }
}

/* Negative credits: two digits and two capitals. */
static void credits_come_as_capitals_and_digits(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };
        int digits = 0, upper = 0;

        assert_int_equal(passphrase_with("dcredit=-2 ucredit=-2 ocredit=-12", buf, &out), 0);
        for (const char *c = buf; *c; c++) {
                digits += isdigit((unsigned char) *c) != 0;
                upper += isupper((unsigned char) *c) != 0;
        }
        assert_int_equal(digits, 2);
        assert_int_equal(upper, 2);
        size_t longest;
        assert_true(list_words(buf, &longest) >= 13); /* 12 '-' between words, and one before the digits */
}

/* No word of the list is two letters long: a policy that allows no more
 * than two of a class in a row leaves none, and says so. */
static void a_policy_no_passphrase_can_keep_is_a_system_error(void **state)
{
        char buf[PASSWORD_BUFFER_SIZE];
        struct ssr_outcome out = { 0 };

        memset(buf, 'x', sizeof buf);
        assert_int_equal(passphrase_with("maxclassrepeat=2", buf, &out), -EDOM);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "leaves no words a passphrase could be made of"));
        assert_non_null(strstr(out.reason, "--generate without --passphrase"));
        for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(a_thousand_passwords_keep_a_strict_policy, setup),
                cmocka_unit_test_setup(a_minlen_beyond_the_library_generator_is_met, setup),
                cmocka_unit_test_setup(without_settings_the_minimum_holds, setup),
                cmocka_unit_test_setup(a_policy_random_passwords_cannot_keep_is_a_system_error, setup),
                cmocka_unit_test_setup(credits_that_need_more_than_minlen_are_met, setup),
                cmocka_unit_test_setup(a_missing_dictionary_is_named, setup),
                cmocka_unit_test_setup(a_minlen_beyond_the_longest_password_is_a_system_error, setup),
                cmocka_unit_test_setup(a_bad_setting_is_a_system_error_naming_it, setup),
                cmocka_unit_test_setup(a_missing_service_is_a_system_error, setup),
                cmocka_unit_test_setup(a_passphrase_is_ten_words_of_the_list, setup),
                cmocka_unit_test_setup(cracklibs_dictionary_refuses_no_passphrase_given, setup),
                cmocka_unit_test_setup(passphrases_keep_a_strict_policy, setup),
                cmocka_unit_test_setup(credits_come_as_capitals_and_digits, setup),
                cmocka_unit_test_setup(a_policy_no_passphrase_can_keep_is_a_system_error, setup),
        };
        return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
