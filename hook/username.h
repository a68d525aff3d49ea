/* SPDX-License-Identifier: Apache-2.0 */
/* Syntax of account names, checked before anything asks the system. */
#pragma once

#include <stddef.h>

/* Longest name accepted, in bytes (shadow-utils' useradd default limit is 32). */
#define USERNAME_MAX 32

enum username_error {
        USERNAME_OK = 0,
        USERNAME_EMPTY,
        USERNAME_TOO_LONG,
        USERNAME_NOT_UTF8,
        USERNAME_CONTROL,
        USERNAME_FORBIDDEN_CHAR,
        USERNAME_LEADING_SIGN,
        USERNAME_DOTS,
        USERNAME_NOT_LOCAL, /* Windows: qualified by a domain */
};

/* Which names an OS backend resolves: POSIX account names, or Windows ones,
 * which obey the same rules but may hold inner spaces ("John Smith"). A
 * Windows name qualified by a domain ("DOMAIN\user", "user@domain") is
 * USERNAME_NOT_LOCAL: only local accounts are reset. */
enum username_flavor {
        USERNAME_POSIX,
        USERNAME_WINDOWS,
};

/* name may hold any bytes; len excludes no NUL: an embedded NUL is a control
 * character. The POSIX rules. */
enum username_error username_check(const char *name, size_t len);
enum username_error username_check_flavor(const char *name, size_t len, enum username_flavor flavor);
/* What is wrong, for people. */
const char *username_strerror(enum username_error e);
