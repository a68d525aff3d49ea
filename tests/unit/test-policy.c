/* SPDX-License-Identifier: Apache-2.0 */
/* Every account rule of pam_ssmreset, allowed and refused. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

#define HASH "$y$j9T$abcdefghijklmnopqrstuv$0123456789012345678901234567890123456789012"

static char *const no_groups[] = { NULL };
static char reason[768];

static struct account_facts ordinary(void)
{
        return (struct account_facts){
                .user = "alice",
                .known_to_nss = true,
                .in_local_passwd = true,
                .nss_sources = "",
                .uid = 1000,
                .has_shadow = true,
                .hash = HASH,
                .expire_day = -1,
                .today = 20000,
                .uid_min = 1000,
                .uid_max = 60000,
                .groups = no_groups,
        };
}

static enum policy_verdict decide(const struct module_options *o, const struct account_facts *f)
{
        return policy_decide(o, f, reason, sizeof reason);
}

static void an_ordinary_account_is_allowed(void **state)
{
        struct module_options o = { .uid_min = -1, .remember = -1 };
        struct account_facts f = ordinary();

        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        assert_string_equal(reason, "");
}

static void hash_states(void **state)
{
        assert_int_equal(policy_hash_state(""), HASH_NEVER_SET);
        assert_int_equal(policy_hash_state("!"), HASH_NEVER_SET);
        assert_int_equal(policy_hash_state("!!"), HASH_NEVER_SET);
        assert_int_equal(policy_hash_state("*"), HASH_NEVER_SET);
        assert_int_equal(policy_hash_state("!*"), HASH_NEVER_SET);
        assert_int_equal(policy_hash_state("!" HASH), HASH_LOCKED);
        assert_int_equal(policy_hash_state(HASH), HASH_USABLE);
}

static void locked_accounts_need_allow_locked(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.hash = "!" HASH;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "locked"));
        assert_non_null(strstr(reason, "allow_locked"));
        o.allow_locked = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void never_set_passwords_are_allowed(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();
        const char *never[] = { "!", "!!", "*", "!*", "" };

        for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
                f.hash = never[i];
                assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        }
}

static void expired_accounts_need_allow_expired(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.expire_day = f.today; /* expires today: expired */
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "expired on 2024-10-04"));
        assert_non_null(strstr(reason, "allow_expired"));
        f.expire_day = f.today + 1;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        f.expire_day = 0;
        o.allow_expired = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void system_accounts_need_allow_system(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.user = "www-data";
        f.uid = 33;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "system account (uid 33, outside UID_MIN 1000 .. UID_MAX 60000)"));
        o.allow_system = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        f.uid = 999;
        f.uid_min = 500; /* login.defs says otherwise */
        o.allow_system = false;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void accounts_above_uid_max_are_system_accounts(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.user = "nobody";
        f.uid = 65534;
        f.hash = "*";
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "system account (uid 65534, outside UID_MIN 1000 .. UID_MAX 60000)"));
        f.uid = 60001;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        f.uid = 60000;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        f.uid = 65534;
        o.allow_system = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void allow_nss_waives_nothing_but_the_source(void **state)
{
        struct module_options o = { .uid_min = -1, .allow_nss = true, .deny_root = true };
        struct account_facts f = ordinary();

        f.in_local_passwd = false;
        f.has_shadow = false;
        f.hash = NULL;
        f.nss_sources = "ldap";
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        f.uid = 0;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "deny_root"));
        f.uid = 42;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "system account (uid 42"));
        f.uid = 70000;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
}

static void groups_that_cannot_be_found_are_a_refusal(void **state)
{
        char *admins[] = { "admins", NULL };
        struct module_options o = { .uid_min = -1, .groups_deny = admins };
        struct account_facts f = ordinary();

        f.groups = NULL;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "its groups cannot be found"));
        assert_non_null(strstr(reason, "groups_deny="));
        o = (struct module_options){ .uid_min = -1, .groups_allow = admins };
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "groups_allow="));
        /* Without group rules, groups do not matter. */
        o = (struct module_options){ .uid_min = -1 };
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void root_is_allowed_unless_denied(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.user = "root";
        f.uid = 0;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        o.deny_root = true;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "deny_root"));
}

static void user_and_group_lists(void **state)
{
        char *deny[] = { "bob", NULL }, *allow[] = { "alice", NULL }, *admins[] = { "admins", NULL };
        char *groups[] = { "users", "admins", NULL };
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        o.users_deny = deny;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
        f.user = "bob";
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "users_deny="));

        o = (struct module_options){ .uid_min = -1, .users_allow = allow };
        assert_int_equal(decide(&o, &f), POLICY_REFUSE); /* bob is not listed */
        assert_non_null(strstr(reason, "users_allow="));
        f.user = "alice";
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);

        o = (struct module_options){ .uid_min = -1, .groups_allow = admins };
        f.user = "carol";
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        f.groups = groups;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);

        o = (struct module_options){ .uid_min = -1, .groups_deny = admins };
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "its group 'admins'"));
}

static void deny_lists_win_over_allow_lists(void **state)
{
        char *names[] = { "alice", NULL };
        struct module_options o = { .uid_min = -1, .users_allow = names, .users_deny = names };
        struct account_facts f = ordinary();

        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
}

static void nss_only_accounts_name_their_source(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.in_local_passwd = false;
        f.has_shadow = false;
        f.nss_sources = "sss ldap";
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "not a local account"));
        assert_non_null(strstr(reason, "(sss ldap)"));
        assert_non_null(strstr(reason, "allow_nss"));
        o.allow_nss = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void accounts_without_shadow_lines(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.has_shadow = false;
        f.hash = NULL;
        assert_int_equal(decide(&o, &f), POLICY_REFUSE);
        assert_non_null(strstr(reason, "no entry in /etc/shadow"));
        o.allow_no_shadow = true;
        assert_int_equal(decide(&o, &f), POLICY_ALLOW);
}

static void unknown_accounts(void **state)
{
        struct module_options o = { .uid_min = -1 };
        struct account_facts f = ordinary();

        f.in_local_passwd = f.known_to_nss = false;
        assert_int_equal(decide(&o, &f), POLICY_UNKNOWN_USER);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(an_ordinary_account_is_allowed),
                cmocka_unit_test(hash_states),
                cmocka_unit_test(locked_accounts_need_allow_locked),
                cmocka_unit_test(never_set_passwords_are_allowed),
                cmocka_unit_test(expired_accounts_need_allow_expired),
                cmocka_unit_test(system_accounts_need_allow_system),
                cmocka_unit_test(root_is_allowed_unless_denied),
                cmocka_unit_test(accounts_above_uid_max_are_system_accounts),
                cmocka_unit_test(allow_nss_waives_nothing_but_the_source),
                cmocka_unit_test(groups_that_cannot_be_found_are_a_refusal),
                cmocka_unit_test(user_and_group_lists),
                cmocka_unit_test(deny_lists_win_over_allow_lists),
                cmocka_unit_test(nss_only_accounts_name_their_source),
                cmocka_unit_test(accounts_without_shadow_lines),
                cmocka_unit_test(unknown_accounts),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
