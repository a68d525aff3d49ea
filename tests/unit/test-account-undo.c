/* SPDX-License-Identifier: Apache-2.0 */
/* Undoing one write to an account file on top of what others wrote since:
 * exactly the write's own changes go, every other byte stays. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "account-undo.h"

static struct undo_report report;

/* undo(before -> after) on now, with rules; the result, as a string. */
static char *undo(const char *before, const char *after, const char *now, const struct undo_rules *rules)
{
        static char *last;
        size_t len = 0;

        free(last);
        last = NULL;
        assert_int_equal(account_undo(before, before ? strlen(before) : 0, after, strlen(after), now, strlen(now),
                                      rules, &last, &len, &report),
                         0);
        assert_int_equal(strlen(last), len);
        return last;
}

#define ROOT "root:*:19000:0:99999:7:::\n"
#define BOB "bob:$y$bob:19000:0:99999:7:::\n"
#define ALICE_OLD "alice:$y$old:19000:0:99999:7:::\n"
#define ALICE_NEW "alice:$y$new:20400:0:99999:7:::\n"

static void nothing_since_gives_back_the_bytes_of_before(void **state)
{
        /* pam_unix's rewrite: the hash and day changed, a comment, a blank
         * line and another account's CRLF line dropped. */
        const char *before = ROOT "# keep me\n" ALICE_OLD "\n"
                                  "carol:$y$c:19000:0:99999:7:::\r\n" BOB;
        const char *after = ROOT ALICE_NEW BOB;

        assert_string_equal(undo(before, after, after, &undo_rules_shadow), before);
        assert_int_equal(report.stays, 0);
}

static void a_file_without_a_last_newline_keeps_it_so(void **state)
{
        const char *before = ROOT ALICE_OLD "bob:$y$bob:19000:0:99999:7:::";
        const char *after = ROOT ALICE_NEW "bob:$y$bob:19000:0:99999:7:::";

        assert_string_equal(undo(before, after, after, &undo_rules_shadow), before);
}

static void another_password_set_since_stays_with_its_day(void **state)
{
        const char *now = ROOT "alice:$y$admin:20401:0:99999:7:::\n" BOB;

        assert_string_equal(undo(ROOT ALICE_OLD BOB, ROOT ALICE_NEW BOB, now, &undo_rules_shadow), now);
        assert_int_equal(report.stays, 0);
}

static void aging_changed_since_stays_and_the_hash_goes_back(void **state)
{
        /* chage -M 77 after the write. */
        const char *now = ROOT "alice:$y$new:20400:0:77:7:::\n" BOB;

        assert_string_equal(undo(ROOT ALICE_OLD BOB, ROOT ALICE_NEW BOB, now, &undo_rules_shadow),
                            ROOT "alice:$y$old:19000:0:77:7:::\n" BOB);
}

static void an_expired_day_set_since_by_others_stays(void **state)
{
        /* The write set hash and day; someone expired it since (chage -d 0):
         * the day is theirs now, the hash still the write's. */
        const char *now = ROOT "alice:$y$new:0:0:99999:7:::\n" BOB;

        assert_string_equal(undo(ROOT ALICE_OLD BOB, ROOT ALICE_NEW BOB, now, &undo_rules_shadow),
                            ROOT "alice:$y$old:0:0:99999:7:::\n" BOB);
}

static void other_lines_changed_added_or_removed_since_stay(void **state)
{
        const char *before = ROOT "# keep me\n" ALICE_OLD BOB;
        const char *after = ROOT ALICE_NEW BOB;
        const char *now = ROOT ALICE_NEW "bob:$y$bob2:20401:0:99999:7:::\n"
                                         "dave:!:20401:0:99999:7:::\n";

        assert_string_equal(undo(before, after, now, &undo_rules_shadow),
                            ROOT "# keep me\n" ALICE_OLD "bob:$y$bob2:20401:0:99999:7:::\n"
                                 "dave:!:20401:0:99999:7:::\n");
        /* root's line removed since: the comment goes back before alice. */
        assert_string_equal(undo(before, after, ALICE_NEW BOB, &undo_rules_shadow), "# keep me\n" ALICE_OLD BOB);
        assert_int_equal(report.stays, 0);
}

static void both_lines_of_a_doubled_account_go_back(void **state)
{
        const char *before = ROOT ALICE_OLD BOB "alice:$y$second:19000:0:99999:7:::\n";
        const char *after = ROOT ALICE_NEW BOB ALICE_NEW;

        assert_string_equal(undo(before, after, after, &undo_rules_shadow), before);
        /* The second changed since by someone else: its fields merge. */
        assert_string_equal(
                undo(before, after, ROOT ALICE_NEW BOB "alice:$y$new:20400:5:99999:7:::\n", &undo_rules_shadow),
                ROOT ALICE_OLD BOB "alice:$y$second:19000:5:99999:7:::\n");
}

static void a_line_the_write_added_goes_unless_changed_since(void **state)
{
        /* pam_unix adds a shadow line for an account that had none. */
        assert_string_equal(undo(ROOT BOB, ROOT BOB ALICE_NEW, ROOT BOB ALICE_NEW, &undo_rules_shadow), ROOT BOB);
        assert_int_equal(report.stays, 0);
        assert_string_equal(
                undo(ROOT BOB, ROOT BOB ALICE_NEW, ROOT BOB "alice:$y$new:20400:0:77:7:::\n", &undo_rules_shadow),
                ROOT BOB "alice:$y$new:20400:0:77:7:::\n");
        assert_int_equal(report.stays, 1);
        assert_non_null(strstr(report.what, "alice"));
}

static void a_history_line_written_again_since_stays_and_is_said(void **state)
{
        const char *before = "alice:1000:1:$y$one\n";
        const char *after = "alice:1000:2:$y$one,$y$old\n";

        assert_string_equal(undo(before, after, after, &undo_rules_history), before);
        assert_int_equal(report.stays, 0);
        /* A history entry added since by someone else: not told apart. */
        assert_string_equal(undo(before, after, "alice:1000:3:$y$one,$y$old,$y$x\n", &undo_rules_history),
                            "alice:1000:3:$y$one,$y$old,$y$x\n");
        assert_int_equal(report.stays, 1);
        assert_non_null(strstr(report.what, "alice"));
        /* A history file the write made goes back to empty. */
        assert_string_equal(undo(NULL, after, after, &undo_rules_history), "");
}

static void a_line_others_removed_since_stays_removed(void **state)
{
        assert_string_equal(undo(ROOT ALICE_OLD BOB, ROOT ALICE_NEW BOB, ROOT BOB, &undo_rules_shadow), ROOT BOB);
        assert_int_equal(report.stays, 0);
}

static void a_dropped_line_with_no_neighbour_left_is_said(void **state)
{
        /* Every line the comment stood by is gone since. */
        const char *before = ROOT "# keep me\n" ALICE_OLD;
        const char *after = ROOT ALICE_NEW;

        assert_string_equal(undo(before, after, "dave:!:1:::::\n", &undo_rules_shadow), "dave:!:1:::::\n");
        assert_int_equal(report.stays, 1);
        assert_non_null(strstr(report.what, "# keep me"));
}

static void a_big_file_with_one_change(void **state)
{
        size_t n = 20000, cap = n * 48 + 64;
        char *before = malloc(cap), *after = malloc(cap), *p, *q;

        assert_non_null(before);
        assert_non_null(after);
        p = before;
        q = after;
        for (size_t i = 0; i < n; i++) {
                p += sprintf(p, "user%05zu:$y$h%05zu:19000:0:99999:7:::\n", i, i);
                q += sprintf(q, "user%05zu:$y$%s%05zu:19000:0:99999:7:::\n", i, i == n / 2 ? "X" : "h", i);
        }
        assert_string_equal(undo(before, after, after, &undo_rules_shadow), before);
        free(before);
        free(after);
}

static void a_file_rewritten_beyond_recognition_is_refused(void **state)
{
        size_t n = 3000, cap = n * 16 + 16;
        char *after = malloc(cap), *now = malloc(cap), *ret = NULL, *p, *q;
        size_t len;

        assert_non_null(after);
        assert_non_null(now);
        p = after;
        q = now;
        for (size_t i = 0; i < n; i++) {
                p += sprintf(p, "a%zu:x\n", i);
                q += sprintf(q, "b%zu:x\n", i);
        }
        assert_int_equal(account_undo(ROOT, strlen(ROOT), after, strlen(after), now, strlen(now), &undo_rules_shadow,
                                      &ret, &len, &report),
                         -E2BIG);
        assert_null(ret);
        free(after);
        free(now);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(nothing_since_gives_back_the_bytes_of_before),
                cmocka_unit_test(a_file_without_a_last_newline_keeps_it_so),
                cmocka_unit_test(another_password_set_since_stays_with_its_day),
                cmocka_unit_test(aging_changed_since_stays_and_the_hash_goes_back),
                cmocka_unit_test(an_expired_day_set_since_by_others_stays),
                cmocka_unit_test(other_lines_changed_added_or_removed_since_stay),
                cmocka_unit_test(both_lines_of_a_doubled_account_go_back),
                cmocka_unit_test(a_line_the_write_added_goes_unless_changed_since),
                cmocka_unit_test(a_history_line_written_again_since_stays_and_is_said),
                cmocka_unit_test(a_line_others_removed_since_stays_removed),
                cmocka_unit_test(a_dropped_line_with_no_neighbour_left_is_said),
                cmocka_unit_test(a_big_file_with_one_change),
                cmocka_unit_test(a_file_rewritten_beyond_recognition_is_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
