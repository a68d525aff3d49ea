/* SPDX-License-Identifier: Apache-2.0 */
/* Accounts through NetAPI: NetUserGetInfo, NetUserSetInfo and
 * NetUserModalsGet against this host's SAM (on a domain controller, the
 * domain's). */
#include "config.h"

#include <wchar.h>

#include <windows.h>
#include <lm.h>

#include "sam.h"

DWORD sam_get_info(const struct sam_account *a, struct sam_info *ret)
{
        USER_INFO_3 *ui = NULL;
        NET_API_STATUS st = NetUserGetInfo(NULL, a->user, 3, (LPBYTE *) &ui);

        if (st != NERR_Success)
                return st;
        ret->flags = ui->usri3_flags;
        ret->acct_expires = ui->usri3_acct_expires;
        ret->full_name[0] = L'\0';
        if (ui->usri3_full_name)
                wcsncat(ret->full_name, ui->usri3_full_name, SAM_NAME_MAX);
        NetApiBufferFree(ui);
        return 0;
}

DWORD sam_password_policy(struct sam_policy *ret)
{
        USER_MODALS_INFO_0 *um = NULL;
        NET_API_STATUS st = NetUserModalsGet(NULL, 0, (LPBYTE *) &um);

        if (st != NERR_Success)
                return st;
        ret->min_length = um->usrmod0_min_passwd_len;
        NetApiBufferFree(um);
        return 0;
}

DWORD sam_set_password(const struct sam_account *a, const wchar_t *password)
{
        USER_INFO_1003 ui = { .usri1003_password = (LPWSTR) password };

        return NetUserSetInfo(NULL, a->user, 1003, (LPBYTE) &ui, NULL);
}

DWORD sam_set_flags(const struct sam_account *a, DWORD flags)
{
        USER_INFO_1008 ui = { .usri1008_flags = flags };

        return NetUserSetInfo(NULL, a->user, 1008, (LPBYTE) &ui, NULL);
}

/* Level 4 carries password_expired; every other field goes back as read.
 * The password field must be NULL or the SAM would set it again. */
DWORD sam_expire_password(const struct sam_account *a)
{
        USER_INFO_4 *ui = NULL;
        NET_API_STATUS st = NetUserGetInfo(NULL, a->user, 4, (LPBYTE *) &ui);

        if (st != NERR_Success)
                return st;
        ui->usri4_password = NULL;
        ui->usri4_password_expired = 1;
        st = NetUserSetInfo(NULL, a->user, 4, (LPBYTE) ui, NULL);
        NetApiBufferFree(ui);
        return st;
}
