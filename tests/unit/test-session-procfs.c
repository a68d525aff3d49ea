/* SPDX-License-Identifier: Apache-2.0 */
/* Session discovery over /proc-like trees the test makes itself: the walk
 * up the ancestors, what counts as the worker, what its first argument must
 * be. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "os/session.h"
#include "session-procfs.h"
#include "scratch-dir.h"

static char proc[PATH_MAX / 2];

static void put(int pid, const char *what, const void *data, size_t len)
{
        char path[PATH_MAX];
        FILE *f;

        snprintf(path, sizeof path, "%s/%d", proc, pid);
        mkdir(path, 0755);
        snprintf(path, sizeof path, "%s/%d/%s", proc, pid, what);
        assert_non_null(f = fopen(path, "w"));
        assert_int_equal(fwrite(data, 1, len, f), len);
        fclose(f);
}

/* A process run by uid from exe: its parent, and its argv as
 * /proc/PID/cmdline holds it. */
static void process_as(int pid, int ppid, unsigned uid, const char *exe, const char *comm, const char *const *argv)
{
        char stat[256], status[256], cmdline[1024], link[PATH_MAX];
        size_t len = 0;

        snprintf(stat, sizeof stat, "%d (%s) S %d %d %d 0 -1", pid, comm, ppid, ppid, ppid);
        put(pid, "stat", stat, strlen(stat));
        snprintf(status, sizeof status,
                 "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nPid:\t%d\n"
                 "PPid:\t%d\nUid:\t%u\t%u\t%u\t%u\nGid:\t0\t0\t0\t0\n",
                 comm, pid, pid, ppid, uid, uid, uid, uid);
        put(pid, "status", status, strlen(status));
        snprintf(link, sizeof link, "%s/%d/exe", proc, pid);
        unlink(link);
        assert_int_equal(symlink(exe, link), 0);
        for (; *argv; argv++) {
                size_t n = strlen(*argv) + 1;
                memcpy(cmdline + len, *argv, n);
                len += n;
        }
        put(pid, "cmdline", cmdline, len);
}

/* Most processes here: root, their executable named by argv[0] (a worker's
 * the agent's own). */
static void process(int pid, int ppid, const char *comm, const char *const *argv)
{
        const char *exe = strstr(argv[0], "ssm-session-worker") ? "/usr/bin/ssm-session-worker" :
                          argv[0][0] == '/'                     ? argv[0] :
                                                                  "/usr/bin/true";

        process_as(pid, ppid, 0, exe, comm, argv);
}

static int setup(void **state)
{
        return scratch_dir_make(proc, sizeof proc, "ssmreset-proc") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
        return scratch_dir_remove(proc) == 0 ? 0 : -1;
}

static void finds_the_worker_above_the_shell(void **state)
{
        char id[SESSION_ID_MAX + 1];

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(10, 1, "amazon-ssm-agen", (const char *[]){ "/usr/bin/amazon-ssm-agent", NULL });
        process(20, 10, "ssm-session-wor",
                (const char *[]){ "/usr/bin/ssm-session-worker", "jane-0a1b2c3d4e5f67890", "i-0123", NULL });
        process(30, 20, "sh", (const char *[]){ "sh", "-c", "ssmreset alice", NULL });
        assert_int_equal(session_find_worker_in(proc, 30, id, sizeof id), 0);
        assert_string_equal(id, "jane-0a1b2c3d4e5f67890");
}

static void no_worker_among_the_ancestors(void **state)
{
        char id[SESSION_ID_MAX + 1] = "untouched";

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(40, 1, "sshd", (const char *[]){ "sshd: jane", NULL });
        process(41, 40, "bash", (const char *[]){ "-bash", NULL });
        assert_int_equal(session_find_worker_in(proc, 41, id, sizeof id), -ENOENT);
        assert_string_equal(id, "untouched");
}

static void a_similar_name_is_not_the_worker(void **state)
{
        char id[SESSION_ID_MAX + 1];

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(50, 1, "x", (const char *[]){ "/tmp/ssm-session-worker-evil", "jane-0a1b", NULL });
        assert_int_equal(session_find_worker_in(proc, 50, id, sizeof id), -ENOENT);
}

static void a_worker_with_a_bad_session_id(void **state)
{
        char id[SESSION_ID_MAX + 1];

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(60, 1, "ssm-session-wor", (const char *[]){ "ssm-session-worker", "jane;rm -rf /", NULL });
        assert_int_equal(session_find_worker_in(proc, 60, id, sizeof id), -EINVAL);
        process(61, 1, "ssm-session-wor", (const char *[]){ "ssm-session-worker", NULL });
        assert_int_equal(session_find_worker_in(proc, 61, id, sizeof id), -EINVAL);
}

static void a_command_name_with_parentheses_and_blanks(void **state)
{
        char id[SESSION_ID_MAX + 1];

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(70, 1, "ssm-session-wor", (const char *[]){ "ssm-session-worker", "ops-1", NULL });
        process(71, 70, "a) S 1 (b", (const char *[]){ "odd", NULL });
        assert_int_equal(session_find_worker_in(proc, 71, id, sizeof id), 0);
        assert_string_equal(id, "ops-1");
}

static void only_the_agents_executable_counts(void **state)
{
        char id[SESSION_ID_MAX + 1];

        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        /* argv[0] says worker, the executable is somewhere else. */
        process_as(20, 1, 0, "/tmp/ssm-session-worker", "ssm-session-wor",
                   (const char *[]){ "/usr/bin/ssm-session-worker", "mallory-0a1b", NULL });
        process(30, 20, "sh", (const char *[]){ "sh", "-c", "ssmreset alice", NULL });
        assert_int_equal(session_find_worker_in(proc, 30, id, sizeof id), -ENOENT);
        /* The snap's worker. */
        process_as(21, 1, 0, "/snap/amazon-ssm-agent/7628/ssm-session-worker", "ssm-session-wor",
                   (const char *[]){ "ssm-session-worker", "jane-0a1b", NULL });
        process(31, 21, "sh", (const char *[]){ "sh", "-c", "ssmreset alice", NULL });
        assert_int_equal(session_find_worker_in(proc, 31, id, sizeof id), 0);
        assert_string_equal(id, "jane-0a1b");
}

static void the_walk_ends_at_the_first_process_that_is_not_root(void **state)
{
        char id[SESSION_ID_MAX + 1];

        /* A real session above, but a user's process (sudo's caller) between. */
        process(1, 0, "systemd", (const char *[]){ "/sbin/init", NULL });
        process(20, 1, "ssm-session-wor", (const char *[]){ "/usr/bin/ssm-session-worker", "jane-0a1b", NULL });
        process_as(30, 20, 1001, "/bin/bash", "bash", (const char *[]){ "-bash", NULL });
        process(40, 30, "sudo", (const char *[]){ "/usr/bin/sudo", "ssmreset", "alice", NULL });
        assert_int_equal(session_find_worker_in(proc, 40, id, sizeof id), -ENOENT);
        /* A worker of its own making, run as a user: refused even at the top. */
        process_as(50, 1, 1001, "/usr/bin/ssm-session-worker", "ssm-session-wor",
                   (const char *[]){ "/usr/bin/ssm-session-worker", "mallory-0a1b", NULL });
        assert_int_equal(session_find_worker_in(proc, 50, id, sizeof id), -ENOENT);
}

static void trusted_paths(void **state)
{
        assert_true(session_worker_exe_trusted("/usr/bin/ssm-session-worker"));
        assert_true(session_worker_exe_trusted("/snap/amazon-ssm-agent/123/ssm-session-worker"));
        assert_false(session_worker_exe_trusted("/snap/amazon-ssm-agent//ssm-session-worker"));
        assert_false(session_worker_exe_trusted("/snap/amazon-ssm-agent/123/x/ssm-session-worker"));
        assert_false(session_worker_exe_trusted("/snap/evil/123/ssm-session-worker"));
        assert_false(session_worker_exe_trusted("/usr/bin/ssm-session-worker (deleted)"));
        assert_false(session_worker_exe_trusted("/home/u/ssm-session-worker"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(finds_the_worker_above_the_shell, setup, teardown),
                cmocka_unit_test_setup_teardown(no_worker_among_the_ancestors, setup, teardown),
                cmocka_unit_test_setup_teardown(a_similar_name_is_not_the_worker, setup, teardown),
                cmocka_unit_test_setup_teardown(a_worker_with_a_bad_session_id, setup, teardown),
                cmocka_unit_test_setup_teardown(a_command_name_with_parentheses_and_blanks, setup, teardown),
                cmocka_unit_test_setup_teardown(only_the_agents_executable_counts, setup, teardown),
                cmocka_unit_test_setup_teardown(the_walk_ends_at_the_first_process_that_is_not_root, setup, teardown),
                cmocka_unit_test(trusted_paths),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
