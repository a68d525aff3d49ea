/* SPDX-License-Identifier: Apache-2.0 */
/* pam_faillock's tallies: where they are, and emptying and putting back one
 * under pam_faillock's own lock, waited on for a bounded time. */
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

#define WAIT_MS 2000

static void take_hands_back_what_it_cleared(void **state)
{
        void *taken = NULL;
        size_t len = 99;
        pid_t holder = -1;

        assert_int_equal(faillock_tally_take(dir, "alice", WAIT_MS, &taken, &len, &holder), 0); /* no tally at all */
        assert_null(taken);
        assert_int_equal(len, 0);
        put("0123456789abcdef", 16);
        assert_int_equal(faillock_tally_take(dir, "alice", WAIT_MS, &taken, &len, &holder), 1);
        assert_int_equal(len, 16);
        assert_memory_equal(taken, "0123456789abcdef", 16);
        free(taken);
        assert_int_equal(size(), 0);
        assert_int_equal(faillock_tally_take(dir, "alice", WAIT_MS, &taken, &len, &holder), 0); /* empty */
        assert_null(taken);
        assert_int_equal(faillock_tally_take(dir, "../alice", WAIT_MS, &taken, &len, &holder), -EINVAL);
}

static void restore_puts_the_records_back_in_front(void **state)
{
        void *taken = NULL, *now = NULL;
        size_t len = 0, now_len = 0;
        pid_t holder;

        put("OLDRECORDS", 10);
        assert_int_equal(faillock_tally_take(dir, "alice", WAIT_MS, &taken, &len, &holder), 1);
        put("NEW", 3); /* a failure recorded after the clear */
        assert_int_equal(faillock_tally_restore(dir, "alice", taken, len, WAIT_MS, &holder), 0);
        assert_int_equal(faillock_tally_read(dir, "alice", WAIT_MS, &now, &now_len, &holder), 0);
        assert_int_equal(now_len, 13);
        assert_memory_equal(now, "OLDRECORDSNEW", 13);
        free(now);
        /* A tally its owner removed since stays removed. */
        assert_int_equal(unlink(tally), 0);
        assert_int_equal(faillock_tally_restore(dir, "alice", taken, len, WAIT_MS, &holder), 0);
        assert_int_equal(size(), -1);
        free(taken);
        assert_int_equal(faillock_tally_read(dir, "bob", WAIT_MS, &now, &now_len, &holder), 0);
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
        if (child == 0) {
                void *taken = NULL;
                size_t len = 0;
                pid_t holder;
                _exit(faillock_tally_take(dir, "alice", 10000, &taken, &len, &holder) == 1 && len == 7 ? 0 : 1);
        }
        usleep(200 * 1000);
        assert_int_equal(size(), 7); /* still waiting for the lock */
        flock(fd, LOCK_UN);
        close(fd);
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        assert_int_equal(size(), 0);
}

/* The tally's owner can hold its lock for ever: the wait ends, the holder is
 * named, and nothing changes. */
static void a_lock_held_for_ever_is_waited_on_for_a_bound_time(void **state)
{
        void *taken = NULL;
        size_t len = 0;
        pid_t holder = 0;
        int fd;

        put("RECORDS", 7);
        fd = open(tally, O_RDWR);
        assert_int_equal(flock(fd, LOCK_EX), 0);
        assert_int_equal(faillock_tally_take(dir, "alice", 200, &taken, &len, &holder), -EBUSY);
        assert_int_equal(holder, getpid());
        assert_null(taken);
        assert_int_equal(faillock_tally_restore(dir, "alice", "X", 1, 200, &holder), -EBUSY);
        assert_int_equal(faillock_tally_read(dir, "alice", 200, &taken, &len, &holder), -EBUSY);
        close(fd);
        assert_int_equal(size(), 7);
}

/* A FIFO in the tally's place neither blocks nor is taken for a tally. */
static void a_tally_that_is_not_a_file_is_refused_at_once(void **state)
{
        void *taken = NULL;
        size_t len = 0;
        pid_t holder;

        assert_int_equal(mkfifo(tally, 0600), 0);
        assert_int_equal(faillock_tally_take(dir, "alice", WAIT_MS, &taken, &len, &holder), -EINVAL);
        assert_int_equal(faillock_tally_read(dir, "alice", WAIT_MS, &taken, &len, &holder), -EINVAL);
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
                cmocka_unit_test_setup_teardown(take_hands_back_what_it_cleared, setup, teardown),
                cmocka_unit_test_setup_teardown(restore_puts_the_records_back_in_front, setup, teardown),
                cmocka_unit_test_setup_teardown(changes_wait_for_pam_faillocks_lock, setup, teardown),
                cmocka_unit_test_setup_teardown(a_lock_held_for_ever_is_waited_on_for_a_bound_time, setup, teardown),
                cmocka_unit_test_setup_teardown(a_tally_that_is_not_a_file_is_refused_at_once, setup, teardown),
                cmocka_unit_test(folders_from_the_option_or_from_every_pam_faillock_line),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
