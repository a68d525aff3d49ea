/* SPDX-License-Identifier: Apache-2.0 */
/* An account's stored password hash, as pam_unix keeps it: its /etc/shadow
 * line's second field, or for an account without one (allow_no_shadow),
 * its /etc/passwd line's. Read by ssmreset (verification, break-glass) and
 * by pam_ssmreset.so (under the shadow lock, before a scramble's store).
 *
 * What a break-glass scramble keeps of it is its SHA-256 (FIPS 180-4) in
 * hex: enough to tell whether the stored hash is still the same, and no help
 * in guessing the password, since the hash's random salt is inside what is
 * digested. The state file and the PAM environment hold the digest, never
 * the hash. */
#pragma once

#include <stddef.h>

#define STORED_HASH_SHADOW "/etc/shadow"
#define STORED_HASH_PASSWD "/etc/passwd"
#define STORED_DIGEST_HEX 64

/* Field 1 (the password) of an account file line, malloc'ed; NULL when line
 * is NULL or has no such field. Free with stored_hash_free(). */
char *stored_hash_field(const char *line);

/* user's stored hash, malloc'ed. Returns 0, -ENOENT (no line in either
 * file), -EINVAL (a line without the field, or a file that is not a regular
 * file), or -errno. */
int stored_hash_read(const char *user, char **ret);

/* Wipes and frees a hash; NULL is fine. */
void stored_hash_free(char *hash);

/* The SHA-256 of hash as 64 lowercase hex digits and a NUL, into buf (at
 * least STORED_DIGEST_HEX + 1 bytes). Returns 0 or -EIO. */
int stored_hash_digest(const char *hash, char *buf, size_t n);

/* user's stored hash's digest. Returns 0, or the errors of
 * stored_hash_read() and stored_hash_digest(). */
int stored_hash_digest_of(const char *user, char *buf, size_t n);
