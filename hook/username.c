/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "username.h"
#include "utf8.h"

enum username_error username_check(const char *name, size_t len)
{
        const unsigned char *s = (const unsigned char *) name;

        if (len == 0)
                return USERNAME_EMPTY;
        if (len > USERNAME_MAX)
                return USERNAME_TOO_LONG;
        for (size_t i = 0; i < len;) {
                size_t l = utf8_sequence_length(s + i, len - i);
                if (l == 0)
                        return USERNAME_NOT_UTF8;
                unsigned cp = utf8_decode(s + i, l);
                if (unicode_is_space_or_control(cp))
                        return cp < 0xA0 ? USERNAME_CONTROL : USERNAME_FORBIDDEN_CHAR;
                i += l;
        }
        /* ':' and ',' break passwd/group lines, '/' paths, blanks shells and
         * the session agent's "sh -c" string; '\' is Windows' domain separator. */
        for (size_t i = 0; i < len; i++) {
                if (s[i] == '$' && i == len - 1 && i > 0)
                        continue; /* Samba machine accounts end in '$' */
                if (strchr(":,/\\ \"'`$;&|<>()*?[]{}!#~=", s[i]))
                        return USERNAME_FORBIDDEN_CHAR;
        }
        if (s[0] == '-' || s[0] == '+')
                return USERNAME_LEADING_SIGN;
        if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
                return USERNAME_DOTS;
        return USERNAME_OK;
}

/* NetBIOS and DNS domain names: letters, digits, '-', '_' and inner dots. */
static bool domain_valid(const char *d, size_t len)
{
        if (len == 0 || len > USERNAME_DOMAIN_MAX || d[0] == '.' || d[0] == '-' || d[len - 1] == '.')
                return false;
        for (size_t i = 0; i < len; i++) {
                char c = d[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_' || c == '.';
                if (!ok || (c == '.' && i + 1 < len && d[i + 1] == '.'))
                        return false;
        }
        return true;
}

enum username_error username_check_flavor(const char *name, size_t len, enum username_flavor flavor)
{
        const char *sep;

        if (flavor != USERNAME_WINDOWS || len == 0 || memchr(name, '\0', len))
                return username_check(name, len);
        if ((sep = memchr(name, '\\', len))) { /* DOMAIN\user */
                size_t dlen = (size_t) (sep - name);
                if (memchr(sep + 1, '\\', len - dlen - 1) || memchr(name, '@', len))
                        return USERNAME_FORBIDDEN_CHAR;
                if (!domain_valid(name, dlen))
                        return USERNAME_BAD_DOMAIN;
                return username_check(sep + 1, len - dlen - 1);
        }
        if ((sep = memchr(name, '@', len))) { /* user@domain */
                size_t ulen = (size_t) (sep - name);
                enum username_error e = username_check(name, ulen);
                if (e != USERNAME_OK)
                        return e;
                if (!domain_valid(sep + 1, len - ulen - 1))
                        return USERNAME_BAD_DOMAIN;
                return USERNAME_OK;
        }
        return username_check(name, len);
}

const char *username_strerror(enum username_error e)
{
        switch (e) {
        case USERNAME_OK:
                return "valid";
        case USERNAME_EMPTY:
                return "the user name is empty";
        case USERNAME_TOO_LONG:
                return "the user name is longer than 32 bytes";
        case USERNAME_NOT_UTF8:
                return "the user name is not valid UTF-8";
        case USERNAME_CONTROL:
                return "the user name contains a control character";
        case USERNAME_FORBIDDEN_CHAR:
                return "the user name contains a character not allowed in account names (Unicode blank, quote or one "
                       "of : , / \\ $ ; & | < > ( ) * ? [ ] { } ! # ~ =)";
        case USERNAME_LEADING_SIGN:
                return "the user name begins with '-' or '+'";
        case USERNAME_DOTS:
                return "the user name is '.' or '..'";
        case USERNAME_BAD_DOMAIN:
                return "the domain part of the user name is not a domain name (1 to 64 of A-Z a-z 0-9 . - _, as in "
                       "CORP\\alice or alice@corp.example)";
        }
        return "the user name is invalid";
}
