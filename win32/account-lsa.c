/* SPDX-License-Identifier: Apache-2.0 */
/* Accounts through LSA: names resolved with LookupAccountNameW, checked
 * against this host's account domain by SID, and passwords checked with a
 * network logon (no profile loaded, no interactive session). */
#include "config.h"

#include <windows.h>
#include <ntsecapi.h>
#include <dsrole.h>

#include "sam.h"

/* Is sid in the domain whose SID is domain_sid: all but its last part equal? */
static bool sid_in_domain(PSID sid, PSID domain_sid)
{
        BYTE copy[SECURITY_MAX_SID_SIZE];
        PSID_IDENTIFIER_AUTHORITY auth = GetSidIdentifierAuthority(sid);
        BYTE n = *GetSidSubAuthorityCount(sid);
        PSID prefix = (PSID) copy;

        if (n < 1 || !InitializeSid(prefix, auth, (BYTE) (n - 1)))
                return false;
        for (BYTE i = 0; i + 1 < n; i++)
                *GetSidSubAuthority(prefix, i) = *GetSidSubAuthority(sid, i);
        return EqualSid(prefix, domain_sid) != 0;
}

/* The SID of this host's account domain: its own SAM on a member or
 * standalone server, the domain on a domain controller. */
static DWORD account_domain_contains(PSID sid, bool *ret)
{
        LSA_OBJECT_ATTRIBUTES attrs = { 0 };
        LSA_HANDLE policy;
        POLICY_ACCOUNT_DOMAIN_INFO *info = NULL;
        NTSTATUS st;

        st = LsaOpenPolicy(NULL, &attrs, POLICY_VIEW_LOCAL_INFORMATION, &policy);
        if (st)
                return LsaNtStatusToWinError(st);
        st = LsaQueryInformationPolicy(policy, PolicyAccountDomainInformation, (PVOID *) &info);
        LsaClose(policy);
        if (st)
                return LsaNtStatusToWinError(st);
        *ret = info->DomainSid && sid_in_domain(sid, info->DomainSid);
        LsaFreeMemory(info);
        return 0;
}

static bool host_is_dc(void)
{
        DSROLE_PRIMARY_DOMAIN_INFO_BASIC *info = NULL;
        bool dc = false;

        if (DsRoleGetPrimaryDomainInformation(NULL, DsRolePrimaryDomainInfoBasic, (PBYTE *) &info) == 0) {
                dc = info->MachineRole == DsRole_RoleBackupDomainController ||
                     info->MachineRole == DsRole_RolePrimaryDomainController;
                DsRoleFreeMemory(info);
        }
        return dc;
}

DWORD sam_lookup(const wchar_t *name, struct sam_account *ret)
{
        BYTE sid_buf[SECURITY_MAX_SID_SIZE];
        PSID sid = (PSID) sid_buf;
        DWORD sid_len = sizeof sid_buf, user_len = SAM_NAME_MAX + 1, dom_len = SAM_NAME_MAX + 1, err;
        struct sam_account a = { 0 };

        if (!LookupAccountNameW(NULL, name, sid, &sid_len, a.domain, &dom_len, &a.use))
                return GetLastError();
        /* The name the SAM keeps: "alice@corp.example" may be "asmith". */
        dom_len = SAM_NAME_MAX + 1;
        if (!LookupAccountSidW(NULL, sid, a.user, &user_len, a.domain, &dom_len, &a.use))
                return GetLastError();
        a.rid = *GetSidSubAuthority(sid, (DWORD) *GetSidSubAuthorityCount(sid) - 1);
        if ((err = account_domain_contains(sid, &a.in_account_domain)) != 0)
                return err;
        a.host_is_dc = host_is_dc();
        *ret = a;
        return 0;
}

DWORD sam_verify_password(const struct sam_account *a, const wchar_t *password)
{
        HANDLE token = NULL;

        if (!LogonUserW(a->user, a->domain, password, LOGON32_LOGON_NETWORK, LOGON32_PROVIDER_DEFAULT, &token))
                return GetLastError();
        CloseHandle(token);
        return 0;
}
