/* SPDX-License-Identifier: Apache-2.0 */
/* What OpenSSL 1.1.1 and 3.x name or do differently, for
 * recipient-openssl.c: one body per line of releases in openssl-compat.c,
 * chosen by the OpenSSL headers the build sees (OPENSSL_VERSION_NUMBER). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

/* The short name of an EC key's named curve ("prime256v1", "secp384r1")
 * into buf (n bytes, NUL-terminated). Returns 0, or -1 for a key on no
 * named curve (explicit parameters) or one that is not EC. */
int openssl_compat_curve_name(const EVP_PKEY *pk, char *buf, size_t n);

/* Whether CMS_encrypt() makes AuthEnvelopedData of an AEAD cipher (OpenSSL
 * 3.0 and later): OpenSSL 1.1.1 cannot make it at all. */
bool openssl_compat_has_auth_enveloped(void);
