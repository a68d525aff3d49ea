/* SPDX-License-Identifier: Apache-2.0 */
/* Stands in for the SSM agent's session worker on Windows: started as
 * "ssm-session-worker.exe SESSION-ID PROGRAM ARGS...", it runs PROGRAM as
 * its child through cmd.exe, as the agent runs a document's command, and
 * exits with its status. */
#include <stdio.h>
#include <wchar.h>

#include <windows.h>
#include <shellapi.h>

int main(void)
{
        const wchar_t *cmdline = GetCommandLineW(), *p;
        wchar_t child[32768];
        STARTUPINFOW si = { .cb = sizeof si };
        PROCESS_INFORMATION pi;
        DWORD status = 1;
        int argc;
        LPWSTR *argv = CommandLineToArgvW(cmdline, &argc);

        if (!argv || argc < 3) {
                fprintf(stderr, "usage: ssm-session-worker SESSION-ID PROGRAM [ARGS...]\n");
                return 2;
        }
        /* Everything after the session id, as it was written. */
        p = wcsstr(cmdline, argv[1]);
        p = p ? p + wcslen(argv[1]) : L"";
        while (*p == L' ')
                p++;
        swprintf(child, sizeof child / sizeof child[0], L"cmd.exe /c %ls", p);
        if (!CreateProcessW(NULL, child, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
                fprintf(stderr, "ssm-session-worker: cannot start %ls: %lu\n", p, GetLastError());
                return 1;
        }
        WaitForSingleObject(pi.hProcess, INFINITE);
        GetExitCodeProcess(pi.hProcess, &status);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        return (int) status;
}
