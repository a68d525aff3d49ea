/* SPDX-License-Identifier: Apache-2.0 */
/* One Event Log record per attempt, over the fake Event Log. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include <windows.h>

#include "os/audit.h"
#include "eventlog-fake.h"
#include "ssmreset-events.h"

static struct audit_event changed = {
        .username = "alice",
        .status = SSR_CHANGED,
        .reason = "",
        .session_id = "jane-0a1b2c",
        .requester = "jane",
        .verified = true,
        .expired = true,
        .tries_used = 2,
        .host = "web-1",
};

static int setup(void **state)
{
        eventlog_fake_reset();
        return 0;
}

static const wchar_t *str(int i)
{
        return eventlog_fake_last.strings[i];
}

static void event_ids_are_stable(void **state)
{
        /* Operators filter on these: Get-WinEvent -FilterHashtable @{ProviderName='ssmreset'; Id=1001} */
        assert_int_equal(SSMRESET_EVENT_CHANGED, 1000);
        assert_int_equal(SSMRESET_EVENT_NOT_CHANGED, 1001);
        assert_int_equal(SSMRESET_EVENT_CHECKED, 1002);
}

static void a_change_is_information_with_every_field(void **state)
{
        assert_int_equal(audit_probe(), AUDIT_PREFERRED);
        assert_int_equal(audit_write(AUDIT_PREFERRED, &changed), AUDIT_PREFERRED);
        assert_int_equal(eventlog_fake_count, 1);
        assert_int_equal(eventlog_fake_last.event_id, 1000);
        assert_int_equal(eventlog_fake_last.type, EVENTLOG_INFORMATION_TYPE);
        assert_true(wcscmp(str(0), L"alice") == 0);
        assert_true(wcscmp(str(1), L"CHANGED") == 0);
        assert_true(wcscmp(str(2), L"") == 0);
        assert_true(wcscmp(str(3), L"jane-0a1b2c") == 0);
        assert_true(wcscmp(str(4), L"jane") == 0);
        assert_true(wcscmp(str(5), L"yes") == 0);
        assert_true(wcscmp(str(6), L"2") == 0);
        assert_true(wcscmp(str(7), L"web-1") == 0);
        assert_true(wcscmp(str(8), L"yes") == 0);
        assert_true(wcscmp(str(9),
                           L"password of 'alice' changed and expired (session jane-0a1b2c, requested by jane)") == 0);
        assert_true(wcscmp(str(10), L"no") == 0);
        assert_true(wcscmp(str(11), L"") == 0);
}

/* --generate: as SSMRESET_GENERATED and SSMRESET_RECIPIENT on Linux. */
static void a_generated_password_names_its_recipient(void **state)
{
        struct audit_event ev = changed;
        const char *fp = "3f0c2b8e6d1a4f5b9c7e2d0a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";

        ev.generated = true;
        ev.recipient = fp;
        assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
        assert_true(wcscmp(str(10), L"yes") == 0);
        assert_true(wcscmp(str(11), L"3f0c2b8e6d1a4f5b9c7e2d0a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e") == 0);
}

static void refusals_warn_and_system_errors_are_errors(void **state)
{
        struct audit_event ev = changed;

        ev.status = SSR_PASSWORD_REJECTED;
        ev.reason = "the new password was refused on every try";
        ev.verified = ev.expired = false;
        assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
        assert_int_equal(eventlog_fake_last.event_id, 1001);
        assert_int_equal(eventlog_fake_last.type, EVENTLOG_WARNING_TYPE);
        assert_true(wcscmp(str(1), L"PASSWORD_REJECTED") == 0);
        assert_true(wcscmp(str(2), L"the new password was refused on every try") == 0);
        ev.status = SSR_SYSTEM_ERROR;
        assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
        assert_int_equal(eventlog_fake_last.type, EVENTLOG_ERROR_TYPE);
}

static void checks_have_their_own_id(void **state)
{
        struct audit_event ev = changed;

        ev.check_only = true;
        ev.status = SSR_ALLOWED;
        assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
        assert_int_equal(eventlog_fake_last.event_id, 1002);
        assert_int_equal(eventlog_fake_last.type, EVENTLOG_INFORMATION_TYPE);
}

static void non_ascii_names_arrive_as_utf16(void **state)
{
        struct audit_event ev = changed;

        ev.username = "CORP\\j\xc3\xb6rg";
        assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
        assert_true(wcscmp(str(0), L"CORP\\j\u00f6rg") == 0);
}

/* What Event Viewer shows: the record's strings through the message table
 * linked into the program (ssmreset-events.mc). */
static void the_message_table_renders_every_record(void **state)
{
        struct audit_event ev = changed;
        wchar_t text[2048];
        DWORD_PTR args[EVENTLOG_STRINGS];
        const DWORD ids[] = { 1000, 1001, 1002 };

        for (size_t k = 0; k < 3; k++) {
                ev.check_only = ids[k] == 1002;
                ev.status = ids[k] == 1000 ? SSR_CHANGED : ids[k] == 1001 ? SSR_ACCOUNT_REFUSED : SSR_ALLOWED;
                ev.reason = ids[k] == 1001 ? "'alice' is disabled" : "";
                assert_int_equal(audit_write(AUDIT_PREFERRED, &ev), AUDIT_PREFERRED);
                assert_int_equal(eventlog_fake_last.event_id, ids[k]);
                for (int i = 0; i < EVENTLOG_STRINGS; i++)
                        args[i] = (DWORD_PTR) eventlog_fake_last.strings[i];
                assert_true(FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                           GetModuleHandleW(NULL), ids[k], 0, text, 2048, (va_list *) args) > 0);
                assert_non_null(wcsstr(text, L"Account: alice"));
                assert_non_null(wcsstr(text, L"Session: jane-0a1b2c"));
                assert_non_null(wcsstr(text, L"Requested by: jane"));
                assert_non_null(wcsstr(text, eventlog_fake_last.strings[9])); /* the summary line */
                if (ids[k] == 1001)
                        assert_non_null(wcsstr(text, L"Reason: 'alice' is disabled"));
                if (ids[k] == 1000)
                        assert_non_null(wcsstr(text, L"Must change at next logon: yes"));
        }
}

static void no_log_no_record(void **state)
{
        eventlog_fake_open_error = ERROR_SERVICE_NOT_ACTIVE;
        assert_int_equal(audit_probe(), AUDIT_NONE);
        eventlog_fake_open_error = 0;
        eventlog_fake_report_error = ERROR_LOG_FILE_FULL;
        assert_int_equal(audit_write(AUDIT_PREFERRED, &changed), AUDIT_NONE);
        assert_int_equal(audit_write(AUDIT_NONE, &changed), AUDIT_NONE);
        assert_string_equal(audit_sink_name(AUDIT_PREFERRED), "eventlog");
        assert_string_equal(audit_sink_name(AUDIT_NONE), "none");
        assert_non_null(strstr(audit_unreachable_reason(), "Event Log"));
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
        const struct CMUnitTest tests[] = {
                T(event_ids_are_stable),
                T(a_change_is_information_with_every_field),
                T(a_generated_password_names_its_recipient),
                T(refusals_warn_and_system_errors_are_errors),
                T(checks_have_their_own_id),
                T(non_ascii_names_arrive_as_utf16),
                T(the_message_table_renders_every_record),
                T(no_log_no_record),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
