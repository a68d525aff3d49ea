/* SPDX-License-Identifier: Apache-2.0 */
/* The real Event Log: RegisterEventSourceW and ReportEventW. */
#include "config.h"

#include <windows.h>

#include "eventlog.h"
#include "utf16.h"

#define SOURCE_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\ssmreset"

DWORD eventlog_open(void)
{
        HANDLE h = RegisterEventSourceW(NULL, EVENTLOG_SOURCE);

        if (!h)
                return GetLastError();
        DeregisterEventSource(h);
        return 0;
}

DWORD eventlog_report(WORD type, DWORD event_id, const wchar_t *const strings[EVENTLOG_STRINGS])
{
        HANDLE h = RegisterEventSourceW(NULL, EVENTLOG_SOURCE);
        DWORD err = 0;

        if (!h)
                return GetLastError();
        if (!ReportEventW(h, type, 0, event_id, NULL, EVENTLOG_STRINGS, 0, (const wchar_t **) strings, NULL))
                err = GetLastError();
        DeregisterEventSource(h);
        return err;
}

bool eventlog_source_registered(char *message_file, size_t n)
{
        wchar_t file[MAX_PATH + 1];
        DWORD size = sizeof file - sizeof file[0];

        message_file[0] = '\0';
        if (RegGetValueW(HKEY_LOCAL_MACHINE, SOURCE_KEY, L"EventMessageFile",
                         RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, NULL, file, &size) != ERROR_SUCCESS)
                return false;
        file[size / sizeof file[0]] = L'\0';
        return utf16_to_utf8(file, wcslen(file), message_file, n, NULL) == 0;
}
