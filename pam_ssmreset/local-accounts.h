/* SPDX-License-Identifier: Apache-2.0 */
/* Accounts as the local files hold them (/etc/passwd, /etc/shadow,
 * /etc/login.defs, /etc/nsswitch.conf): what pam_unix can change. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct local_account {
        bool in_passwd;
        uid_t uid;
        gid_t gid;
        bool in_shadow;
        char *hash;      /* malloc'ed; NULL without a shadow line */
        long expire_day; /* -1: never */
};

/* Returns 0 (found or not), or -errno when the files cannot be read. */
int local_account_read(const char *user, struct local_account *ret);
void local_account_free(struct local_account *a);

/* UID_MIN and UID_MAX from /etc/login.defs; 1000 and 60000 (shadow-utils'
 * defaults) when unset. */
long local_uid_min(void);
long local_uid_max(void);

/* The sources of the passwd database other than the local files, from
 * /etc/nsswitch.conf ("sss ldap"); "" when there are none. */
void local_nss_sources(char *buf, size_t n);

/* The names of the groups user belongs to (NSS), NULL-terminated, malloc'ed;
 * free with local_groups_free(). NULL when they cannot all be named: the
 * lookup failed, or a group id has no entry. */
char **local_groups(const char *user, gid_t primary);
void local_groups_free(char **groups);

/* Today in days since 1970, as shadow counts. */
long local_today(void);
