#include "config.h"

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
                        continue;       /* Samba machine accounts end in '$' */
                if (strchr(":,/\\ \"'`$;&|<>()*?[]{}!#~=", s[i]))
                        return USERNAME_FORBIDDEN_CHAR;
        }
        if (s[0] == '-' || s[0] == '+')
                return USERNAME_LEADING_SIGN;
        if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
                return USERNAME_DOTS;
        return USERNAME_OK;
}

const char *username_strerror(enum username_error e)
{
        switch (e) {
        case USERNAME_OK:             return "valid";
        case USERNAME_EMPTY:          return "the user name is empty";
        case USERNAME_TOO_LONG:       return "the user name is longer than 32 bytes";
        case USERNAME_NOT_UTF8:       return "the user name is not valid UTF-8";
        case USERNAME_CONTROL:        return "the user name contains a control character";
        case USERNAME_FORBIDDEN_CHAR: return "the user name contains a character not allowed in account names (Unicode blank, quote or one of : , / \\ $ ; & | < > ( ) * ? [ ] { } ! # ~ =)";
        case USERNAME_LEADING_SIGN:   return "the user name begins with '-' or '+'";
        case USERNAME_DOTS:           return "the user name is '.' or '..'";
        }
        return "the user name is invalid";
}
