/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "result.h"

static void the_exit_table(void **state)
{
        static const struct {
                enum ssr_status s;
                const char *name;
                int exit_status;
        } table[] = {
                { SSR_CHANGED, "CHANGED", 0 },
                { SSR_BAD_REQUEST, "BAD_REQUEST", 2 },
                { SSR_USER_UNKNOWN, "USER_UNKNOWN", 3 },
                { SSR_ACCOUNT_REFUSED, "ACCOUNT_REFUSED", 4 },
                { SSR_PASSWORD_REJECTED, "PASSWORD_REJECTED", 5 },
                { SSR_ABORTED, "ABORTED", 6 },
                { SSR_NOT_PERMITTED, "NOT_PERMITTED", 7 },
                { SSR_SYSTEM_ERROR, "SYSTEM_ERROR", 8 },
                { SSR_ALLOWED, "ALLOWED", 0 },
        };

        assert_int_equal(sizeof table / sizeof table[0], _SSR_STATUS_MAX);
        for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
                assert_string_equal(ssr_status_name(table[i].s), table[i].name);
                assert_int_equal(ssr_status_exit(table[i].s), table[i].exit_status);
                assert_true(strlen(ssr_status_meaning(table[i].s)) > 5);
        }
}

static void out_of_range_is_a_system_error(void **state)
{
        assert_null(ssr_status_name(_SSR_STATUS_MAX));
        assert_int_equal(ssr_status_exit((enum ssr_status) 99), 8);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_exit_table),
                cmocka_unit_test(out_of_range_is_a_system_error),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
