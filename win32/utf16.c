/* SPDX-License-Identifier: Apache-2.0 */
/* MultiByteToWideChar and friends, made strict and bounded. */
#include "config.h"

#include <errno.h>
#include <limits.h>

#include <windows.h>

#include "utf16.h"

int utf16_from_utf8(const char *s, size_t len, wchar_t *out, size_t cap, size_t *ret_len)
{
        int n = 0;

        if (cap == 0 || len > INT_MAX)
                return -ENOSPC;
        if (len > 0) {
                n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, (int) len, out, (int) cap - 1);
                if (n <= 0)
                        return GetLastError() == ERROR_INSUFFICIENT_BUFFER ? -ENOSPC : -EINVAL;
        }
        out[n] = L'\0';
        if (ret_len)
                *ret_len = (size_t) n;
        return 0;
}

int utf16_to_utf8(const wchar_t *s, size_t len, char *out, size_t cap, size_t *ret_len)
{
        int n = 0;

        if (cap == 0 || len > INT_MAX)
                return -ENOSPC;
        if (len > 0) {
                n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, s, (int) len, out, (int) cap - 1, NULL, NULL);
                if (n <= 0)
                        return GetLastError() == ERROR_INSUFFICIENT_BUFFER ? -ENOSPC : -EINVAL;
        }
        out[n] = '\0';
        if (ret_len)
                *ret_len = (size_t) n;
        return 0;
}
