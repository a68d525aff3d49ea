/* SPDX-License-Identifier: Apache-2.0 */
/* Stored password hashes: does a password match one (libxcrypt, crypt(5)),
 * and is its method one to keep (the project's verdict, by prefix). */
#pragma once

#include <stddef.h>

/* 1 when password hashes to hash, 0 when not (or hash is a lock marker),
 * -errno on failure. */
int verify_password_hash(const char *password, const char *hash);

enum hash_strength {
        HASH_STRONG,  /* yescrypt, gost-yescrypt, scrypt, bcrypt ($2b$, $2y$, $2a$), sha512crypt */
        HASH_WEAK,    /* a legacy method: DES, bigcrypt, BSDI DES, MD5, SunMD5, sha1crypt, sha256crypt, NT, $2x$ */
        HASH_INVALID, /* not the hash of any method libxcrypt knows (a lock marker, an unknown prefix) */
};

/* The strength of hash's method, decided by its prefix the same way with
 * every libxcrypt (crypt_checksalt()'s answer changed with its version),
 * and the method's name for people ("yescrypt", "traditional DES", "MD5",
 * ...) in method, n bytes, always terminated. Only the method is judged:
 * whether hash is well-formed is verify_password_hash()'s business. */
enum hash_strength hash_method_strength(const char *hash, char *method, size_t n);
