/* SPDX-License-Identifier: Apache-2.0 */
/* The options of pam_ssmreset.so, as written on its line in the PAM service
 * file. Pure parsing: tested without PAM. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "pam-protocol.h"

struct module_options {
        bool finish; /* this line runs after the password stack */
        bool allow_locked;
        bool allow_expired;
        bool allow_system;
        bool allow_nss;
        bool allow_no_shadow;
        bool deny_root;
        bool expire; /* expire the new password by default */
        bool keep_faillock;
        bool debug;
        long uid_min;       /* -1: UID_MIN from /etc/login.defs */
        long uid_max;       /* -1: UID_MAX from /etc/login.defs */
        int remember;       /* -1: every entry /etc/security/opasswd holds; 0: no history check */
        int lock_timeout_s; /* longest wait for the shadow lock */
        char **users_allow, **users_deny, **groups_allow, **groups_deny; /* NULL or NULL-terminated */
        char *faillock_dir;                                              /* NULL: from faillock.conf */
        char **breakglass_users; /* NULL or NULL-terminated: the break-glass accounts */
        int breakglass_grace_s;  /* their grace period, seconds */
        bool breakglass_end_sessions;
        char **quality; /* pwquality settings ("minlen=12"), NULL-terminated */
        size_t n_quality;
};

#define MODULE_LOCK_TIMEOUT_DEFAULT SSMRESET_LOCK_TIMEOUT_DEFAULT
#define MODULE_LOCK_TIMEOUT_MAX 600
/* An hour unless breakglass_grace= says otherwise; at most Windows LAPS'
 * 24 hours. */
#define MODULE_BREAKGLASS_GRACE_DEFAULT 3600
#define MODULE_BREAKGLASS_GRACE_MAX 86400

/* Returns 0, -EINVAL with a message in err, or -ENOMEM. On success free
 * with module_options_free(). An option given twice never loosens the
 * policy: deny lists accumulate, flags are flags; an allow list, a number,
 * a folder or a pwquality setting given twice is an error. */
int module_options_parse(int argc, const char **argv, struct module_options *ret, char *err, size_t errlen);
void module_options_free(struct module_options *o);
/* Is name in the NULL-terminated list? */
bool module_list_contains(char *const *list, const char *name);
