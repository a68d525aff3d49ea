/* SPDX-License-Identifier: Apache-2.0 */
/* Windows' "Password must meet complexity requirements", as Microsoft
 * documents the rule (the decision alone, from what the caller read from
 * the SAM): the password contains neither the account name, when that has
 * 3 characters or more, nor any part of 3 characters or more of the display
 * name split at , . - _ # space and tab, both compared ignoring case; and
 * it holds characters of 3 of these 5 categories: uppercase letters,
 * lowercase letters, the digits 0-9, the special characters
 * '-!"#$%&()*,./:;?@[]^_`{|}~+<=> (the documented list: '\' and currency
 * signs count as none), and letters that are neither upper- nor lowercase. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* password: len UTF-16 code units; account and full_name: NUL-terminated,
 * NULL or "" when there is none. */
bool win_password_complex(const wchar_t *password, size_t len, const wchar_t *account, const wchar_t *full_name);
