/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <windows.h>
#include <lm.h>

#include "status-map.h"

enum ssr_status win32_status_from_error(DWORD err, bool *retry)
{
        *retry = false;
        switch (err) {
        case NERR_Success:
                return SSR_CHANGED;
        /* The SAM's password policy: length, complexity, history, age. */
        case NERR_PasswordTooShort:
        case NERR_PasswordHistConflict:
        case NERR_PasswordTooRecent:
        case ERROR_PASSWORD_RESTRICTION:
        case ERROR_ILL_FORMED_PASSWORD:
        case ERROR_INVALID_PASSWORD:
        case NERR_BadPassword:
                *retry = true;
                return SSR_PASSWORD_REJECTED;
        case NERR_UserNotFound:
        case ERROR_NO_SUCH_USER:
        case ERROR_NONE_MAPPED:
        case ERROR_NO_SUCH_DOMAIN:
                return SSR_USER_UNKNOWN;
        case ERROR_INVALID_ACCOUNT_NAME:
        case NERR_BadUsername:
                return SSR_BAD_REQUEST;
        case ERROR_ACCESS_DENIED:
        case ERROR_PRIVILEGE_NOT_HELD:
                return SSR_NOT_PERMITTED;
        case NERR_PasswordCantChange:
        case ERROR_ACCOUNT_DISABLED:
        case ERROR_ACCOUNT_EXPIRED:
        case ERROR_ACCOUNT_LOCKED_OUT:
        case ERROR_SPECIAL_ACCOUNT:
        case NERR_SpeGroupOp:
                return SSR_ACCOUNT_REFUSED;
        default: /* NERR_NotPrimary, NERR_DCNotFound, RPC and memory errors, ... */
                return SSR_SYSTEM_ERROR;
        }
}
