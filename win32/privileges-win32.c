/* SPDX-License-Identifier: Apache-2.0 */
/* Windows' root: an elevated token that is a member of Administrators.
 * Under UAC an administrator's unelevated token holds the Administrators
 * SID only for deny: CheckTokenMembership says no, as it should. */
#include "config.h"

#include <windows.h>

#include "os/privileges.h"

static bool token_elevated(void)
{
        HANDLE token;
        TOKEN_ELEVATION e = { 0 };
        DWORD len = 0;
        BOOL ok;

        if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
                return false;
        ok = GetTokenInformation(token, TokenElevation, &e, sizeof e, &len);
        CloseHandle(token);
        return ok && e.TokenIsElevated;
}

static bool in_administrators(void)
{
        SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
        PSID admins = NULL;
        BOOL member = FALSE;

        if (!AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0,
                                      &admins))
                return false;
        if (!CheckTokenMembership(NULL, admins, &member))
                member = FALSE;
        FreeSid(admins);
        return member;
}

bool privileges_sufficient(void)
{
        return in_administrators() && token_elevated();
}

const char *privileges_advice(void)
{
        return "ssmreset must run elevated as an administrator: run the session document as "
               "the SSM agent does (LocalSystem), or start it from an elevated prompt";
}
