/* SPDX-License-Identifier: Apache-2.0 */
/* The Linux backend over a scripted PAM stack (pam-client-fake.c): which
 * pam_chauthtok() results mean what, retries, verification of the stored
 * hash, check mode and a change PAM made although it reported failure. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <security/pam_appl.h>

#include "backend-pam.h"
#include "os/backend.h"
#include "os/secmem.h"
#include "pam-client-fake.h"
#include "password.h"
#include "pam-protocol.h"
#include "verify-crypt.h"

/* A person who types the answers in order, then gives no more. */
struct person {
        const char *answers[12];
        size_t next;
        unsigned asked;
        unsigned outstanding; /* answers not yet freed */
        char said[16][300];
        size_t n_said;
};

static struct person person;

static int ask(void *userdata, const char *prompt, bool secret, char **ret, size_t *ret_len)
{
        struct person *p = userdata;
        const char *a;
        char *copy;

        p->asked++;
        if (p->next >= 12 || !(a = p->answers[p->next]))
                return -ENODATA;
        p->next++;
        copy = secmem_alloc(PASSWORD_BUFFER_SIZE);
        assert_non_null(copy);
        memcpy(copy, a, strlen(a));
        *ret = copy;
        *ret_len = strlen(a);
        p->outstanding++;
        return 0;
}

static void answer_free(void *userdata, char *answer)
{
        struct person *p = userdata;

        p->outstanding--;
        secmem_free(answer, PASSWORD_BUFFER_SIZE);
}

static void say(void *userdata, const char *message, bool is_error)
{
        struct person *p = userdata;

        if (p->n_said < 16)
                snprintf(p->said[p->n_said++], 300, "%s", message);
}

static bool said(const char *fragment)
{
        for (size_t i = 0; i < person.n_said; i++)
                if (strstr(person.said[i], fragment))
                        return true;
        return false;
}

static const struct ssr_conv conv = { ask, answer_free, say, &person };
static struct ssr_outcome out;

static void run(bool check_only, bool expire, unsigned tries)
{
        const struct ssr_request req = {
                .username = "alice",
                .tries = tries,
                .session_id = "",
                .requester = "jane",
                .expire = expire,
                .check_only = check_only,
        };

        backend_reset(&req, &conv, &out);
        assert_int_equal(fake_pam.ended, fake_pam.started); /* every transaction ends */
        assert_int_equal(person.outstanding, 0);
}

static int group_setup(void **state)
{
        return secmem_init();
}

static int setup(void **state)
{
        person = (struct person){ 0 };
        return 0;
}

/* --- Stacks --------------------------------------------------------------- */

/* pam_ssmreset.so and pam_unix: asks twice, stores what was typed. */
static int good_stack(unsigned call)
{
        const char *a, *b;
        int rc;

        if ((rc = fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a)) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        if (strlen(a) < 8) {
                fake_say(PAM_ERROR_MSG, "BAD PASSWORD: The password is shorter than 8 characters");
                return PAM_AUTHTOK_ERR;
        }
        char first[64];
        snprintf(first, sizeof first, "%s", a);
        if ((rc = fake_ask(PAM_PROMPT_ECHO_OFF, "Retype new password: ", &b)) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        if (strcmp(first, b) != 0) {
                fake_say(PAM_ERROR_MSG, "Sorry, passwords do not match.");
                return PAM_AUTHTOK_RECOVERY_ERR;
        }
        /* pam_ssmreset.so accepted it and tells the plan; pam_unix stores it. */
        fake_putenv(SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES);
        if (fake_getenv(SSMRESET_ENV_EXPIRE))
                fake_putenv(SSMRESET_ENV_PLAN_EXPIRE "=" SSMRESET_ENV_YES);
        fake_store(b);
        return PAM_SUCCESS;
}

/* A stack that reports success but stored something else. */
static int lying_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_store("something-else-entirely");
        return PAM_SUCCESS;
}

/* A stack that never asks and reports success. */
static int silent_stack(unsigned call)
{
        return PAM_SUCCESS;
}

/* A module after pam_unix fails once the password is stored. */
static int late_failure_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_store(a);
        return PAM_SYSTEM_ERR;
}

/* Refuses before any prompt, as a broken module or full /etc would. */
static int refuses_unasked_stack(unsigned call)
{
        return PAM_AUTHTOK_ERR;
}

/* pam_ssmreset.so's check mode: the first line decides, nothing is asked. */
static int checking_stack(unsigned call)
{
        if (!fake_getenv(SSMRESET_ENV_MODE) || strcmp(fake_getenv(SSMRESET_ENV_MODE), SSMRESET_MODE_CHECK) != 0)
                return good_stack(call);
        fake_putenv(SSMRESET_ENV_DECISION "=" SSMRESET_DECISION_ALLOWED);
        return PAM_ABORT;
}

/* The policy refuses the account in PRELIM. */
static int refusing_policy_stack(unsigned call)
{
        fake_say(PAM_ERROR_MSG, "'alice' is locked (its password hash begins with '!')");
        return PAM_PERM_DENIED;
}

/* A stack without pam_ssmreset.so: asks at once, decides nothing. */
static int no_policy_stack(unsigned call)
{
        return good_stack(call);
}

/* --- The mapping ------------------------------------------------------------ */

static void map(int rc, enum ssr_status want, bool want_retry)
{
        bool retry = !want_retry;

        assert_int_equal(backend_status_from_pam(rc, &retry), want);
        assert_int_equal(retry, want_retry);
}

static void password_problems_may_be_retried(void **state)
{
        map(PAM_AUTHTOK_ERR, SSR_PASSWORD_REJECTED, true);
        map(PAM_AUTHTOK_RECOVERY_ERR, SSR_PASSWORD_REJECTED, true);
        map(PAM_TRY_AGAIN, SSR_PASSWORD_REJECTED, true);
        map(PAM_MAXTRIES, SSR_PASSWORD_REJECTED, true);
}

static void account_and_system_problems_end_the_run(void **state)
{
        map(PAM_SUCCESS, SSR_CHANGED, false);
        map(PAM_USER_UNKNOWN, SSR_USER_UNKNOWN, false);
        map(PAM_PERM_DENIED, SSR_ACCOUNT_REFUSED, false);
        map(PAM_ACCT_EXPIRED, SSR_ACCOUNT_REFUSED, false);
        map(PAM_AUTHTOK_LOCK_BUSY, SSR_SYSTEM_ERROR, false);
        map(PAM_SYSTEM_ERR, SSR_SYSTEM_ERROR, false);
        map(PAM_ABORT, SSR_SYSTEM_ERROR, false);
        map(PAM_CONV_ERR, SSR_SYSTEM_ERROR, false);
        map(PAM_MODULE_UNKNOWN, SSR_SYSTEM_ERROR, false);
        map(12345, SSR_SYSTEM_ERROR, false);
}

/* --- Resets ------------------------------------------------------------------ */

static void a_refused_password_is_retried(void **state)
{
        fake_pam_reset(good_stack);
        fake_pam.tally_held = true;
        person.answers[0] = "abc";
        person.answers[1] = "Tulip-Granite-Orbit-73";
        person.answers[2] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(out.verified);
        assert_int_equal(fake_pam.verifications, 1); /* one hash, for the try that stored */
        assert_int_equal(out.tries_used, 2);
        assert_int_equal(fake_pam.chauthtok_calls, 2);
        assert_true(out.changed);
        assert_false(out.rolled_back);
        assert_true(said("BAD PASSWORD: The password is shorter than 8 characters"));
        assert_true(said("Password not changed. Try again (2 of 3)."));
        assert_true(out.faillock_cleared);
        assert_false(out.expired);
        assert_int_equal(fake_pam.end_rc, PAM_SUCCESS);
}

static void every_try_refused(void **state)
{
        fake_pam_reset(good_stack);
        person.answers[0] = "abc";
        person.answers[1] = "def";
        run(false, false, 2);
        assert_int_equal(out.status, SSR_PASSWORD_REJECTED);
        assert_int_equal(out.tries_used, 2);
        assert_false(out.changed);
        assert_non_null(strstr(out.reason, "refused on every try (2 of 2)"));
        assert_non_null(strstr(out.reason, "shorter than 8 characters"));
        assert_int_equal(fake_pam.end_rc, PAM_AUTHTOK_ERR);
}

static void a_mismatch_is_a_refusal(void **state)
{
        fake_pam_reset(good_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        person.answers[1] = "Tulip-Granite-Orbit-74";
        run(false, false, 1);
        assert_int_equal(out.status, SSR_PASSWORD_REJECTED);
        assert_non_null(strstr(out.reason, "Sorry, passwords do not match."));
}

static void expire_reaches_the_stack(void **state)
{
        fake_pam_reset(good_stack);
        person.answers[0] = person.answers[1] = "Tulip-Granite-Orbit-73";
        run(false, true, 1);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_string_equal(fake_getenv(SSMRESET_ENV_EXPIRE), SSMRESET_ENV_YES);
        assert_true(out.expired);
}

static void success_with_another_hash_is_not_verified(void **state)
{
        fake_pam_reset(lying_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_false(out.verified);
        assert_non_null(strstr(out.reason, "is not one of the new password"));
        /* The stack wrote it in this try: it goes back. */
        assert_false(out.changed);
        assert_true(out.rolled_back);
        assert_int_equal(verify_password_hash("old", fake_pam.stored_hash), 1);
}

static void success_without_a_prompt_is_a_system_error(void **state)
{
        fake_pam_reset(silent_stack);
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "never asked for a new password"));
        assert_int_equal(person.asked, 0);
}

static void a_failure_after_the_store_is_rolled_back(void **state)
{
        fake_pam_reset(late_failure_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_false(out.changed);
        assert_true(out.rolled_back);
        assert_false(out.verified);
        assert_int_equal(fake_pam.chauthtok_calls, 1);
        assert_int_equal(fake_pam.restores, 1);
        assert_int_equal(verify_password_hash("old", fake_pam.stored_hash), 1);
}

static void what_cannot_be_put_back_is_said(void **state)
{
        fake_pam_reset(late_failure_stack);
        fake_pam.restore_fails = true;
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_true(out.changed);
        assert_false(out.rolled_back);
        assert_non_null(strstr(out.reason, "could not all be put back: what it wrote to /etc/shadow"));
}

/* pam_unix stored a weak hash (no method anywhere: traditional DES). */
static int des_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_store_as(a, "ab");
        return PAM_SUCCESS;
}

static void a_weak_hash_is_never_kept(void **state)
{
        fake_pam_reset(des_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "weak method traditional DES"));
        assert_non_null(strstr(out.reason, "yescrypt"));
        assert_true(out.rolled_back);
        assert_false(out.changed);
        assert_false(out.verified);
        assert_int_equal(verify_password_hash("old", fake_pam.stored_hash), 1);
}

static void a_weak_method_ahead_is_refused_before_any_prompt(void **state)
{
        const char *weak[] = { "md5", "sha256 use_authtok", "obscure", "bigcrypt", "yescrypt des" };

        for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
                fake_pam_reset(good_stack);
                fake_pam.unix_args = weak[i];
                person = (struct person){ 0 };
                run(false, false, 3);
                assert_int_equal(out.status, SSR_SYSTEM_ERROR);
                assert_non_null(strstr(out.reason, "weak method"));
                assert_non_null(strstr(out.reason, "/fake/common-password:2"));
                assert_int_equal(fake_pam.chauthtok_calls, 0);
                assert_int_equal(person.asked, 0);
                run(true, false, 3); /* --check says so too */
                assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        }
        fake_pam_reset(good_stack);
        fake_pam.unix_args = "obscure sha512 try_first_pass";
        person = (struct person){ 0 };
        person.answers[0] = person.answers[1] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_CHANGED);
}

/* pam_ssmreset.so accepts, then pam_pwquality retry=3 (stricter) refuses
 * and asks again. */
static int asks_again_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_putenv(SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES);
        if (call == 1) {
                fake_say(PAM_ERROR_MSG, "BAD PASSWORD: The password is shorter than 30 characters");
                if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                        return PAM_AUTHTOK_ERR;
                fake_store(a); /* never reached: the answer is refused */
                return PAM_SUCCESS;
        }
        fake_store(a);
        return PAM_SUCCESS;
}

static void a_second_prompt_after_acceptance_is_refused(void **state)
{
        fake_pam_reset(asks_again_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        person.answers[1] = "A-much-longer-passphrase-of-thirty-two";
        run(false, false, 3);
        assert_int_equal(person.asked, 2); /* the second prompt of try 1 never reached the person */
        assert_int_equal(fake_pam.chauthtok_calls, 2);
        assert_true(said("Password not changed. Try again (2 of 3)."));
        assert_int_equal(out.status, SSR_CHANGED);
        assert_int_equal(verify_password_hash("A-much-longer-passphrase-of-thirty-two", fake_pam.stored_hash), 1);
}

/* pam_unix failed to write: PAM_AUTHTOK_ERR, no word said. */
static int silent_write_failure_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_putenv(SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES);
        return PAM_AUTHTOK_ERR;
}

static void a_silent_store_failure_is_a_system_error(void **state)
{
        fake_pam_reset(silent_write_failure_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "did not store the new password"));
        assert_int_equal(fake_pam.chauthtok_calls, 1);
        assert_false(said("Try again"));
}

/* pam_unix stored the password, then a module after it failed without a
 * word: not a failed write, and the message says which part to look at. */
static int silent_failure_after_store_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_putenv(SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES);
        fake_store(a);
        return PAM_AUTHTOK_ERR;
}

static void a_silent_failure_after_the_store_names_the_later_modules(void **state)
{
        fake_pam_reset(silent_failure_after_store_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "failed after the new password was stored"));
        assert_int_equal(fake_pam.chauthtok_calls, 1);
        assert_false(said("Try again"));
}

/* A later module refuses the accepted password in words (pam_pwhistory). */
static int history_refusal_stack(unsigned call)
{
        const char *a;

        if (fake_ask(PAM_PROMPT_ECHO_OFF, "New password: ", &a) != PAM_SUCCESS)
                return PAM_AUTHTOK_ERR;
        fake_putenv(SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES);
        if (call == 1) {
                fake_say(PAM_ERROR_MSG, "Password has been already used. Choose another.");
                return PAM_AUTHTOK_ERR;
        }
        fake_store(a);
        return PAM_SUCCESS;
}

static void a_later_modules_refusal_is_the_passwords(void **state)
{
        fake_pam_reset(history_refusal_stack);
        person.answers[0] = "Tulip-Granite-Orbit-73";
        person.answers[1] = "Velvet-Harbor-Quartz-19";
        run(false, false, 3);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_int_equal(out.tries_used, 2);
        assert_true(said("Password has been already used."));
        assert_int_equal(fake_pam.transactions, 2); /* a transaction for each try */
}

static void a_refusal_before_any_prompt_is_not_the_persons_fault(void **state)
{
        fake_pam_reset(refuses_unasked_stack);
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "failed before asking for a password"));
        assert_int_equal(fake_pam.chauthtok_calls, 1);
}

static void no_answer_aborts(void **state)
{
        fake_pam_reset(good_stack);
        run(false, false, 3);
        assert_int_equal(out.status, SSR_ABORTED);
        assert_int_equal(out.conv_error, -ENODATA);
        assert_int_equal(fake_pam.chauthtok_calls, 1);
}

static void a_missing_service_file_is_never_replaced_by_other(void **state)
{
        fake_pam_reset(good_stack);
        fake_pam.service_readable = -ENOENT;
        run(false, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, SSMRESET_PAM_SERVICE_FILE));
        assert_non_null(strstr(out.reason, "'other'"));
        assert_int_equal(fake_pam.chauthtok_calls, 0);
}

/* --- Check mode ---------------------------------------------------------------- */

static void check_asks_the_module_and_nobody_else(void **state)
{
        fake_pam_reset(checking_stack);
        run(true, false, 3);
        assert_int_equal(out.status, SSR_ALLOWED);
        assert_int_equal(person.asked, 0);
        assert_string_equal(fake_getenv(SSMRESET_ENV_MODE), SSMRESET_MODE_CHECK);
}

static void check_reports_the_policys_refusal(void **state)
{
        fake_pam_reset(refusing_policy_stack);
        run(true, false, 3);
        assert_int_equal(out.status, SSR_ACCOUNT_REFUSED);
        assert_non_null(strstr(out.reason, "is locked"));
}

static void check_without_a_deciding_module_is_a_system_error(void **state)
{
        fake_pam_reset(no_policy_stack);
        run(true, false, 3);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "without pam_ssmreset.so deciding"));
        assert_int_equal(person.asked, 0);                                      /* the prompt was refused, not shown */
        assert_int_equal(verify_password_hash("old", fake_pam.stored_hash), 1); /* unchanged */
}

static void find_account(void **state)
{
        fake_pam_reset(good_stack);
        assert_int_equal(backend_find_account("alice", &out), SSR_CHANGED);
        fake_pam.account_exists = false;
        assert_int_equal(backend_find_account("nobody-here", &out), SSR_USER_UNKNOWN);
        assert_non_null(strstr(out.reason, "no account named 'nobody-here'"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(password_problems_may_be_retried),
                cmocka_unit_test(account_and_system_problems_end_the_run),
                cmocka_unit_test_setup(a_refused_password_is_retried, setup),
                cmocka_unit_test_setup(every_try_refused, setup),
                cmocka_unit_test_setup(a_mismatch_is_a_refusal, setup),
                cmocka_unit_test_setup(expire_reaches_the_stack, setup),
                cmocka_unit_test_setup(success_with_another_hash_is_not_verified, setup),
                cmocka_unit_test_setup(success_without_a_prompt_is_a_system_error, setup),
                cmocka_unit_test_setup(a_failure_after_the_store_is_rolled_back, setup),
                cmocka_unit_test_setup(what_cannot_be_put_back_is_said, setup),
                cmocka_unit_test_setup(a_weak_hash_is_never_kept, setup),
                cmocka_unit_test_setup(a_weak_method_ahead_is_refused_before_any_prompt, setup),
                cmocka_unit_test_setup(a_second_prompt_after_acceptance_is_refused, setup),
                cmocka_unit_test_setup(a_silent_store_failure_is_a_system_error, setup),
                cmocka_unit_test_setup(a_silent_failure_after_the_store_names_the_later_modules, setup),
                cmocka_unit_test_setup(a_later_modules_refusal_is_the_passwords, setup),
                cmocka_unit_test_setup(a_refusal_before_any_prompt_is_not_the_persons_fault, setup),
                cmocka_unit_test_setup(no_answer_aborts, setup),
                cmocka_unit_test_setup(a_missing_service_file_is_never_replaced_by_other, setup),
                cmocka_unit_test_setup(check_asks_the_module_and_nobody_else, setup),
                cmocka_unit_test_setup(check_reports_the_policys_refusal, setup),
                cmocka_unit_test_setup(check_without_a_deciding_module_is_a_system_error, setup),
                cmocka_unit_test_setup(find_account, setup),
        };
        return cmocka_run_group_tests(tests, group_setup, NULL);
}
