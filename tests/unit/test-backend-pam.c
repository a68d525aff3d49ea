/* The PAM boundary: which pam_chauthtok() results mean what. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <security/pam_appl.h>

#include "backend-pam.h"

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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(password_problems_may_be_retried),
                cmocka_unit_test(account_and_system_problems_end_the_run),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
