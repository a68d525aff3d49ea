/* SPDX-License-Identifier: Apache-2.0 */
/* Stored password hashes and libxcrypt: does a password match one, and is
 * its method one to keep (crypt(5), crypt_checksalt(3)). */
#pragma once

#include <stddef.h>

/* 1 when password hashes to hash, 0 when not (or hash is a lock marker),
 * -errno on failure. */
int verify_password_hash(const char *password, const char *hash);

enum hash_strength {
        HASH_STRONG,  /* libxcrypt: CRYPT_SALT_OK (yescrypt, bcrypt, sha512crypt, ...) */
        HASH_WEAK,    /* a legacy or disabled method: DES, bigcrypt, MD5, sha256crypt, NT, ... */
        HASH_INVALID, /* not a hash of any method libxcrypt knows */
};

/* libxcrypt's judgement of hash's method (crypt_checksalt()), and its name
 * for people ("yescrypt", "traditional DES", "MD5", ...) in method. */
enum hash_strength hash_method_strength(const char *hash, char *method, size_t n);
