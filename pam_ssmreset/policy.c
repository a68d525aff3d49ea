/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "policy.h"

enum hash_state policy_hash_state(const char *hash)
{
        if (!hash || hash[0] == '\0' || strcmp(hash, "!") == 0 || strcmp(hash, "!!") == 0 || hash[0] == '*' ||
            strcmp(hash, "!*") == 0)
                return HASH_NEVER_SET;
        if (hash[0] == '!')
                return HASH_LOCKED;
        return HASH_USABLE;
}

__attribute__((format(printf, 3, 4))) static enum policy_verdict refuse(char *reason, size_t n, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(reason, n, fmt, ap);
        va_end(ap);
        return POLICY_REFUSE;
}

static const char *listed_group(char *const *list, char *const *groups)
{
        if (!groups)
                return NULL;
        for (char *const *g = groups; *g; g++)
                if (module_list_contains(list, *g))
                        return *g;
        return NULL;
}

/* The group rules need the groups: without them, a refusal (a deny list
 * that cannot be checked must not let the account through). */
static enum policy_verdict group_rules(const struct module_options *o, const struct account_facts *f, char *reason,
                                       size_t n)
{
        const char *g;

        if (!o->groups_deny && !o->groups_allow)
                return POLICY_ALLOW;
        if (!f->groups)
                return refuse(reason, n,
                              "Local policy refuses to reset '%s': its groups cannot be found (a group "
                              "of the account has no entry, or the group database cannot be read), so groups_%s= "
                              "of pam_ssmreset.so in /etc/pam.d/ssmreset cannot be checked.",
                              f->user, o->groups_deny ? "deny" : "allow");
        if ((g = listed_group(o->groups_deny, f->groups)))
                return refuse(reason, n,
                              "Local policy refuses to reset '%s': its group '%s' is listed in "
                              "groups_deny= of pam_ssmreset.so in /etc/pam.d/ssmreset.",
                              f->user, g);
        return POLICY_ALLOW;
}

enum policy_verdict policy_decide(const struct module_options *o, const struct account_facts *f, char *reason, size_t n)
{
        reason[0] = '\0';
        if (!f->known_to_nss && !f->in_local_passwd) {
                snprintf(reason, n, "There is no account named '%s'.", f->user);
                return POLICY_UNKNOWN_USER;
        }
        if (module_list_contains(o->users_deny, f->user))
                return refuse(reason, n,
                              "Local policy refuses to reset '%s': the account is listed in "
                              "users_deny= of pam_ssmreset.so in /etc/pam.d/ssmreset.",
                              f->user);
        if (group_rules(o, f, reason, n) != POLICY_ALLOW)
                return POLICY_REFUSE;
        if ((o->users_allow || o->groups_allow) && !module_list_contains(o->users_allow, f->user) &&
            !listed_group(o->groups_allow, f->groups))
                return refuse(reason, n,
                              "Local policy refuses to reset '%s': only accounts listed in users_allow= "
                              "or in a group of groups_allow= of pam_ssmreset.so in /etc/pam.d/ssmreset may be reset.",
                              f->user);
        /* allow_nss waives the refusal of accounts the local files do not
         * hold, and nothing else: every rule below applies to them too. */
        if (!f->in_local_passwd && !o->allow_nss)
                return refuse(reason, n,
                              "'%s' is not a local account: it comes from the name service (%s), "
                              "so its password lives there, not in /etc/shadow. Reset it in that directory, or add "
                              "allow_nss to pam_ssmreset.so in /etc/pam.d/ssmreset to let the PAM stack try.",
                              f->user, f->nss_sources && *f->nss_sources ? f->nss_sources : "not the local files");
        if (f->uid == 0) {
                if (o->deny_root)
                        return refuse(reason, n,
                                      "Local policy refuses to reset root: deny_root is set on "
                                      "pam_ssmreset.so in /etc/pam.d/ssmreset.");
        } else if (((long) f->uid < f->uid_min || (long) f->uid > f->uid_max) && !o->allow_system) {
                return refuse(reason, n,
                              "'%s' is a system account (uid %ld, outside UID_MIN %ld .. UID_MAX %ld): "
                              "local policy refuses to reset it. Add allow_system to pam_ssmreset.so in "
                              "/etc/pam.d/ssmreset to permit it.",
                              f->user, (long) f->uid, f->uid_min, f->uid_max);
        }
        if (!f->in_local_passwd)
                return POLICY_ALLOW; /* the rules below are about the local files */
        if (!f->has_shadow) {
                if (!o->allow_no_shadow)
                        return refuse(reason, n,
                                      "'%s' has no entry in /etc/shadow (pam_unix would silently add "
                                      "one). Run pwconv to create it, or add allow_no_shadow to pam_ssmreset.so "
                                      "in /etc/pam.d/ssmreset.",
                                      f->user);
        } else if (policy_hash_state(f->hash) == HASH_LOCKED && !o->allow_locked) {
                return refuse(reason, n,
                              "'%s' is locked (its password hash begins with '!'): a reset would "
                              "unlock it. Unlock it first (usermod -U %s), or add allow_locked to "
                              "pam_ssmreset.so in /etc/pam.d/ssmreset.",
                              f->user, f->user);
        }
        if (f->has_shadow && f->expire_day >= 0 && f->expire_day <= f->today && !o->allow_expired) {
                time_t t = (time_t) f->expire_day * 86400;
                struct tm tm;
                char date[32] = "?";

                if (gmtime_r(&t, &tm))
                        strftime(date, sizeof date, "%Y-%m-%d", &tm);
                return refuse(reason, n,
                              "'%s' expired on %s (see chage -l %s): local policy refuses to "
                              "reset expired accounts. Extend it first (chage -E), or add allow_expired to "
                              "pam_ssmreset.so in /etc/pam.d/ssmreset.",
                              f->user, date, f->user);
        }
        return POLICY_ALLOW;
}
