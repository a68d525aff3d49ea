/* SPDX-License-Identifier: Apache-2.0 */
/* Every outcome of the Windows backend over the fake SAM. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>
#include <lm.h>

#include "os/backend.h"
#include "sam-fake.h"
#include "os/secmem.h"
#include "os/terminal.h"

/* A person who types the answers in order, then gives no more. */
struct script {
        const char *answers[12];
        size_t next;
        int error_at_end;     /* what ask() returns when out of answers */
        unsigned outstanding; /* answers not yet freed */
        char said[16][300];
        size_t n_said;
};

static int ask(void *userdata, const char *prompt, bool secret, char **ret, size_t *ret_len)
{
        struct script *s = userdata;
        const char *a;
        char *copy;

        assert_true(secret);
        assert_true(strcmp(prompt, "New password: ") == 0 || strcmp(prompt, "Retype new password: ") == 0);
        if (s->next >= 12 || !(a = s->answers[s->next]))
                return s->error_at_end ? s->error_at_end : -ENODATA;
        s->next++;
        copy = secmem_alloc(PASSWORD_BUFFER_SIZE);
        assert_non_null(copy);
        memcpy(copy, a, strlen(a));
        *ret = copy;
        *ret_len = strlen(a);
        s->outstanding++;
        return 0;
}

static void answer_free(void *userdata, char *answer)
{
        struct script *s = userdata;

        s->outstanding--;
        secmem_free(answer, PASSWORD_BUFFER_SIZE);
}

static void say(void *userdata, const char *message, bool is_error)
{
        struct script *s = userdata;

        if (s->n_said < 16)
                snprintf(s->said[s->n_said++], 300, "%s", message);
}

static bool said(const struct script *s, const char *fragment)
{
        for (size_t i = 0; i < s->n_said; i++)
                if (strstr(s->said[i], fragment))
                        return true;
        return false;
}

static struct script script;
static struct ssr_conv conv = { ask, answer_free, say, &script };
static struct ssr_outcome out;
static struct sam_fake_account *alice;

static int setup(void **state)
{
        sam_fake_reset();
        memset(&script, 0, sizeof script);
        memset(&out, 0, sizeof out);
        alice = sam_fake_add(L"alice", L"WEB1", 1001, 0);
        return secmem_init();
}

static int teardown(void **state)
{
        assert_int_equal(script.outstanding, 0); /* every copy of a password was freed */
        return 0;
}

static void reset_as(const char *user, unsigned tries, bool expire, bool check_only)
{
        struct ssr_request req = {
                .username = user,
                .tries = tries,
                .session_id = "jane-0a1b",
                .requester = "jane",
                .expire = expire,
                .check_only = check_only,
        };

        backend_reset(&req, &conv, &out);
}

#define ANSWERS(...)                                                                                                   \
        do {                                                                                                           \
                const char *a_[] = { __VA_ARGS__ };                                                                    \
                for (size_t i_ = 0; i_ < sizeof a_ / sizeof a_[0]; i_++)                                               \
                        script.answers[i_] = a_[i_];                                                                   \
        } while (0)

static void changes_and_verifies(void **state)
{
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 3, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(out.changed);
        assert_true(out.verified);
        assert_false(out.expired);
        assert_false(out.faillock_cleared);
        assert_int_equal(out.tries_used, 1);
        assert_string_equal(out.reason, "");
        assert_true(wcscmp(alice->password, L"Corr3ct-horse") == 0);
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 1);
        assert_int_equal(sam_fake_calls[SAM_FAKE_VERIFY], 1);
}

static void non_ascii_passwords_reach_the_sam_intact(void **state)
{
        /* päss€𝄞-Wörd: one character outside the BMP. */
        ANSWERS("p\xc3\xa4ss\xe2\x82\xac\xf0\x9d\x84\x9e-W\xc3\xb6rd",
                "p\xc3\xa4ss\xe2\x82\xac\xf0\x9d\x84\x9e-W\xc3\xb6rd");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(wcscmp(alice->password, L"p\u00e4ss\u20ac\xd834\xdd1e-W\u00f6rd") == 0);
}

static void qualified_names_resolve(void **state)
{
        ANSWERS("Corr3ct-horse", "Corr3ct-horse", "Other-Pass-42", "Other-Pass-42");
        reset_as("WEB1\\alice", 1, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        script.next = 2;
        reset_as("alice@web1", 1, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(wcscmp(alice->password, L"Other-Pass-42") == 0);
}

static void policy_refusal_asks_again_in_the_systems_words(void **state)
{
        sam_fake_min_length = 10;
        ANSWERS("short", "short", "long-enough-1", "long-enough-1");
        reset_as("alice", 3, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_int_equal(out.tries_used, 2);
        assert_true(said(&script, "(NERR 2245)"));
        assert_true(said(&script, "Password not changed. Try again (2 of 3)."));
}

static void refused_on_every_try(void **state)
{
        sam_fake_min_length = 10;
        ANSWERS("short", "short", "tiny", "tiny");
        reset_as("alice", 2, false, false);
        assert_int_equal(out.status, SSR_PASSWORD_REJECTED);
        assert_false(out.changed);
        assert_int_equal(out.tries_used, 2);
        assert_non_null(strstr(out.reason, "refused on every try (2 of 2)"));
        assert_non_null(strstr(out.reason, "(NERR 2245)"));
        assert_true(alice->password[0] == L'\0');
}

static void retyped_password_must_match(void **state)
{
        ANSWERS("Corr3ct-horse", "Corr3ct-hors");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_PASSWORD_REJECTED);
        assert_true(said(&script, "Sorry, passwords do not match."));
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0);
}

static void empty_passwords_are_refused_before_the_sam(void **state)
{
        ANSWERS("", "");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_PASSWORD_REJECTED);
        assert_true(said(&script, "No password has been supplied."));
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0);
}

static void no_answer_aborts(void **state)
{
        ANSWERS("Corr3ct-horse");
        script.error_at_end = -ETIMEDOUT;
        reset_as("alice", 3, false, false);
        assert_int_equal(out.status, SSR_ABORTED);
        assert_int_equal(out.conv_error, -ETIMEDOUT);
        assert_int_equal(out.tries_used, 1);
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0);
}

static void unknown_users_are_unknown(void **state)
{
        assert_int_equal(backend_find_account("bob", &out), SSR_USER_UNKNOWN);
        assert_non_null(strstr(out.reason, "no account named 'bob'"));
        reset_as("bob", 1, false, false);
        assert_int_equal(out.status, SSR_USER_UNKNOWN);
        assert_int_equal(script.next, 0);
}

static void groups_are_not_accounts(void **state)
{
        sam_fake_add(L"Administrators", L"BUILTIN", 544, 0)->use = SidTypeAlias;
        assert_int_equal(backend_find_account("Administrators", &out), SSR_USER_UNKNOWN);
        reset_as("Administrators", 1, false, false);
        assert_int_equal(out.status, SSR_USER_UNKNOWN);
        assert_int_equal(script.next, 0);
}

static void refused_accounts_are_never_prompted(void **state)
{
        alice->flags |= UF_ACCOUNTDISABLE;
        reset_as("alice", 3, false, false);
        assert_int_equal(out.status, SSR_ACCOUNT_REFUSED);
        assert_non_null(strstr(out.reason, "disabled"));
        assert_int_equal(script.next, 0);
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0);
}

static void domain_accounts_are_refused_without_asking_their_dc(void **state)
{
        struct sam_fake_account *carol = sam_fake_add(L"carol", L"CORP", 1105, 0);

        carol->in_account_domain = false;
        reset_as("CORP\\carol", 3, false, false);
        assert_int_equal(out.status, SSR_ACCOUNT_REFUSED);
        assert_non_null(strstr(out.reason, "domain CORP"));
        assert_int_equal(sam_fake_calls[SAM_FAKE_GET_INFO], 0);
}

static void domain_accounts_reset_on_a_domain_controller(void **state)
{
        sam_fake_add(L"carol", L"CORP", 1105, 0);
        sam_fake_host_is_dc = true;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("carol@corp", 1, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
}

static void a_lockout_ends_with_the_reset(void **state)
{
        alice->flags |= UF_LOCKOUT;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(out.faillock_cleared);
        assert_int_equal(alice->flags & UF_LOCKOUT, 0);
        assert_true(alice->flags & UF_NORMAL_ACCOUNT); /* the other flags stay */
}

static void a_lockout_that_cannot_end_is_a_system_error(void **state)
{
        alice->flags |= UF_LOCKOUT;
        sam_fake_error[SAM_FAKE_SET_FLAGS] = ERROR_ACCESS_DENIED;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_true(out.changed);
        assert_false(out.faillock_cleared);
        assert_non_null(strstr(out.reason, "lockout could not be ended"));
}

static void expire_sets_must_change(void **state)
{
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, true, false);
        assert_int_equal(out.status, SSR_CHANGED);
        assert_true(out.expired);
        assert_true(out.verified);
        assert_true(alice->password_expired);
}

static void expire_failure_is_a_system_error(void **state)
{
        sam_fake_error[SAM_FAKE_EXPIRE] = NERR_InternalError;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, true, false);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_true(out.changed);
        assert_false(out.expired);
        assert_non_null(strstr(out.reason, "could not be set to expire"));
}

static void a_password_that_does_not_log_on_is_not_verified(void **state)
{
        sam_fake_error[SAM_FAKE_VERIFY] = ERROR_LOGON_FAILURE;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_true(out.changed);
        assert_false(out.verified);
        assert_non_null(strstr(out.reason, "a logon with it fails"));
}

static void logon_restrictions_still_prove_the_password(void **state)
{
        const DWORD codes[] = { ERROR_ACCOUNT_RESTRICTION, ERROR_LOGON_TYPE_NOT_GRANTED, ERROR_PASSWORD_MUST_CHANGE };

        for (size_t i = 0; i < 3; i++) {
                sam_fake_error[SAM_FAKE_VERIFY] = codes[i];
                script.next = 0;
                ANSWERS("Corr3ct-horse", "Corr3ct-horse");
                reset_as("alice", 1, false, false);
                assert_int_equal(out.status, SSR_CHANGED);
                assert_true(out.verified);
        }
}

static void unverifiable_is_a_system_error(void **state)
{
        sam_fake_error[SAM_FAKE_VERIFY] = ERROR_NO_LOGON_SERVERS;
        ANSWERS("Corr3ct-horse", "Corr3ct-horse");
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_SYSTEM_ERROR);
        assert_false(out.verified);
        assert_non_null(strstr(out.reason, "could not be checked"));
}

/* What NetUserSetInfo answers, through the whole backend. */
static void set_password_errors_map_by_code(void **state)
{
        static const struct {
                DWORD code;
                enum ssr_status status;
                unsigned tries_used;
        } cases[] = {
                { ERROR_ACCESS_DENIED, SSR_NOT_PERMITTED, 1 },
                { NERR_UserNotFound, SSR_USER_UNKNOWN, 1 },
                { NERR_PasswordCantChange, SSR_ACCOUNT_REFUSED, 1 },
                { NERR_NotPrimary, SSR_SYSTEM_ERROR, 1 },
                { NERR_PasswordHistConflict, SSR_PASSWORD_REJECTED, 2 },
                { ERROR_PASSWORD_RESTRICTION, SSR_PASSWORD_REJECTED, 2 },
                { NERR_PasswordTooRecent, SSR_PASSWORD_REJECTED, 2 },
        };

        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                char code[32];

                sam_fake_error[SAM_FAKE_SET_PASSWORD] = cases[i].code;
                memset(&script, 0, sizeof script);
                ANSWERS("Corr3ct-horse", "Corr3ct-horse", "Corr3ct-horse", "Corr3ct-horse");
                reset_as("alice", 2, false, false);
                print_message("code %lu\n", (unsigned long) cases[i].code);
                assert_int_equal(out.status, cases[i].status);
                assert_int_equal(out.tries_used, cases[i].tries_used);
                assert_false(out.changed);
                snprintf(code, sizeof code, " %lu)", (unsigned long) cases[i].code);
                assert_non_null(strstr(out.reason, code));
        }
}

static void lookup_and_read_errors_map_by_code(void **state)
{
        sam_fake_error[SAM_FAKE_LOOKUP] = ERROR_NO_SUCH_DOMAIN;
        reset_as("NOWHERE\\alice", 1, false, false);
        assert_int_equal(out.status, SSR_USER_UNKNOWN);
        sam_fake_error[SAM_FAKE_LOOKUP] = RPC_S_SERVER_UNAVAILABLE;
        assert_int_equal(backend_find_account("alice", &out), SSR_SYSTEM_ERROR);
        assert_non_null(strstr(out.reason, "(error 1722)"));
        sam_fake_error[SAM_FAKE_LOOKUP] = 0;
        sam_fake_error[SAM_FAKE_GET_INFO] = ERROR_ACCESS_DENIED;
        reset_as("alice", 1, false, false);
        assert_int_equal(out.status, SSR_NOT_PERMITTED);
        assert_int_equal(script.next, 0);
}

static void check_decides_and_changes_nothing(void **state)
{
        reset_as("alice", 3, false, true);
        assert_int_equal(out.status, SSR_ALLOWED);
        assert_int_equal(script.next, 0);
        assert_int_equal(sam_fake_calls[SAM_FAKE_SET_PASSWORD], 0);
        alice->flags |= UF_ACCOUNTDISABLE;
        reset_as("alice", 3, false, true);
        assert_int_equal(out.status, SSR_ACCOUNT_REFUSED);
}

static void names_are_checked_the_windows_way(void **state)
{
        assert_int_equal(backend_username_flavor, USERNAME_WINDOWS);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
        const struct CMUnitTest tests[] = {
                T(changes_and_verifies),
                T(non_ascii_passwords_reach_the_sam_intact),
                T(qualified_names_resolve),
                T(policy_refusal_asks_again_in_the_systems_words),
                T(refused_on_every_try),
                T(retyped_password_must_match),
                T(empty_passwords_are_refused_before_the_sam),
                T(no_answer_aborts),
                T(unknown_users_are_unknown),
                T(groups_are_not_accounts),
                T(refused_accounts_are_never_prompted),
                T(domain_accounts_are_refused_without_asking_their_dc),
                T(domain_accounts_reset_on_a_domain_controller),
                T(a_lockout_ends_with_the_reset),
                T(a_lockout_that_cannot_end_is_a_system_error),
                T(expire_sets_must_change),
                T(expire_failure_is_a_system_error),
                T(a_password_that_does_not_log_on_is_not_verified),
                T(logon_restrictions_still_prove_the_password),
                T(unverifiable_is_a_system_error),
                T(set_password_errors_map_by_code),
                T(lookup_and_read_errors_map_by_code),
                T(check_decides_and_changes_nothing),
                T(names_are_checked_the_windows_way),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
