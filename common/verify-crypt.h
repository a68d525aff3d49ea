/* Checks a password against a stored hash with libxcrypt. */
#pragma once

/* 1 when password hashes to hash, 0 when not (or hash is a lock marker),
 * -errno on failure. */
int verify_password_hash(const char *password, const char *hash);
