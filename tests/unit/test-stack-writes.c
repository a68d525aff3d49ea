/* SPDX-License-Identifier: Apache-2.0 */
/* The program's rename(): while a log is armed, each rename onto a watched
 * file is noted with the file's bytes before and after, and the rename
 * itself happens as the C library's would; anything else is the plain
 * rename. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch-dir.h"
#include "stack-writes.h"

static char dir[PATH_MAX / 2], watched[PATH_MAX], other[PATH_MAX], tmp[PATH_MAX];

static void put(const char *path, const char *text)
{
        FILE *f = fopen(path, "w");

        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
        if (scratch_dir_make(dir, sizeof dir, "ssmreset-sw") < 0)
                return -1;
        snprintf(watched, sizeof watched, "%s/shadow", dir);
        snprintf(other, sizeof other, "%s/other", dir);
        snprintf(tmp, sizeof tmp, "%s/nshadow", dir);
        return 0;
}

static int teardown(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static void a_write_to_a_watched_file_is_noted_byte_for_byte(void **state)
{
        const char *paths[] = { watched };
        struct stack_writes log;

        put(watched, "alice:old:1::::::\n");
        stack_writes_arm(&log, paths, 1);
        put(tmp, "alice:new:2::::::\n");
        assert_int_equal(rename(tmp, watched), 0);
        put(tmp, "x\n");
        assert_int_equal(rename(tmp, other), 0); /* not watched */
        stack_writes_disarm();
        put(tmp, "alice:later:3::::::\n");
        assert_int_equal(rename(tmp, watched), 0); /* not armed */

        assert_int_equal(log.n, 1);
        assert_int_equal(log.incomplete, 0);
        assert_string_equal(log.writes[0].path, watched);
        assert_int_equal(log.writes[0].before_len, strlen("alice:old:1::::::\n"));
        assert_memory_equal(log.writes[0].before, "alice:old:1::::::\n", log.writes[0].before_len);
        assert_memory_equal(log.writes[0].after, "alice:new:2::::::\n", log.writes[0].after_len);
        stack_writes_free(&log);
        assert_int_equal(log.n, 0);
}

static void a_file_the_write_makes_has_no_before(void **state)
{
        const char *paths[] = { watched };
        struct stack_writes log;

        stack_writes_arm(&log, paths, 1);
        put(tmp, "made\n");
        assert_int_equal(rename(tmp, watched), 0);
        stack_writes_disarm();
        assert_int_equal(log.n, 1);
        assert_null(log.writes[0].before);
        assert_memory_equal(log.writes[0].after, "made\n", 5);
        stack_writes_free(&log);
}

static void a_failed_rename_is_not_noted_and_keeps_its_errno(void **state)
{
        const char *paths[] = { watched };
        struct stack_writes log;

        stack_writes_arm(&log, paths, 1);
        errno = 0;
        assert_int_equal(rename(tmp, watched), -1); /* tmp does not exist */
        assert_int_equal(errno, ENOENT);
        stack_writes_disarm();
        assert_int_equal(log.n, 0);
        stack_writes_free(&log);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(a_write_to_a_watched_file_is_noted_byte_for_byte, setup, teardown),
                cmocka_unit_test_setup_teardown(a_file_the_write_makes_has_no_before, setup, teardown),
                cmocka_unit_test_setup_teardown(a_failed_rename_is_not_noted_and_keeps_its_errno, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
