/* SPDX-License-Identifier: Apache-2.0 */
/* main()'s view of the process on Windows: arguments as UTF-8 (the C
 * runtime would hand them over in the ANSI code page, losing non-ASCII
 * names), raw standard input for --batch, UTF-8 on the console. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <shellapi.h>

#include "os/platform.h"
#include "utf16.h"

static UINT saved_output_cp;

static void restore_output_cp(void)
{
        if (saved_output_cp)
                SetConsoleOutputCP(saved_output_cp);
}

static int utf8_argv(int *argc, char ***argv)
{
        int n;
        wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
        char **out;

        if (!wargv)
                return -ENOMEM;
        out = calloc((size_t) n + 1, sizeof *out);
        for (int i = 0; out && i < n; i++) {
                size_t wlen = wcslen(wargv[i]), cap = 3 * wlen + 1;
                /* Kept for the life of the process, like the C runtime's argv. */
                if (!(out[i] = malloc(cap)) || utf16_to_utf8(wargv[i], wlen, out[i], cap, NULL) < 0) {
                        LocalFree(wargv);
                        return -EINVAL;
                }
        }
        LocalFree(wargv);
        if (!out)
                return -ENOMEM;
        *argc = n;
        *argv = out;
        return 0;
}

int platform_init(int *argc, char ***argv)
{
        int r = utf8_argv(argc, argv);

        (void) _setmode(_fileno(stdin), _O_BINARY);
        saved_output_cp = GetConsoleOutputCP();
        if (saved_output_cp && SetConsoleOutputCP(CP_UTF8))
                atexit(restore_output_cp);
        return r;
}

static BOOL WINAPI held(DWORD event)
{
        /* Ctrl+C and Ctrl+Break wait; closing the console cannot be held. */
        return event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT;
}

void platform_hold_interrupts(void)
{
        (void) SetConsoleCtrlHandler(held, TRUE);
}

int platform_deliver(int fd, const void *data, size_t len, unsigned timeout_ms)
{
        /* Pipes and consoles have no unread count to wait on here: what is
         * written is handed to the system. */
        HANDLE h = (HANDLE) _get_osfhandle(fd);
        const char *p = data;

        while (len > 0) {
                int n = _write(fd, p, len > 65536 ? 65536 : (unsigned) len);

                if (n <= 0)
                        return -EIO;
                p += n;
                len -= (size_t) n;
        }
        if (h != INVALID_HANDLE_VALUE && GetFileType(h) == FILE_TYPE_DISK && !FlushFileBuffers(h))
                return -EIO;
        return 0;
}

int platform_read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        wchar_t wpath[MAX_PATH * 4];
        HANDLE h;
        char *buf;
        DWORD got = 0;

        *ret = NULL;
        *ret_len = 0;
        if (utf16_from_utf8(path, strlen(path), wpath, sizeof wpath / sizeof wpath[0], NULL) < 0)
                return -ENAMETOOLONG;
        h = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE)
                return GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND ? -ENOENT :
                                                                                                          -EACCES;
        /* A named pipe or a device is no certificate file. */
        if (GetFileType(h) != FILE_TYPE_DISK) {
                CloseHandle(h);
                return -EINVAL;
        }
        if (!(buf = malloc(max + 1))) {
                CloseHandle(h);
                return -ENOMEM;
        }
        if (!ReadFile(h, buf, (DWORD) (max + 1), &got, NULL)) {
                free(buf);
                CloseHandle(h);
                return -EIO;
        }
        CloseHandle(h);
        *ret = buf;
        *ret_len = got;
        return 0;
}

void platform_host_name(char *buf, size_t n)
{
        wchar_t name[256];
        DWORD len = sizeof name / sizeof name[0];

        if (!GetComputerNameExW(ComputerNameDnsHostname, name, &len) || utf16_to_utf8(name, len, buf, n, NULL) < 0)
                snprintf(buf, n, "unknown");
}

const struct platform_words platform_words = {
        .machinery = "the local SAM (NetUserSetInfo)",
        .audit_trail = "the Application Event Log",
        .rights = "elevated administrator rights",
        .system_errors = "SAM or LSA failure, I/O error, audit impossible",
};

const char platform_build_options[] = "backend: Windows, NetUserSetInfo and LSA\n"
                                      "audit: the Application Event Log (source ssmreset)\n"
                                      "selinux: no (Windows)\n"
                                      "secure memory: VirtualLock, SecureZeroMemory\n";
