/* SPDX-License-Identifier: Apache-2.0 */
/* The Windows Event Log behind a seam: Wine's ReportEventW is a stub, so
 * tests link eventlog-fake.c instead of eventlog-win32.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <windows.h>

#define EVENTLOG_SOURCE L"ssmreset"
/* The record's insertion strings: ssmreset-events.mc renders %1 to %10;
 * %11 (generated: yes/no) and %12 (the recipient certificate's SHA-256
 * fingerprint) are in every record's data. */
#define EVENTLOG_STRINGS 12

/* Can records be written now? 0 or a Win32 error. */
DWORD eventlog_open(void);
/* One record in the Application log from EVENTLOG_SOURCE; type is
 * EVENTLOG_INFORMATION_TYPE, _WARNING_ or _ERROR_. 0 or a Win32 error. */
DWORD eventlog_report(WORD type, DWORD event_id, const wchar_t *const strings[EVENTLOG_STRINGS]);
/* Is EVENTLOG_SOURCE registered, and with which message file (UTF-8)?
 * Without registration records are still written, but Event Viewer cannot
 * show their text. */
bool eventlog_source_registered(char *message_file, size_t n);
