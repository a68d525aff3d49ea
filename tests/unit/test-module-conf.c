/* SPDX-License-Identifier: Apache-2.0 */
/* common/module-conf.c: faillock.conf and pwhistory.conf as the modules
 * read them, over files the test writes. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "module-conf.h"
#include "scratch-dir.h"

static char dir[PATH_MAX / 2], path[PATH_MAX], value[PATH_MAX], err[256];

static int conf(const char *text, const char *key)
{
        FILE *f = fopen(path, "w");

        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
        value[0] = '\0';
        return module_conf_value(path, key, value, sizeof value, err, sizeof err);
}

static int setup(void **state)
{
        if (scratch_dir_make(dir, sizeof dir, "ssmreset-conf") < 0)
                return -1;
        snprintf(path, sizeof path, "%s/faillock.conf", dir);
        return 0;
}

static int teardown(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static void reads_key_equals_value_with_blanks_and_comments(void **state)
{
        assert_int_equal(conf("# dir = /commented\n\n  dir   =   /var/lib/faillock   # where\ndeny = 3\n", "dir"), 1);
        assert_string_equal(value, "/var/lib/faillock");
        assert_int_equal(conf("dir=/a\n", "dir"), 1);
        assert_string_equal(value, "/a");
}

static void the_last_line_wins(void **state)
{
        assert_int_equal(conf("file = /etc/one\nfile = /etc/two\n", "file"), 1);
        assert_string_equal(value, "/etc/two");
}

static void other_keys_and_broken_lines_are_not_it(void **state)
{
        assert_int_equal(conf("dirs = /x\ndir /y\n#dir = /z\nunlock_time = 600\n", "dir"), 0);
        assert_string_equal(value, "");
}

static void a_missing_file_is_no_value_and_no_error(void **state)
{
        char missing[PATH_MAX];

        snprintf(missing, sizeof missing, "%s/none.conf", dir);
        assert_int_equal(module_conf_value(missing, "dir", value, sizeof value, err, sizeof err), 0);
}

static void an_unreadable_file_is_an_error_naming_it(void **state)
{
        char too_long[PATH_MAX + 16];

        memset(too_long, 'x', sizeof too_long - 1);
        too_long[0] = '/';
        too_long[sizeof too_long - 1] = '\0';
        err[0] = '\0';
        assert_int_equal(module_conf_value(too_long, "dir", value, sizeof value, err, sizeof err), -ENAMETOOLONG);
        assert_non_null(strstr(err, "File name too long"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(reads_key_equals_value_with_blanks_and_comments),
                cmocka_unit_test(the_last_line_wins),
                cmocka_unit_test(other_keys_and_broken_lines_are_not_it),
                cmocka_unit_test(a_missing_file_is_no_value_and_no_error),
                cmocka_unit_test(an_unreadable_file_is_an_error_naming_it),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
