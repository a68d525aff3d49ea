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

#include "netmsg.h"
#include "status-map.h"

static const struct {
        DWORD code;
        enum ssr_status status;
        bool retry;
} table[] = {
        { NERR_Success, SSR_CHANGED, false },
        { NERR_PasswordTooShort, SSR_PASSWORD_REJECTED, true },
        { NERR_PasswordHistConflict, SSR_PASSWORD_REJECTED, true },
        { NERR_PasswordTooRecent, SSR_PASSWORD_REJECTED, true },
        { ERROR_PASSWORD_RESTRICTION, SSR_PASSWORD_REJECTED, true },
        { ERROR_ILL_FORMED_PASSWORD, SSR_PASSWORD_REJECTED, true },
        { ERROR_INVALID_PASSWORD, SSR_PASSWORD_REJECTED, true },
        { NERR_BadPassword, SSR_PASSWORD_REJECTED, true },
        { NERR_UserNotFound, SSR_USER_UNKNOWN, false },
        { ERROR_NO_SUCH_USER, SSR_USER_UNKNOWN, false },
        { ERROR_NONE_MAPPED, SSR_USER_UNKNOWN, false },
        { ERROR_NO_SUCH_DOMAIN, SSR_USER_UNKNOWN, false },
        { ERROR_INVALID_ACCOUNT_NAME, SSR_BAD_REQUEST, false },
        { NERR_BadUsername, SSR_BAD_REQUEST, false },
        { ERROR_ACCESS_DENIED, SSR_NOT_PERMITTED, false },
        { ERROR_PRIVILEGE_NOT_HELD, SSR_NOT_PERMITTED, false },
        { NERR_PasswordCantChange, SSR_ACCOUNT_REFUSED, false },
        { ERROR_ACCOUNT_DISABLED, SSR_ACCOUNT_REFUSED, false },
        { ERROR_ACCOUNT_EXPIRED, SSR_ACCOUNT_REFUSED, false },
        { ERROR_ACCOUNT_LOCKED_OUT, SSR_ACCOUNT_REFUSED, false },
        { ERROR_SPECIAL_ACCOUNT, SSR_ACCOUNT_REFUSED, false },
        { NERR_SpeGroupOp, SSR_ACCOUNT_REFUSED, false },
        { NERR_NotPrimary, SSR_SYSTEM_ERROR, false },
        { NERR_DCNotFound, SSR_SYSTEM_ERROR, false },
        { NERR_InternalError, SSR_SYSTEM_ERROR, false },
        { RPC_S_SERVER_UNAVAILABLE, SSR_SYSTEM_ERROR, false },
        { ERROR_NOT_ENOUGH_MEMORY, SSR_SYSTEM_ERROR, false },
        { ERROR_INVALID_PARAMETER, SSR_SYSTEM_ERROR, false },
};

static void every_code_maps_as_documented(void **state)
{
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
                bool retry = !table[i].retry;
                enum ssr_status s = win32_status_from_error(table[i].code, &retry);

                print_message("code %lu\n", (unsigned long) table[i].code);
                assert_int_equal(s, table[i].status);
                assert_int_equal(retry, table[i].retry);
        }
}

static void the_literal_values_are_windows_own(void **state)
{
        /* Guards against a header that names these differently. */
        assert_int_equal(NERR_PasswordTooShort, 2245);
        assert_int_equal(NERR_UserNotFound, 2221);
        assert_int_equal(ERROR_ACCESS_DENIED, 5);
        assert_int_equal(ERROR_NONE_MAPPED, 1332);
}

static void messages_name_the_code(void **state)
{
        char m[300];

        win32_error_message(NERR_PasswordTooShort, m, sizeof m);
        assert_non_null(strstr(m, "(NERR 2245)"));
        win32_error_message(ERROR_ACCESS_DENIED, m, sizeof m);
        assert_non_null(strstr(m, "(error 5)"));
        /* The system's own text, not our fallback: Wine ships kernel32's table. */
        assert_null(strstr(m, "Windows could not say why"));
}

static void messages_fit_small_buffers(void **state)
{
        char m[12];

        memset(m, 'x', sizeof m);
        win32_error_message(ERROR_ACCESS_DENIED, m, sizeof m);
        assert_true(memchr(m, '\0', sizeof m) != NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(every_code_maps_as_documented),
                cmocka_unit_test(the_literal_values_are_windows_own),
                cmocka_unit_test(messages_name_the_code),
                cmocka_unit_test(messages_fit_small_buffers),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
