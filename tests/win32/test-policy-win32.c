/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>
#include <lm.h>

#include "policy-win32.h"

static char reason[512];

static struct win_account_facts alice(void)
{
        return (struct win_account_facts){
                .user = "alice",
                .domain = "WEB1",
                .use = SidTypeUser,
                .rid = 1001,
                .in_account_domain = true,
                .flags = UF_NORMAL_ACCOUNT | UF_SCRIPT,
                .acct_expires = TIMEQ_FOREVER,
                .now = 1700000000,
        };
}

static void an_ordinary_local_account_is_allowed(void **state)
{
        struct win_account_facts f = alice();

        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_ALLOW);
        assert_string_equal(reason, "");
}

static void administrator_is_allowed_like_root(void **state)
{
        struct win_account_facts f = alice();

        f.rid = DOMAIN_USER_RID_ADMIN;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_ALLOW);
}

static void a_locked_out_account_is_allowed(void **state)
{
        struct win_account_facts f = alice();

        f.flags |= UF_LOCKOUT;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_ALLOW);
}

static void groups_and_computers_are_not_users(void **state)
{
        struct win_account_facts f = alice();

        f.use = SidTypeAlias;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_NOT_A_USER);
        assert_non_null(strstr(reason, "group"));
        f.use = SidTypeComputer;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_NOT_A_USER);
        assert_non_null(strstr(reason, "computer"));
}

static void domain_accounts_are_refused_off_the_domain_controllers(void **state)
{
        struct win_account_facts f = alice();

        f.in_account_domain = false;
        f.domain = "CORP";
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_REFUSE);
        assert_non_null(strstr(reason, "domain CORP"));
        assert_non_null(strstr(reason, "Active Directory"));
}

static void domain_accounts_are_allowed_on_a_domain_controller(void **state)
{
        struct win_account_facts f = alice();

        /* On a DC the account domain is the domain. */
        f.domain = "CORP";
        f.host_is_dc = true;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_ALLOW);
}

static void machine_and_trust_accounts_are_refused(void **state)
{
        const DWORD kinds[] = { UF_WORKSTATION_TRUST_ACCOUNT, UF_SERVER_TRUST_ACCOUNT, UF_INTERDOMAIN_TRUST_ACCOUNT };

        for (size_t i = 0; i < 3; i++) {
                struct win_account_facts f = alice();
                f.flags = kinds[i];
                assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_REFUSE);
                assert_non_null(strstr(reason, "computer or trust account"));
        }
}

static void builtin_service_accounts_are_refused(void **state)
{
        const DWORD rids[] = { 501, 502, 503, 504 };

        for (size_t i = 0; i < 4; i++) {
                struct win_account_facts f = alice();
                f.rid = rids[i];
                assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_REFUSE);
                assert_non_null(strstr(reason, "built-in"));
        }
}

static void disabled_accounts_are_refused(void **state)
{
        struct win_account_facts f = alice();

        f.flags |= UF_ACCOUNTDISABLE;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_REFUSE);
        assert_non_null(strstr(reason, "net user alice /active:yes"));
}

static void expired_accounts_are_refused(void **state)
{
        struct win_account_facts f = alice();

        f.acct_expires = 1600000000; /* 2020-09-13 */
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_REFUSE);
        assert_non_null(strstr(reason, "expired on 2020-09-13"));
        f.acct_expires = f.now + 86400;
        assert_int_equal(win_policy_decide(&f, reason, sizeof reason), WIN_POLICY_ALLOW);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(an_ordinary_local_account_is_allowed),
                cmocka_unit_test(administrator_is_allowed_like_root),
                cmocka_unit_test(a_locked_out_account_is_allowed),
                cmocka_unit_test(groups_and_computers_are_not_users),
                cmocka_unit_test(domain_accounts_are_refused_off_the_domain_controllers),
                cmocka_unit_test(domain_accounts_are_allowed_on_a_domain_controller),
                cmocka_unit_test(machine_and_trust_accounts_are_refused),
                cmocka_unit_test(builtin_service_accounts_are_refused),
                cmocka_unit_test(disabled_accounts_are_refused),
                cmocka_unit_test(expired_accounts_are_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
