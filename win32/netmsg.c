/* SPDX-License-Identifier: Apache-2.0 */
/* FormatMessageW over netmsg.dll (network error texts) and the system's
 * message table. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <wchar.h>

#include <windows.h>
#include <lm.h>

#include "netmsg.h"
#include "utf16.h"

void win32_error_message(DWORD err, char *buf, size_t n)
{
        bool nerr = err >= NERR_BASE && err <= MAX_NERR;
        DWORD flags = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
        HMODULE netmsg = NULL;
        wchar_t text[512];
        char utf8[1024] = "";
        DWORD len;

        if (nerr &&
            (netmsg = LoadLibraryExW(L"netmsg.dll", NULL, LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_SEARCH_SYSTEM32)))
                flags |= FORMAT_MESSAGE_FROM_HMODULE;
        len = FormatMessageW(flags, netmsg, err, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), text,
                             sizeof text / sizeof text[0], NULL);
        if (netmsg)
                FreeLibrary(netmsg);
        while (len > 0 && (text[len - 1] == L'\n' || text[len - 1] == L'\r' || text[len - 1] == L' '))
                len--;
        if (len == 0 || utf16_to_utf8(text, len, utf8, sizeof utf8, NULL) < 0)
                snprintf(utf8, sizeof utf8, "Windows could not say why");
        snprintf(buf, n, "%s (%s %lu)", utf8, nerr ? "NERR" : "error", (unsigned long) err);
}
