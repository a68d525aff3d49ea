/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: the requester's certificate, and a secret encrypted to it,
 * for --generate: the password leaves the host only as CMS (RFC 5652)
 * AuthEnvelopedData (RFC 5083) with AES-256-GCM, so that the stock tool
 * decrypts it: openssl cms -decrypt -inform PEM -inkey KEY -recip CERT.
 * Every backend provides these; both use OpenSSL's CMS:
 * crypto/recipient-openssl.c. */
#pragma once

#include <stddef.h>

struct recipient;

/* Longest certificate accepted, in bytes (PEM or DER). */
#define RECIPIENT_MAX 16384
/* The certificate's SHA-256 fingerprint: 64 lowercase hex digits. */
#define RECIPIENT_FINGERPRINT_SIZE 65

/* Takes the X.509 certificate in data (PEM or DER) as a recipient. Refused,
 * with a reason for people in err and -EINVAL: one that does not parse, that
 * is not yet or no longer valid, whose key usage (when given) does not allow
 * encryption (RSA: keyEncipherment; EC: keyAgreement), or whose key is weak
 * or of another kind (RSA under 3072 bits; EC on another curve than P-256 or
 * P-384). Returns 0 and *ret (free with recipient_free()), -EINVAL, or
 * -ENOMEM. */
int recipient_load(const void *data, size_t len, struct recipient **ret, char *err, size_t errlen);
void recipient_free(struct recipient *r);

/* SHA-256 of the certificate's DER, as "openssl x509 -fingerprint -sha256"
 * shows it but lowercase and without colons. */
const char *recipient_fingerprint(const struct recipient *r);

/* The cryptographic library in use, for --version: "OpenSSL 3.0.17 1 Jul
 * 2025" (OpenSSL_version(OPENSSL_VERSION) of the library loaded, or built
 * in on Windows). A static string. */
const char *recipient_library_version(void);

/* secret (len bytes) as CMS AuthEnvelopedData, AES-256-GCM, to r: RSA-OAEP
 * with SHA-256 (and MGF1 SHA-256) for RSA keys, ECDH (X9.63 KDF with
 * SHA-256, AES-256 key wrap) for EC keys. Returns 0 and the PEM text
 * ("-----BEGIN CMS-----", malloc'ed, the caller frees it), or -errno with
 * err. The caller's secret is not copied anywhere that is not wiped. */
int recipient_encrypt(const struct recipient *r, const char *secret, size_t len, char **ret_pem, char *err,
                      size_t errlen);
