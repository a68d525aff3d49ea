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
};

/* name may hold any bytes; len excludes no NUL: an embedded NUL is a control
 * character. */
enum username_error username_check(const char *name, size_t len);
/* What is wrong, for people. */
const char *username_strerror(enum username_error e);
