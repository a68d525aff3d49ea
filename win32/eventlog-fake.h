/* SPDX-License-Identifier: Apache-2.0 */
/* What eventlog-fake.c was asked to write, for the tests. */
#pragma once

#include <windows.h>

#include "eventlog.h"

struct eventlog_fake_record {
        WORD type;
        DWORD event_id;
        wchar_t strings[EVENTLOG_STRINGS][1024];
};

extern struct eventlog_fake_record eventlog_fake_last;
extern unsigned eventlog_fake_count;
/* The next eventlog_open() and eventlog_report() answer this (0: work). */
extern DWORD eventlog_fake_open_error, eventlog_fake_report_error;
extern bool eventlog_fake_registered;

void eventlog_fake_reset(void);
