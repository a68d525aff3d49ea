/* SPDX-License-Identifier: Apache-2.0 */
/* Finds the session worker among our ancestors: Toolhelp for the parent
 * chain, NtQueryInformationProcess for the worker's command line.
 * Limits: Windows reuses process ids and does not reparent orphans, so a
 * parent is trusted only if it started before its child; a worker we may
 * not open (a protected process) is not found; a 32-bit worker's PEB is not
 * read where the command-line class is missing (before Windows 8.1).
 * Only a worker that runs elevated (as the agent's LocalSystem service does)
 * from the agent's own executable counts, and the walk ends at the first
 * ancestor that is not elevated: anyone can name a program
 * ssm-session-worker.exe and name another requester. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>
#include <tlhelp32.h>
#include <winternl.h>

#include "os/session.h"
#include "session-win32.h"
#include "utf16.h"

#define MAX_DEPTH 64
/* PROCESSINFOCLASS value, Windows 8.1 and later; not in every winternl.h. */
#define PROCESS_COMMAND_LINE_INFORMATION 60

bool session_win32_is_worker_exe(const wchar_t *exe)
{
        return _wcsicmp(exe, L"" SESSION_WORKER_NAME ".exe") == 0;
}

int session_win32_id_from_command_line(const wchar_t *cmdline, char *buf, size_t n)
{
        int argc = 0, r = -EINVAL;
        wchar_t **argv = CommandLineToArgvW(cmdline, &argc);
        char id[SESSION_ID_MAX + 1];

        if (!argv)
                return -EINVAL;
        if (argc >= 2 && utf16_to_utf8(argv[1], wcslen(argv[1]), id, sizeof id, NULL) == 0 && session_token_valid(id) &&
            strlen(id) < n) {
                strcpy(buf, id);
                r = 0;
        }
        LocalFree(argv);
        return r;
}

bool session_win32_worker_path_trusted(const wchar_t *image, const wchar_t *program_files)
{
        wchar_t want[MAX_PATH + 64];

        if (_snwprintf(want, sizeof want / sizeof want[0], L"%ls\\Amazon\\SSM\\%hs.exe", program_files,
                       SESSION_WORKER_NAME) < 0)
                return false;
        want[sizeof want / sizeof want[0] - 1] = L'\0';
        return _wcsicmp(image, want) == 0;
}

/* Does pid run with an elevated token (LocalSystem's is)? */
static bool elevated(DWORD pid)
{
        HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid), token = NULL;
        TOKEN_ELEVATION e = { 0 };
        DWORD len = 0;
        bool ok = false;

        if (!h)
                return false;
        if (OpenProcessToken(h, TOKEN_QUERY, &token)) {
                ok = GetTokenInformation(token, TokenElevation, &e, sizeof e, &len) && e.TokenIsElevated;
                CloseHandle(token);
        }
        CloseHandle(h);
        return ok;
}

/* Is pid the agent's worker: %ProgramFiles%\Amazon\SSM\ssm-session-worker.exe
 * (the known folder, not the environment variable, which the caller sets)? */
static bool is_agents_worker(DWORD pid)
{
        HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        wchar_t image[MAX_PATH * 2], *program_files = NULL;
        DWORD len = sizeof image / sizeof image[0];
        bool ok = false;

        if (!h)
                return false;
        if (QueryFullProcessImageNameW(h, 0, image, &len) &&
            SUCCEEDED(SHGetKnownFolderPath(&FOLDERID_ProgramFiles, 0, NULL, &program_files)))
                ok = session_win32_worker_path_trusted(image, program_files);
        CoTaskMemFree(program_files);
        CloseHandle(h);
        return ok;
}

/* When the process started, or 0 when we cannot tell. */
static ULONGLONG start_time(DWORD pid)
{
        HANDLE h = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
        FILETIME created, exited, kernel, user;
        ULONGLONG t = 0;

        if (!h)
                return 0;
        if (GetProcessTimes(h, &created, &exited, &kernel, &user))
                t = ((ULONGLONG) created.dwHighDateTime << 32) | created.dwLowDateTime;
        CloseHandle(h);
        return t;
}

typedef NTSTATUS(NTAPI *query_fn)(HANDLE, PROCESSINFOCLASS, PVOID, ULONG, PULONG);

/* Before Windows 8.1 (and under Wine) there is no command-line class: read
 * it from the process's PEB. Same bitness only: the agent is 64-bit. */
static wchar_t *command_line_from_peb(HANDLE h, query_fn query)
{
        PROCESS_BASIC_INFORMATION pbi;
        PEB peb;
        RTL_USER_PROCESS_PARAMETERS params;
        wchar_t *out;
        SIZE_T got;
        ULONG len;

        if (query(h, ProcessBasicInformation, &pbi, sizeof pbi, &len) < 0 || !pbi.PebBaseAddress ||
            !ReadProcessMemory(h, pbi.PebBaseAddress, &peb, sizeof peb, &got) || got != sizeof peb ||
            !ReadProcessMemory(h, peb.ProcessParameters, &params, sizeof params, &got) || got != sizeof params ||
            params.CommandLine.Length == 0)
                return NULL;
        if (!(out = malloc(params.CommandLine.Length + sizeof(wchar_t))))
                return NULL;
        if (!ReadProcessMemory(h, params.CommandLine.Buffer, out, params.CommandLine.Length, &got) ||
            got != params.CommandLine.Length) {
                free(out);
                return NULL;
        }
        out[got / sizeof(wchar_t)] = L'\0';
        return out;
}

/* The process's command line, malloc'ed, or NULL. */
static wchar_t *command_line(DWORD pid)
{
        query_fn query =
                (query_fn) (void (*)(void)) GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess");
        HANDLE h = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
        ULONG size = 4096;
        UNICODE_STRING *us = NULL;
        wchar_t *out = NULL;
        NTSTATUS st;

        if (!h || !query)
                goto done;
        for (int tries = 0; tries < 3; tries++) {
                free(us);
                if (!(us = malloc(size)))
                        goto done;
                st = query(h, (PROCESSINFOCLASS) PROCESS_COMMAND_LINE_INFORMATION, us, size, &size);
                if (st >= 0)
                        break;
                if (st == (NTSTATUS) 0xC0000003L /* STATUS_INVALID_INFO_CLASS */) {
                        out = command_line_from_peb(h, query);
                        goto done;
                }
                if (size <= sizeof *us || size > 64 * 1024)
                        goto done;
        }
        if (st < 0 || !us->Buffer)
                goto done;
        if ((out = malloc(us->Length + sizeof(wchar_t)))) {
                memcpy(out, us->Buffer, us->Length);
                out[us->Length / sizeof(wchar_t)] = L'\0';
        }
done:
        free(us);
        if (h)
                CloseHandle(h);
        return out;
}

int session_find_worker_id(char *buf, size_t n)
{
        HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
        PROCESSENTRY32W *procs = NULL;
        size_t count = 0, cap = 0;
        DWORD pid = GetCurrentProcessId();
        ULONGLONG child_started = start_time(pid);
        int r = -ENOENT;

        if (snap == INVALID_HANDLE_VALUE)
                return -ENOENT;
        PROCESSENTRY32W e = { .dwSize = sizeof e };
        for (BOOL more = Process32FirstW(snap, &e); more; more = Process32NextW(snap, &e)) {
                if (count == cap) {
                        PROCESSENTRY32W *p = realloc(procs, (cap = cap ? 2 * cap : 256) * sizeof *procs);
                        if (!p)
                                break;
                        procs = p;
                }
                procs[count++] = e;
        }
        CloseHandle(snap);

        for (int depth = 0; depth < MAX_DEPTH; depth++) {
                const PROCESSENTRY32W *self = NULL, *parent = NULL;
                ULONGLONG parent_started;

                for (size_t i = 0; i < count && !self; i++)
                        if (procs[i].th32ProcessID == pid)
                                self = &procs[i];
                if (!self || self->th32ParentProcessID == 0 || self->th32ParentProcessID == pid)
                        break;
                for (size_t i = 0; i < count && !parent; i++)
                        if (procs[i].th32ProcessID == self->th32ParentProcessID)
                                parent = &procs[i];
                if (!parent)
                        break; /* the parent has exited */
                parent_started = start_time(parent->th32ProcessID);
                if (!parent_started || (child_started && parent_started > child_started))
                        break; /* its id now belongs to a younger process */
                if (!elevated(parent->th32ProcessID))
                        break; /* nobody above a process that is not elevated vouches for it */
                if (session_win32_is_worker_exe(parent->szExeFile) && is_agents_worker(parent->th32ProcessID)) {
                        wchar_t *cmdline = command_line(parent->th32ProcessID);
                        r = cmdline ? session_win32_id_from_command_line(cmdline, buf, n) : -EINVAL;
                        free(cmdline);
                        break;
                }
                pid = parent->th32ProcessID;
                child_started = parent_started;
        }
        free(procs);
        return r;
}
