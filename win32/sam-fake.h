/* SPDX-License-Identifier: Apache-2.0 */
/* The accounts sam-fake.c pretends to have, for the tests. */
#pragma once

#include <stdbool.h>

#include <windows.h>

#include "sam.h"

struct sam_fake_account {
        wchar_t name[64];
        wchar_t domain[64];
        SID_NAME_USE use;
        DWORD rid;
        bool in_account_domain;
        DWORD flags;
        DWORD acct_expires;
        wchar_t full_name[128];
        wchar_t password[512]; /* what sam_set_password() stored */
        bool password_expired;
};

enum sam_fake_op {
        SAM_FAKE_LOOKUP,
        SAM_FAKE_GET_INFO,
        SAM_FAKE_SET_PASSWORD,
        SAM_FAKE_SET_FLAGS,
        SAM_FAKE_EXPIRE,
        SAM_FAKE_VERIFY,
        SAM_FAKE_POLICY,
        _SAM_FAKE_OPS,
};

extern struct sam_fake_account sam_fake_accounts[8];
extern size_t sam_fake_count;
/* Each operation answers this code instead of working (0: it works). */
extern DWORD sam_fake_error[_SAM_FAKE_OPS];
extern unsigned sam_fake_calls[_SAM_FAKE_OPS];
/* The password policy: shorter passwords get NERR_PasswordTooShort, and
 * sam_password_policy() reports it. */
extern size_t sam_fake_min_length;
extern bool sam_fake_host_is_dc;

void sam_fake_reset(void);
struct sam_fake_account *sam_fake_add(const wchar_t *name, const wchar_t *domain, DWORD rid, DWORD flags);
