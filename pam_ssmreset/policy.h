/* SPDX-License-Identifier: Apache-2.0 */
/* May this account be reset? The decision alone, from facts gathered
 * elsewhere: no I/O, so every rule is unit-tested. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "module-options.h"

struct account_facts {
        const char *user;
        bool known_to_nss;       /* getpwnam() finds it */
        bool in_local_passwd;    /* a line in /etc/passwd */
        const char *nss_sources; /* where else accounts come from ("sss ldap"), for messages */
        uid_t uid;
        bool has_shadow;     /* a line in /etc/shadow */
        const char *hash;    /* its password field */
        long expire_day;     /* account expiry, days since 1970; -1: never */
        long today;          /* days since 1970 */
        long uid_min;        /* first uid of ordinary accounts */
        long uid_max;        /* last uid of ordinary accounts */
        char *const *groups; /* the account's groups, NULL-terminated; NULL: they could not be found */
};

enum policy_verdict {
        POLICY_ALLOW,
        POLICY_REFUSE,
        POLICY_UNKNOWN_USER,
};

/* What the stored hash says about the account. */
enum hash_state {
        HASH_NEVER_SET, /* "", "!", "!!", "*", "!*": no password yet */
        HASH_LOCKED,    /* "!" before a real hash */
        HASH_USABLE,
};
enum hash_state policy_hash_state(const char *hash);

/* reason gets a message for the person: what is refused, why, and what the
 * owner can change. */
enum policy_verdict policy_decide(const struct module_options *o, const struct account_facts *f, char *reason,
                                  size_t n);
