/* SPDX-License-Identifier: Apache-2.0 */
/* The Windows backend: resolves the account through LSA, decides with
 * policy-win32.c, sets the password with NetUserSetInfo level 1003 (so the
 * SAM applies the local password policy), then ends a lockout, checks the
 * new password with a logon, and with --expire expires it. Every copy of
 * the password, UTF-16 ones too, lives in secure memory. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <windows.h>
#include <lm.h>

#include "os/backend.h"
#include "tries.h"
#include "netmsg.h"
#include "policy-win32.h"
#include "sam.h"
#include "os/secmem.h"
#include "status-map.h"
#include "password.h"
#include "utf16.h"

#define WIDE_PASSWORD_BYTES ((PASSWORD_BUFFER_SIZE) * sizeof(wchar_t))

const enum username_flavor backend_username_flavor = USERNAME_WINDOWS;

__attribute__((format(printf, 2, 3))) static void set_reason(struct ssr_outcome *out, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(out->reason, sizeof out->reason, fmt, ap);
        va_end(ap);
}

/* out gets the status for err and a reason: what failed, in Windows' words. */
static enum ssr_status fail(struct ssr_outcome *out, DWORD err, const char *what)
{
        char msg[200];
        bool retry;

        out->status = win32_status_from_error(err, &retry);
        win32_error_message(err, msg, sizeof msg);
        set_reason(out, "%s: %s", what, msg);
        return out->status;
}

static enum ssr_status lookup(const char *username, struct sam_account *acct, struct ssr_outcome *out)
{
        wchar_t name[SAM_NAME_MAX + 1];
        char what[128];
        bool retry;
        DWORD err;

        if (utf16_from_utf8(username, strlen(username), name, SAM_NAME_MAX + 1, NULL) < 0) {
                out->status = SSR_BAD_REQUEST;
                set_reason(out, "the user name is too long for Windows");
                return out->status;
        }
        err = sam_lookup(name, acct);
        if (err == 0)
                return SSR_CHANGED;
        if (win32_status_from_error(err, &retry) == SSR_USER_UNKNOWN) {
                out->status = SSR_USER_UNKNOWN;
                set_reason(out, "there is no account named '%s' on this host or in its domain", username);
        } else {
                snprintf(what, sizeof what, "cannot look the account '%s' up", username);
                fail(out, err, what);
        }
        return out->status;
}

enum ssr_status backend_find_account(const char *username, struct ssr_outcome *out)
{
        struct sam_account acct;

        *out = (struct ssr_outcome){ .status = SSR_CHANGED };
        if (lookup(username, &acct, out) != SSR_CHANGED)
                return out->status;
        if (acct.use != SidTypeUser) {
                out->status = SSR_USER_UNKNOWN;
                set_reason(out, "'%s' names no user account on this host", username);
        }
        return out->status;
}

static enum ssr_status decide(const struct ssr_request *req, const struct sam_account *acct, struct sam_info *info,
                              struct ssr_outcome *out)
{
        char domain[3 * SAM_NAME_MAX + 1];
        DWORD err;

        *info = (struct sam_info){ .acct_expires = TIMEQ_FOREVER };
        /* Only this host's SAM is asked: other domains are refused below. */
        if (acct->use == SidTypeUser && acct->in_account_domain && (err = sam_get_info(acct, info)) != 0) {
                char what[128];
                snprintf(what, sizeof what, "cannot read the account '%s'", req->username);
                return fail(out, err, what);
        }
        if (utf16_to_utf8(acct->domain, wcslen(acct->domain), domain, sizeof domain, NULL) < 0)
                snprintf(domain, sizeof domain, "?");
        struct win_account_facts f = {
                .user = req->username,
                .domain = domain,
                .use = acct->use,
                .rid = acct->rid,
                .in_account_domain = acct->in_account_domain,
                .host_is_dc = acct->host_is_dc,
                .flags = info->flags,
                .acct_expires = info->acct_expires,
                .now = (DWORD) time(NULL),
        };
        switch (win_policy_decide(&f, out->reason, sizeof out->reason)) {
        case WIN_POLICY_ALLOW:
                return out->status = SSR_ALLOWED;
        case WIN_POLICY_NOT_A_USER:
                return out->status = SSR_USER_UNKNOWN;
        default:
                return out->status = SSR_ACCOUNT_REFUSED;
        }
}

/* Logon failures that come after the password was found right. */
static bool logon_proves_password(DWORD err)
{
        switch (err) {
        case 0:
        case ERROR_ACCOUNT_RESTRICTION:
        case ERROR_LOGON_TYPE_NOT_GRANTED:
        case ERROR_PASSWORD_MUST_CHANGE:
        case ERROR_PASSWORD_EXPIRED:
        case ERROR_INVALID_LOGON_HOURS:
        case ERROR_INVALID_WORKSTATION:
                return true;
        default:
                return false;
        }
}

/* After the SAM took the password: end a lockout, check, expire. */
static void after_change(const struct ssr_request *req, const struct sam_account *acct, const struct sam_info *info,
                         const wchar_t *password, struct ssr_outcome *out)
{
        DWORD err;

        out->changed = true; /* the SAM cannot take a password back: said as it is */
        out->status = SSR_SYSTEM_ERROR;
        if (info->flags & UF_LOCKOUT) {
                err = sam_set_flags(acct, info->flags & ~(DWORD) (UF_LOCKOUT | UF_PASSWORD_EXPIRED));
                if (err) {
                        fail(out, err, "the password was changed, but the lockout could not be ended");
                        out->status = SSR_SYSTEM_ERROR;
                        return;
                }
                out->faillock_cleared = true;
        }
        err = sam_verify_password(acct, password);
        if (err == ERROR_LOGON_FAILURE) {
                set_reason(out, "Windows reports the password as changed, but a logon with it fails");
                return;
        }
        if (!logon_proves_password(err)) {
                fail(out, err, "the new password could not be checked with a logon");
                out->status = SSR_SYSTEM_ERROR;
                return;
        }
        out->verified = true;
        if (req->expire) {
                if ((err = sam_expire_password(acct)) != 0) {
                        fail(out, err, "the password was changed, but could not be set to expire");
                        out->status = SSR_SYSTEM_ERROR;
                        return;
                }
                out->expired = true;
        }
        out->status = SSR_CHANGED;
        out->reason[0] = '\0';
}

/* One try: asks twice, hands the SAM the password. Returns true when
 * another try may succeed. */
static bool try_once(const struct ssr_request *req, const struct ssr_conv *conv, const struct sam_account *acct,
                     const struct sam_info *info, struct ssr_outcome *out)
{
        char *first = NULL, *second = NULL;
        size_t first_len = 0, second_len = 0;
        wchar_t *wide = NULL;
        bool retry = false, same;
        DWORD err;
        int r;

        if ((r = conv->ask(conv->userdata, "New password: ", true, &first, &first_len)) < 0 ||
            (r = conv->ask(conv->userdata, "Retype new password: ", true, &second, &second_len)) < 0) {
                out->status = SSR_ABORTED;
                out->conv_error = r;
                set_reason(out, "no password was given");
                goto done;
        }
        same = first_len == second_len && memcmp(first, second, first_len) == 0;
        conv->answer_free(conv->userdata, second);
        second = NULL;
        retry = true;
        out->status = SSR_PASSWORD_REJECTED;
        if (!same) {
                set_reason(out, "Sorry, passwords do not match.");
                conv->say(conv->userdata, out->reason, true);
                goto done;
        }
        if (first_len == 0) {
                set_reason(out, "No password has been supplied.");
                conv->say(conv->userdata, out->reason, true);
                goto done;
        }
        if (!(wide = secmem_alloc(WIDE_PASSWORD_BYTES)) ||
            utf16_from_utf8(first, first_len, wide, PASSWORD_BUFFER_SIZE, NULL) < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "cannot convert the password to UTF-16 in locked memory");
                retry = false;
                goto done;
        }
        err = sam_set_password(acct, wide);
        if (err == 0) {
                after_change(req, acct, info, wide, out);
                retry = false;
                goto done;
        }
        out->status = win32_status_from_error(err, &retry);
        win32_error_message(err, out->reason, sizeof out->reason);
        if (retry) /* the SAM's policy, in the system's own words */
                conv->say(conv->userdata, out->reason, true);
done:
        secmem_free(wide, WIDE_PASSWORD_BYTES);
        if (first)
                conv->answer_free(conv->userdata, first);
        if (second)
                conv->answer_free(conv->userdata, second);
        return retry;
}

/* samlib's RPC marshalling and LogonUserW copy the password into stack
 * frames that are dead, not wiped, once they return: overwrite the stack
 * below ours, as backend-pam.c does after pam_chauthtok(). */
#define DEAD_STACK_SIZE (128 * 1024)

static __attribute__((noinline)) void wipe_dead_stack(void)
{
        char area[DEAD_STACK_SIZE];

        SecureZeroMemory(area, sizeof area);
}

void backend_reset(const struct ssr_request *req, const struct ssr_conv *conv, struct ssr_outcome *out)
{
        struct sam_account acct;
        struct sam_info info;

        *out = (struct ssr_outcome){ .status = SSR_SYSTEM_ERROR };
        if (lookup(req->username, &acct, out) != SSR_CHANGED || decide(req, &acct, &info, out) != SSR_ALLOWED ||
            req->check_only)
                return;
        for (unsigned attempt = 1; attempt <= req->tries; attempt++) {
                bool again;

                out->tries_used = attempt;
                again = try_once(req, conv, &acct, &info, out);
                wipe_dead_stack();
                if (!again)
                        break;
                backend_password_refused(conv, attempt, req->tries, out);
        }
}
