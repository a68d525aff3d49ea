/* SPDX-License-Identifier: Apache-2.0 */
/* Windows accounts behind a seam: LSA resolves names and checks passwords
 * (account-lsa.c), NetAPI reads and changes accounts (sam-netapi.c). Wine
 * implements neither NetUserSetInfo nor a real LogonUserW, so the tests
 * link sam-fake.c. Every call returns 0 or a Win32 / NERR_* code. */
#pragma once

#include <stdbool.h>

#include <windows.h>

#define SAM_NAME_MAX 256

struct sam_account {
        wchar_t user[SAM_NAME_MAX + 1];   /* the account name as the SAM spells it */
        wchar_t domain[SAM_NAME_MAX + 1]; /* its domain: the computer name for local accounts */
        SID_NAME_USE use;                 /* SidTypeUser for an account a person logs on with */
        DWORD rid;                        /* 500 Administrator, 501 Guest, ... */
        bool in_account_domain;           /* in this host's own SAM: a local account, or on a
                                           * domain controller one of its domain */
        bool host_is_dc;
};

struct sam_info {
        DWORD flags;                         /* UF_* */
        DWORD acct_expires;                  /* seconds since 1970 (UTC), or TIMEQ_FOREVER */
        wchar_t full_name[SAM_NAME_MAX + 1]; /* the display name; "" when none */
};

/* The SAM's password policy, as far as NetAPI tells it. Whether passwords
 * must "meet complexity requirements" is not in it: no public API reads
 * that setting. */
struct sam_policy {
        DWORD min_length; /* the shortest password the SAM takes, in characters (0: any) */
};

/* "alice", "HOST\alice", "CORP\alice", "alice@corp.example". */
DWORD sam_lookup(const wchar_t *name, struct sam_account *ret);
DWORD sam_get_info(const struct sam_account *a, struct sam_info *ret);
/* NetUserModalsGet level 0: this host's policy (on a domain controller,
 * the domain's). ret is untouched on failure. */
DWORD sam_password_policy(struct sam_policy *ret);
/* NetUserSetInfo level 1003: the SAM applies the local password policy. */
DWORD sam_set_password(const struct sam_account *a, const wchar_t *password);
/* NetUserSetInfo level 1008; clearing UF_LOCKOUT ends a lockout. */
DWORD sam_set_flags(const struct sam_account *a, DWORD flags);
/* "User must change password at next logon". */
DWORD sam_expire_password(const struct sam_account *a);
/* Does password log a network logon on? 0, ERROR_LOGON_FAILURE, or what
 * else LogonUserW said. */
DWORD sam_verify_password(const struct sam_account *a, const wchar_t *password);
