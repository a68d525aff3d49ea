/* SPDX-License-Identifier: Apache-2.0 */
/* The names of the ciphertext's cipher and encoding (os/recipient.h), as
 * --cipher/--encoding and the request's "cipher"/"encoding" spell them. */
#pragma once

#include "os/recipient.h"

#define CMS_CIPHER_NAMES "aes-256-cbc or aes-256-gcm"
#define CMS_ENCODING_NAMES "pem or base64"

/* 0 and *ret for a known name, else -EINVAL. */
int cms_cipher_from_name(const char *name, enum recipient_cipher *ret);
int cms_encoding_from_name(const char *name, enum recipient_encoding *ret);

const char *cms_cipher_name(enum recipient_cipher cipher);
const char *cms_encoding_name(enum recipient_encoding encoding);
