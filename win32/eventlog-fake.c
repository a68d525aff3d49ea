/* SPDX-License-Identifier: Apache-2.0 */
/* A stand-in for the Event Log, for tests only. Keeps the last record; with
 * SSMRESET_FAKE_EVENTLOG naming a file (the test programs under Wine), also
 * appends each record there as one line of UTF-8: id, type, then the
 * strings, separated by '|'; with SSMRESET_FAKE_EVENTLOG_UNREACHABLE set,
 * the log cannot be opened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "eventlog-fake.h"
#include "utf16.h"

struct eventlog_fake_record eventlog_fake_last;
unsigned eventlog_fake_count;
DWORD eventlog_fake_open_error, eventlog_fake_report_error;
bool eventlog_fake_registered = true;

void eventlog_fake_reset(void)
{
        memset(&eventlog_fake_last, 0, sizeof eventlog_fake_last);
        eventlog_fake_count = 0;
        eventlog_fake_open_error = eventlog_fake_report_error = 0;
        eventlog_fake_registered = true;
}

static void append_to_file(const struct eventlog_fake_record *r)
{
        const char *path = getenv("SSMRESET_FAKE_EVENTLOG");
        FILE *f;

        if (!path || !(f = fopen(path, "ab")))
                return;
        fprintf(f, "%lu|%u", (unsigned long) r->event_id, (unsigned) r->type);
        for (int i = 0; i < EVENTLOG_STRINGS; i++) {
                char s[4096];
                if (utf16_to_utf8(r->strings[i], wcslen(r->strings[i]), s, sizeof s, NULL) < 0)
                        snprintf(s, sizeof s, "(not UTF-16)");
                fprintf(f, "|%s", s);
        }
        fputc('\n', f);
        fclose(f);
}

DWORD eventlog_open(void)
{
        if (getenv("SSMRESET_FAKE_EVENTLOG_UNREACHABLE"))
                return ERROR_SERVICE_NOT_ACTIVE;
        return eventlog_fake_open_error;
}

DWORD eventlog_report(WORD type, DWORD event_id, const wchar_t *const strings[EVENTLOG_STRINGS])
{
        if (eventlog_fake_report_error)
                return eventlog_fake_report_error;
        eventlog_fake_last.type = type;
        eventlog_fake_last.event_id = event_id;
        for (int i = 0; i < EVENTLOG_STRINGS; i++) {
                wcsncpy(eventlog_fake_last.strings[i], strings[i] ? strings[i] : L"(null)", 1023);
                eventlog_fake_last.strings[i][1023] = L'\0';
        }
        eventlog_fake_count++;
        append_to_file(&eventlog_fake_last);
        return 0;
}

bool eventlog_source_registered(char *message_file, size_t n)
{
        snprintf(message_file, n, "%s", eventlog_fake_registered ? "C:\\fake\\ssmreset.exe" : "");
        return eventlog_fake_registered;
}
