/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <windows.h>
#include <lm.h>

#include "policy-win32.h"

/* Built-in accounts no person should get a password for: Guest, krbtgt,
 * DefaultAccount, WDAGUtilityAccount. Administrator (500) is root. */
static bool builtin_service_rid(DWORD rid)
{
        return rid == DOMAIN_USER_RID_GUEST || rid == DOMAIN_USER_RID_KRBTGT || rid == 503 || rid == 504;
}

__attribute__((format(printf, 3, 4))) static enum win_policy_verdict refuse(char *reason, size_t n, const char *fmt,
                                                                            ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(reason, n, fmt, ap);
        va_end(ap);
        return WIN_POLICY_REFUSE;
}

enum win_policy_verdict win_policy_decide(const struct win_account_facts *f, char *reason, size_t n)
{
        reason[0] = '\0';
        if (f->use != SidTypeUser) {
                snprintf(reason, n, "'%s' is not a user account (it is a %s)", f->user,
                         f->use == SidTypeGroup || f->use == SidTypeAlias || f->use == SidTypeWellKnownGroup ? "group" :
                         f->use == SidTypeComputer ? "computer" :
                         f->use == SidTypeDomain   ? "domain" :
                                                     "name of another kind");
                return WIN_POLICY_NOT_A_USER;
        }
        /* As on Linux with accounts from NSS: the password lives elsewhere. */
        if (!f->in_account_domain)
                return refuse(reason, n,
                              "'%s' is an account of the domain %s: its password lives on the "
                              "domain controllers, not on this host. Reset it in Active Directory, or run "
                              "ssmreset on a domain controller of %s.",
                              f->user, f->domain, f->domain);
        if (f->flags & (UF_WORKSTATION_TRUST_ACCOUNT | UF_SERVER_TRUST_ACCOUNT | UF_INTERDOMAIN_TRUST_ACCOUNT))
                return refuse(reason, n,
                              "'%s' is a computer or trust account: its password belongs to "
                              "Windows, not to a person.",
                              f->user);
        if (builtin_service_rid(f->rid))
                return refuse(reason, n,
                              "'%s' is a built-in system account (RID %lu): local policy refuses "
                              "to reset it.",
                              f->user, (unsigned long) f->rid);
        /* Windows keeps a disabled account disabled after a reset: the
         * person would get a password that cannot log on. */
        if (f->flags & UF_ACCOUNTDISABLE)
                return refuse(reason, n,
                              "'%s' is disabled: the new password could not log on. Enable it "
                              "first (net user %s /active:yes).",
                              f->user, f->user);
        if (f->acct_expires != TIMEQ_FOREVER && f->acct_expires <= f->now) {
                time_t t = (time_t) f->acct_expires;
                struct tm *tm = gmtime(&t);
                char date[32] = "?";

                if (tm)
                        strftime(date, sizeof date, "%Y-%m-%d", tm);
                return refuse(reason, n,
                              "'%s' expired on %s: local policy refuses to reset expired "
                              "accounts. Extend it first (net user %s /expires:never).",
                              f->user, date, f->user);
        }
        /* A locked-out account may be reset: the lockout ends with it, as
         * the faillock tally does on Linux. */
        return WIN_POLICY_ALLOW;
}
