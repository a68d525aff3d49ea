/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "username.h"
#include "utf8.h"

/* The rules of both flavors; inner_spaces admits U+0020 inside a name
 * ("John Smith": Windows account names may hold spaces), never at either
 * end and never another blank. */
static enum username_error check(const char *name, size_t len, bool inner_spaces)
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
         * the session agent's "sh -c" string; '\' qualifies a Windows name
         * with a domain. */
        for (size_t i = 0; i < len; i++) {
                if (s[i] == '$' && i == len - 1 && i > 0)
                        continue; /* Samba machine accounts end in '$' */
                if (s[i] == ' ' && inner_spaces && i > 0 && i + 1 < len)
                        continue;
                if (strchr(":,/\\ \"'`$;&|<>()*?[]{}!#~=", s[i]))
                        return USERNAME_FORBIDDEN_CHAR;
        }
        if (s[0] == '-' || s[0] == '+')
                return USERNAME_LEADING_SIGN;
        if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
                return USERNAME_DOTS;
        return USERNAME_OK;
}

enum username_error username_check(const char *name, size_t len)
{
        return check(name, len, false);
}

enum username_error username_check_flavor(const char *name, size_t len, enum username_flavor flavor)
{
        if (flavor != USERNAME_WINDOWS)
                return check(name, len, false);
        /* "DOMAIN\user" and "user@domain" name domain accounts, which are
         * the domain's to reset, not this host's. */
        if (len > 0 && !memchr(name, '\0', len) && (memchr(name, '\\', len) || memchr(name, '@', len)))
                return USERNAME_NOT_LOCAL;
        return check(name, len, true);
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
                return "the user name contains a character not allowed in account names (a blank, a quote or one "
                       "of : , / \\ $ ; & | < > ( ) * ? [ ] { } ! # ~ =)";
        case USERNAME_LEADING_SIGN:
                return "the user name begins with '-' or '+'";
        case USERNAME_DOTS:
                return "the user name is '.' or '..'";
        case USERNAME_NOT_LOCAL:
                return "only local accounts can be reset: give the account's own name ('alice'), not a "
                       "domain-qualified one ('CORP\\alice', 'alice@corp.example'); a domain account is reset "
                       "in its domain";
        }
        return "the user name is invalid";
}
