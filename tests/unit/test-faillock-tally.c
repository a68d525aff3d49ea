/* SPDX-License-Identifier: Apache-2.0 */
/* pam_faillock's tallies: where they are, and clearing and putting back one
 * under pam_faillock's own lock. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "faillock-tally.h"
#include "scratch-dir.h"

static char dir[PATH_MAX / 2], tally[PATH_MAX];

static void put(const char *bytes, size_t n)
{
        int fd = open(tally, O_WRONLY | O_CREAT | O_TRUNC, 0600);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, bytes, n), (ssize_t) n);
        close(fd);
}

static off_t size(void)
{
        struct stat st;

        return stat(tally, &st) == 0 ? st.st_size : -1;
}

static int setup(void **state)
{
        if (scratch_dir_make(dir, sizeof dir, "ssmreset-fl") < 0)
                return -1;
        snprintf(tally, sizeof tally, "%s/alice", dir);
        return 0;
}

static int teardown(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static void clear_says_whether_there_was_anything(void **state)
{
        assert_int_equal(faillock_tally_clear(dir, "alice"), 0); /* no tally at all */
        put("0123456789abcdef", 16);
        assert_int_equal(faillock_tally_clear(dir, "alice"), 1);
        assert_int_equal(size(), 0);
        assert_int_equal(faillock_tally_clear(dir, "alice"), 0); /* empty */
        assert_int_equal(faillock_tally_clear(dir, "../alice"), -EINVAL);
}

static void restore_puts_the_records_back_in_front(void **state)
{
        void *saved = NULL, *now = NULL;
        size_t len = 0, now_len = 0;

        put("OLDRECORDS", 10);
        assert_int_equal(faillock_tally_read(dir, "alice", &saved, &len), 0);
        assert_int_equal(len, 10);
        assert_int_equal(faillock_tally_clear(dir, "alice"), 1);
        put("NEW", 3); /* a failure recorded after the clear */
        assert_int_equal(faillock_tally_restore(dir, "alice", saved, len), 0);
        assert_int_equal(faillock_tally_read(dir, "alice", &now, &now_len), 0);
        assert_int_equal(now_len, 13);
        assert_memory_equal(now, "OLDRECORDSNEW", 13);
        free(saved);
        free(now);
        assert_int_equal(faillock_tally_read(dir, "bob", &now, &now_len), 0);
        assert_null(now);
        assert_int_equal(now_len, 0);
}

static void changes_wait_for_pam_faillocks_lock(void **state)
{
        int fd;
        pid_t child;
        int status;

        put("RECORDS", 7);
        fd = open(tally, O_RDWR);
        assert_int_equal(flock(fd, LOCK_EX), 0);
        child = fork();
        assert_true(child >= 0);
        if (child == 0)
                _exit(faillock_tally_clear(dir, "alice") == 1 ? 0 : 1);
        usleep(200 * 1000);
        assert_int_equal(size(), 7); /* still waiting for the lock */
        flock(fd, LOCK_UN);
        close(fd);
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        assert_int_equal(size(), 0);
}

static void folders_from_the_option_or_from_every_pam_faillock_line(void **state)
{
        char confdir[PATH_MAX], err[256];
        struct faillock_dirs d;
        bool line_dir = false, account_dir = false;

        assert_int_equal(faillock_dirs_find("/explicit/dir", "/nonexistent", &d, err, sizeof err), 0);
        assert_int_equal(d.n, 1);
        assert_string_equal(d.dir[0], "/explicit/dir");

        snprintf(confdir, sizeof confdir, "%s/tests/unit/pam.d/faillock",
                 getenv("SSMRESET_SRC_DIR") ? getenv("SSMRESET_SRC_DIR") : ".");
        assert_int_equal(faillock_dirs_find(NULL, confdir, &d, err, sizeof err), 0);
        for (size_t i = 0; i < d.n; i++) {
                line_dir |= strcmp(d.dir[i], "/var/lib/faillock-test") == 0;
                account_dir |= strcmp(d.dir[i], "/run/faillock-account") == 0;
        }
        assert_true(line_dir);
        assert_true(account_dir);
        /* faillock.conf's folder (or the default) comes first; each once. */
        assert_int_equal(d.n, 3);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(clear_says_whether_there_was_anything, setup, teardown),
                cmocka_unit_test_setup_teardown(restore_puts_the_records_back_in_front, setup, teardown),
                cmocka_unit_test_setup_teardown(changes_wait_for_pam_faillocks_lock, setup, teardown),
                cmocka_unit_test(folders_from_the_option_or_from_every_pam_faillock_line),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
