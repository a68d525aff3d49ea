/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: the requester's certificate, and a secret encrypted to it,
 * for --generate: the password leaves the host only as CMS (RFC 5652). By
 * default EnvelopedData with AES-256-CBC (RFC 3565), which OpenSSL 1.1.1
 * and later, .NET's EnvelopedCms, PowerShell's Unprotect-CmsMessage and
 * PKI.js open; on request AuthEnvelopedData (RFC 5083) with AES-256-GCM
 * (RFC 5084), which only OpenSSL 3.0 and later open and make. Either way:
 * openssl cms -decrypt -inkey KEY -recip CERT. Every backend provides
 * these; both use OpenSSL's CMS: crypto/recipient-openssl.c. */
#pragma once

#include <stddef.h>

struct recipient;

/* Longest certificate accepted, in bytes (PEM or DER). */
#define RECIPIENT_MAX 16384
/* The certificate's SHA-256 fingerprint: 64 lowercase hex digits. */
#define RECIPIENT_FINGERPRINT_SIZE 65

/* The CMS content type and its content cipher. */
enum recipient_cipher {
        RECIPIENT_AES_256_CBC, /* EnvelopedData: the default */
        RECIPIENT_AES_256_GCM, /* AuthEnvelopedData */
};

/* How the ciphertext is written. */
enum recipient_encoding {
        RECIPIENT_PEM,    /* "-----BEGIN CMS-----", lines of 64 characters: the default */
        RECIPIENT_BASE64, /* the DER in base64 (RFC 4648), one line, no label */
};

struct recipient_format {
        enum recipient_cipher cipher;
        enum recipient_encoding encoding;
};

/* Takes the X.509 certificate in data (PEM or DER) as a recipient. Refused,
 * with a reason for people in err and -EINVAL: one that does not parse, that
 * is not yet or no longer valid, whose key usage (when given) does not allow
 * encryption (RSA: keyEncipherment; EC: keyAgreement), or whose key is weak
 * or of another kind (RSA under 3072 bits; EC on another curve than P-256 or
 * P-384). Returns 0 and *ret (free with recipient_free()), -EINVAL, or
 * -ENOMEM. */
int recipient_load(const void *data, size_t len, struct recipient **ret, char *err, size_t errlen);
void recipient_free(struct recipient *r);

/* Whether this build's library can make ciphertext of cipher: 0, or
 * -EOPNOTSUPP with a reason for people in err (OpenSSL 1.1.1 cannot make
 * AuthEnvelopedData). Asked before anything changes. */
int recipient_cipher_supported(enum recipient_cipher cipher, char *err, size_t errlen);

/* SHA-256 of the certificate's DER, as "openssl x509 -fingerprint -sha256"
 * shows it but lowercase and without colons. */
const char *recipient_fingerprint(const struct recipient *r);

/* The cryptographic library in use, for --version: "OpenSSL 3.0.17 1 Jul
 * 2025" (OpenSSL_version(OPENSSL_VERSION) of the library loaded, or built
 * in on Windows). A static string. */
const char *recipient_library_version(void);

/* secret (len bytes) encrypted to r as format says: RSA-OAEP with SHA-256
 * (and MGF1 SHA-256) for RSA keys, ECDH (X9.63 KDF with SHA-256, AES-256 key
 * wrap) for EC keys. Returns 0 and the text (PEM, or one line of base64
 * without a newline; malloc'ed, the caller frees it), -EOPNOTSUPP (see
 * recipient_cipher_supported()) or -EIO, with err. The caller's secret is
 * not copied anywhere that is not wiped. */
int recipient_encrypt(const struct recipient *r, const struct recipient_format *format, const char *secret, size_t len,
                      char **ret_text, char *err, size_t errlen);
