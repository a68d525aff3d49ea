/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <wchar.h>

#include <windows.h>

#include "complexity-win32.h"

#define SPECIAL_CHARACTERS L"'-!\"#$%&()*,./:;?@[]^_`{|}~+<=>"
#define NAME_DELIMITERS L",.-_# \t"
/* Names and parts of names shorter than this are not looked for. */
#define NAME_MIN 3
#define CATEGORIES_NEEDED 3

/* As the SAM compares names: ordinal, ignoring case by the system's
 * uppercase table. */
static bool contains(const wchar_t *password, size_t len, const wchar_t *needle, size_t n)
{
        for (size_t i = 0; n <= len && i <= len - n; i++)
                if (CompareStringOrdinal(password + i, (int) n, needle, (int) n, TRUE) == CSTR_EQUAL)
                        return true;
        return false;
}

static bool contains_name_parts(const wchar_t *password, size_t len, const wchar_t *full_name)
{
        const wchar_t *p = full_name;

        while (*p) {
                size_t n = wcscspn(p, NAME_DELIMITERS);

                if (n >= NAME_MIN && contains(password, len, p, n))
                        return true;
                p += n;
                p += wcsspn(p, NAME_DELIMITERS);
        }
        return false;
}

static unsigned categories(const wchar_t *password, size_t len)
{
        enum { UPPER = 1, LOWER = 2, DIGIT = 4, SPECIAL = 8, OTHER_LETTER = 16 };
        unsigned seen = 0, count = 0;

        for (size_t i = 0; i < len; i++) {
                wchar_t c = password[i];
                WORD type = 0;

                if (c >= L'0' && c <= L'9')
                        seen |= DIGIT;
                else if (c != L'\0' && wcschr(SPECIAL_CHARACTERS, c))
                        seen |= SPECIAL;
                else if (GetStringTypeW(CT_CTYPE1, &c, 1, &type)) {
                        if (type & C1_UPPER)
                                seen |= UPPER;
                        else if (type & C1_LOWER)
                                seen |= LOWER;
                        else if (type & C1_ALPHA)
                                seen |= OTHER_LETTER;
                }
        }
        for (; seen; seen &= seen - 1)
                count++;
        return count;
}

bool win_password_complex(const wchar_t *password, size_t len, const wchar_t *account, const wchar_t *full_name)
{
        if (account && wcslen(account) >= NAME_MIN && contains(password, len, account, wcslen(account)))
                return false;
        if (full_name && contains_name_parts(password, len, full_name))
                return false;
        return categories(password, len) >= CATEGORIES_NEEDED;
}
