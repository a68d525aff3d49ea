/* SPDX-License-Identifier: Apache-2.0 */
/* Process-wide protections on Windows: no crash dumps (Windows Error
 * Reporting would write the heap, password and all, to disk), no error
 * dialogs waiting for a click nobody can give, no DLLs from the current
 * directory. */
#include "config.h"

#include <errno.h>

#include <windows.h>

#include "os/harden.h"

/* Runs before Windows Error Reporting would: end at once, no dump. */
static LONG WINAPI die_without_dump(EXCEPTION_POINTERS *info)
{
        TerminateProcess(GetCurrentProcess(), 0xC0000409u /* STATUS_STACK_BUFFER_OVERRUN: fast fail */);
        return EXCEPTION_EXECUTE_HANDLER;
}

int harden_process(void)
{
        int r = 0;

        SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
        SetUnhandledExceptionFilter(die_without_dump);
        if (!HeapSetInformation(NULL, HeapEnableTerminationOnCorruption, NULL, 0))
                r = -EPERM;
        /* LoadLibrary (netmsg.dll, ...) only from System32. */
        if (!SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32))
                r = -EPERM;
        return r;
}
