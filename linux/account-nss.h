/* SPDX-License-Identifier: Apache-2.0 */
/* Accounts as the name service switch sees them. */
#pragma once

#include <sys/types.h>

/* 0 and the uid, -ENOENT when NSS knows no such user, or -errno. */
int account_lookup(const char *user, uid_t *ret_uid);
/* The stored password hash from the shadow database, malloc'ed; -ENOENT when
 * there is no shadow entry, or -errno. */
int account_read_hash(const char *user, char **ret_hash);
