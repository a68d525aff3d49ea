/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "doctor-report.h"

static void version_order(void **state)
{
        assert_int_equal(doctor_version_compare("2.3.668.0", "2.3.668.0"), 0);
        assert_int_equal(doctor_version_compare("2.3.672.0", "2.3.668.0"), 1);
        assert_int_equal(doctor_version_compare("2.3.50.0", "2.3.668.0"), -1);
        assert_int_equal(doctor_version_compare("3.2.582.0", "2.3.668.0"), 1);
        assert_int_equal(doctor_version_compare("10.0", "9.9.9.9"), 1);
        assert_int_equal(doctor_version_compare("2.3.668", "2.3.668.0"), 0);
        assert_int_equal(doctor_version_compare("3.2.582.0-1", "2.3.668.0"), 1);
        assert_int_equal(doctor_version_compare("", "2.3.668.0"), -1);
        assert_int_equal(doctor_version_compare("garbage", "0.0.0.1"), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(version_order),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
