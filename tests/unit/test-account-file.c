/* SPDX-License-Identifier: Apache-2.0 */
/* One account's line in a colon file: read, replaced, removed, added, with
 * every other byte, the owner, the mode and the SELinux label kept, and
 * nothing written when the file cannot be read whole. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cmocka.h>

#include "account-file.h"
#include "scratch-dir.h"

static char dir[PATH_MAX / 2], path[PATH_MAX];

static void put(const char *text)
{
        FILE *f = fopen(path, "w");

        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

static char *get(void)
{
        static char buf[4096];
        FILE *f = fopen(path, "r");
        size_t n;

        assert_non_null(f);
        n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
        return buf;
}

/* Only the file itself in the folder: no new file left behind. */
static void folder_holds_only_the_file(void)
{
        DIR *d = opendir(dir);
        struct dirent *e;
        int n = 0;

        assert_non_null(d);
        while ((e = readdir(d)))
                n += e->d_name[0] != '.' || strncmp(e->d_name, ".shadow.", 8) == 0;
        closedir(d);
        assert_int_equal(n, 1);
}

static int setup(void **state)
{
        if (scratch_dir_make(dir, sizeof dir, "ssmreset-af") < 0)
                return -1;
        snprintf(path, sizeof path, "%s/shadow", dir);
        put("root:*:19000:0:99999:7:::\nalice:$y$old:19000:0:99999:7:::\nalicex:$y$x:1::::::\n");
        return 0;
}

static int teardown(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static void reads_the_users_line_only(void **state)
{
        char *line = NULL;

        assert_int_equal(account_file_line(path, "alice", &line), 0);
        assert_string_equal(line, "alice:$y$old:19000:0:99999:7:::");
        account_file_line_free(line);
        assert_int_equal(account_file_line(path, "ali", &line), -ENOENT);
        assert_null(line);
        assert_int_equal(account_file_line("/nonexistent/shadow", "alice", &line), -ENOENT);
}

static void replaces_one_line_and_nothing_else(void **state)
{
        assert_int_equal(account_file_replace_line(path, "alice", "alice:$y$new:19001:0:99999:7:::"), 0);
        assert_string_equal(get(), "root:*:19000:0:99999:7:::\nalice:$y$new:19001:0:99999:7:::\nalicex:$y$x:1::::::\n");
        folder_holds_only_the_file();
}

static void removes_and_adds(void **state)
{
        assert_int_equal(account_file_replace_line(path, "alice", NULL), 0);
        assert_string_equal(get(), "root:*:19000:0:99999:7:::\nalicex:$y$x:1::::::\n");
        assert_int_equal(account_file_replace_line(path, "bob", "bob:!:1::::::"), 0);
        assert_string_equal(get(), "root:*:19000:0:99999:7:::\nalicex:$y$x:1::::::\nbob:!:1::::::\n");
        /* A last line without its newline keeps it apart from the new one. */
        put("root:*:1::::::");
        assert_int_equal(account_file_replace_line(path, "bob", "bob:!:1::::::"), 0);
        assert_string_equal(get(), "root:*:1::::::\nbob:!:1::::::\n");
        /* Removing what is not there changes not a byte. */
        assert_int_equal(account_file_replace_line(path, "carol", NULL), 0);
        assert_string_equal(get(), "root:*:1::::::\nbob:!:1::::::\n");
        folder_holds_only_the_file();
}

static void keeps_owner_mode_and_label(void **state)
{
        static const char label[] = "system_u:object_r:shadow_t:s0";
        char got[128] = "";
        struct stat st;

        assert_int_equal(chmod(path, 0640), 0);
        if (geteuid() == 0)
                assert_int_equal(chown(path, 0, 42), 0);
        /* Where the file system takes the attribute (tmpfs and ext4 do). */
        bool labelled = setxattr(path, "security.selinux", label, sizeof label, 0) == 0;
        assert_int_equal(account_file_replace_line(path, "alice", "alice:x:1::::::"), 0);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0640);
        if (geteuid() == 0)
                assert_int_equal(st.st_gid, 42);
#if HAVE_SELINUX
        if (labelled) {
                assert_true(getxattr(path, "security.selinux", got, sizeof got) > 0);
                assert_string_equal(got, label);
        }
#else
        (void) labelled;
        (void) got;
#endif
}

static void a_read_error_writes_nothing(void **state)
{
        /* /proc/self/mem is a regular file whose first page cannot be read. */
        assert_int_equal(account_file_replace_line("/proc/self/mem", "alice", "alice:x:1::::::"), -EIO);
        assert_int_equal(account_file_replace_line(dir, "alice", "alice:x:1::::::"), -EINVAL);
        assert_int_equal(account_file_replace_line("/nonexistent/shadow", "alice", NULL), -ENOENT);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(reads_the_users_line_only, setup, teardown),
                cmocka_unit_test_setup_teardown(replaces_one_line_and_nothing_else, setup, teardown),
                cmocka_unit_test_setup_teardown(removes_and_adds, setup, teardown),
                cmocka_unit_test_setup_teardown(keeps_owner_mode_and_label, setup, teardown),
                cmocka_unit_test_setup_teardown(a_read_error_writes_nothing, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
