/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "os/session.h"
#include "session-win32.h"

static void worker_exe_names(void **state)
{
        assert_true(session_win32_is_worker_exe(L"ssm-session-worker.exe"));
        assert_true(session_win32_is_worker_exe(L"SSM-Session-Worker.EXE"));
        assert_false(session_win32_is_worker_exe(L"ssm-session-worker"));
        assert_false(session_win32_is_worker_exe(L"ssm-session-worker.exe.bak"));
        assert_false(session_win32_is_worker_exe(L"ssm-agent-worker.exe"));
}

static void id_is_the_first_argument(void **state)
{
        char id[SESSION_ID_MAX + 1];

        assert_int_equal(session_win32_id_from_command_line(
                                 L"\"C:\\Program Files\\Amazon\\SSM\\ssm-session-worker.exe\" jane-0a1b2c3d4e5f67890 "
                                 L"i-0123456789abcdef0",
                                 id, sizeof id),
                         0);
        assert_string_equal(id, "jane-0a1b2c3d4e5f67890");
        assert_int_equal(session_win32_id_from_command_line(L"worker.exe \"alice@example.com-01\"", id, sizeof id), 0);
        assert_string_equal(id, "alice@example.com-01");
}

static void bad_ids_are_refused(void **state)
{
        char id[SESSION_ID_MAX + 1];

        assert_int_equal(session_win32_id_from_command_line(L"worker.exe", id, sizeof id), -EINVAL);
        assert_int_equal(session_win32_id_from_command_line(L"worker.exe \"jane 01\"", id, sizeof id), -EINVAL);
        assert_int_equal(session_win32_id_from_command_line(L"worker.exe jane;rm-01", id, sizeof id), -EINVAL);
        assert_int_equal(session_win32_id_from_command_line(L"worker.exe jane-\u00e9", id, sizeof id), -EINVAL);
        assert_int_equal(session_win32_id_from_command_line(L"worker.exe jane-0123", id, 5), -EINVAL);
}

static void only_the_agents_path_is_trusted(void **state)
{
        const wchar_t *pf = L"C:\\Program Files";

        assert_true(session_win32_worker_path_trusted(L"C:\\Program Files\\Amazon\\SSM\\ssm-session-worker.exe", pf));
        assert_true(session_win32_worker_path_trusted(L"c:\\PROGRAM FILES\\amazon\\ssm\\SSM-Session-Worker.EXE", pf));
        assert_false(session_win32_worker_path_trusted(L"C:\\Users\\mallory\\ssm-session-worker.exe", pf));
        assert_false(
                session_win32_worker_path_trusted(L"C:\\Program Files\\Amazon\\SSM\\x\\ssm-session-worker.exe", pf));
        assert_false(session_win32_worker_path_trusted(L"Z:\\tmp\\ssm-session-worker.exe", pf));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(worker_exe_names),
                cmocka_unit_test(only_the_agents_path_is_trusted),
                cmocka_unit_test(id_is_the_first_argument),
                cmocka_unit_test(bad_ids_are_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
