/* SPDX-License-Identifier: Apache-2.0 */
/* The requester's certificate and CMS encryption to it, with OpenSSL 1.1.1
 * or 3.x (cms(7), CMS_encrypt(3)): the one file that talks to OpenSSL's
 * X.509 and CMS, on Linux and on Windows alike; what the two lines of
 * releases do differently sits in openssl-compat.c. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/bio.h>
#include <openssl/pem.h> /* before cms.h, which declares PEM_write_bio_CMS() with its macros */
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "openssl-compat.h"
#include "os/recipient.h"

#define RSA_MIN_BITS 3072

struct recipient {
        X509 *cert;
        int key_type; /* EVP_PKEY_RSA or EVP_PKEY_EC */
        char fingerprint[RECIPIENT_FINGERPRINT_SIZE];
};

__attribute__((format(printf, 3, 4))) static int refuse(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
        return -EINVAL;
}

/* Where needle first is in data[0..len), or NULL (memmem() is not
 * everywhere this builds). */
static const char *find(const char *data, size_t len, const char *needle)
{
        size_t k = strlen(needle);

        for (size_t i = 0; k <= len && i <= len - k; i++)
                if (memcmp(data + i, needle, k) == 0)
                        return data + i;
        return NULL;
}

/* A PEM input holds one certificate and nothing secret: a private key here
 * has been handed to the host, and of a bundle only the first certificate
 * would be used, silently. */
static int check_pem_blocks(const char *data, size_t len, char *err, size_t errlen)
{
        unsigned certificates = 0;

        for (const char *at = find(data, len, "-----BEGIN "); at;
             at = find(at + 1, len - (size_t) (at + 1 - data), "-----BEGIN ")) {
                const char *end = find(at + 11, len - (size_t) (at + 11 - data), "-----");
                size_t label_len = end ? (size_t) (end - at - 11) : 0;

                if (find(at + 11, label_len, "PRIVATE KEY"))
                        return refuse(err, errlen,
                                      "the recipient certificate comes with a private key: give the certificate "
                                      "alone, and keep the key to yourself (make a new one: this one has been shown "
                                      "to the host)");
                if (label_len >= 11 && memcmp(at + 11 + label_len - 11, "CERTIFICATE", 11) == 0)
                        certificates++;
        }
        if (certificates > 1)
                return refuse(err, errlen,
                              "the recipient certificate is one of %u certificates: give the requester's "
                              "certificate alone",
                              certificates);
        return 0;
}

static X509 *parse(const void *data, size_t len)
{
        BIO *b = BIO_new_mem_buf(data, (int) len);
        X509 *x = NULL;

        if (!b)
                return NULL;
        x = PEM_read_bio_X509(b, NULL, NULL, NULL);
        if (!x) {
                const unsigned char *p = data;
                x = d2i_X509(NULL, &p, (long) len);
                if (x && p != (const unsigned char *) data + len) { /* trailing bytes */
                        X509_free(x);
                        x = NULL;
                }
        }
        BIO_free(b);
        ERR_clear_error();
        return x;
}

/* ISO 8601, "2021-01-01 00:00:00Z", made here from the broken-down time:
 * ASN1_TIME_print_ex()'s ISO 8601 flag is OpenSSL 3.0's alone. */
static void asn1_time_text(const ASN1_TIME *t, char *buf, size_t n)
{
        struct tm tm;

        if (!ASN1_TIME_to_tm(t, &tm) || strftime(buf, n, "%Y-%m-%d %H:%M:%SZ", &tm) == 0)
                snprintf(buf, n, "?");
}

static int check_validity(X509 *x, char *err, size_t errlen)
{
        char when[64];

        if (X509_cmp_current_time(X509_get0_notBefore(x)) >= 0) {
                asn1_time_text(X509_get0_notBefore(x), when, sizeof when);
                return refuse(err, errlen, "the recipient certificate is not valid before %s", when);
        }
        if (X509_cmp_current_time(X509_get0_notAfter(x)) <= 0) {
                asn1_time_text(X509_get0_notAfter(x), when, sizeof when);
                return refuse(err, errlen, "the recipient certificate expired on %s", when);
        }
        return 0;
}

static int check_key(X509 *x, int *ret_type, char *err, size_t errlen)
{
        EVP_PKEY *pk = X509_get0_pubkey(x);
        uint32_t usage = X509_get_key_usage(x); /* UINT32_MAX: no keyUsage extension */
        char curve[64] = "";
        int type;

        if (!pk)
                return refuse(err, errlen, "the recipient certificate's key cannot be read");
        type = EVP_PKEY_base_id(pk); /* (EVP_PKEY_get_base_id() in 3.0, which keeps this name) */
        if (type == EVP_PKEY_RSA) {
                if (EVP_PKEY_bits(pk) < RSA_MIN_BITS)
                        return refuse(err, errlen,
                                      "the recipient certificate's RSA key has %d bits: at least %d are needed",
                                      EVP_PKEY_bits(pk), RSA_MIN_BITS);
                if (!(usage & KU_KEY_ENCIPHERMENT))
                        return refuse(err, errlen,
                                      "the recipient certificate is not for encryption: its key usage "
                                      "lacks keyEncipherment");
        } else if (type == EVP_PKEY_EC) {
                if (openssl_compat_curve_name(pk, curve, sizeof curve) < 0 ||
                    (strcmp(curve, "prime256v1") != 0 && strcmp(curve, "secp384r1") != 0))
                        return refuse(err, errlen,
                                      "the recipient certificate's EC key is on the curve %s: only P-256 "
                                      "(prime256v1) and P-384 (secp384r1) are taken",
                                      curve[0] ? curve : "(unknown)");
                if (!(usage & KU_KEY_AGREEMENT))
                        return refuse(err, errlen,
                                      "the recipient certificate is not for encryption: its key usage "
                                      "lacks keyAgreement");
                if (usage != UINT32_MAX && (usage & KU_ENCIPHER_ONLY))
                        return refuse(err, errlen,
                                      "the recipient certificate's key usage is encipherOnly: its key may not "
                                      "decipher what it agrees (RFC 5280, 4.2.1.3)");
        } else if (type == EVP_PKEY_RSA_PSS)
                return refuse(err, errlen,
                              "the recipient certificate's key is RSA-PSS, which is for signatures only: an RSA "
                              "(rsaEncryption) key of 3072 bits or more, or EC P-256 or P-384, is needed");
        else
                return refuse(err, errlen,
                              "the recipient certificate's key is neither RSA (3072 bits or more) nor "
                              "EC (P-256 or P-384)");
        *ret_type = type;
        return 0;
}

int recipient_load(const void *data, size_t len, struct recipient **ret, char *err, size_t errlen)
{
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned md_len = 0;
        struct recipient *r;
        X509 *x;
        int type = 0, e;

        if (len == 0 || len > RECIPIENT_MAX)
                return refuse(err, errlen, "the recipient certificate must be 1 to %d bytes (PEM or DER)",
                              RECIPIENT_MAX);
        if ((e = check_pem_blocks(data, len, err, errlen)) < 0)
                return e;
        if (!(x = parse(data, len)))
                return refuse(err, errlen,
                              "the recipient certificate does not parse (an X.509 certificate in PEM "
                              "or DER is expected)");
        if ((e = check_validity(x, err, errlen)) < 0 || (e = check_key(x, &type, err, errlen)) < 0) {
                X509_free(x);
                return e;
        }
        if (!(r = calloc(1, sizeof *r)) || !X509_digest(x, EVP_sha256(), md, &md_len)) {
                free(r);
                X509_free(x);
                return -ENOMEM;
        }
        for (unsigned i = 0; i < md_len && 2 * i + 2 < sizeof r->fingerprint; i++)
                snprintf(r->fingerprint + 2 * i, 3, "%02x", md[i]);
        r->cert = x;
        r->key_type = type;
        *ret = r;
        return 0;
}

void recipient_free(struct recipient *r)
{
        if (!r)
                return;
        X509_free(r->cert);
        free(r);
}

const char *recipient_fingerprint(const struct recipient *r)
{
        return r->fingerprint;
}

/* RSA-OAEP-SHA256, or for EC the X9.63 KDF with SHA-256 and AES-256 wrap:
 * not OpenSSL's defaults (PKCS#1 v1.5, SHA-1). */
static int set_key_parameters(const struct recipient *r, CMS_RecipientInfo *ri)
{
        EVP_PKEY_CTX *pctx = CMS_RecipientInfo_get0_pkey_ctx(ri);

        if (!pctx)
                return -EINVAL;
        if (r->key_type == EVP_PKEY_RSA)
                return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
                                       EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) > 0 &&
                                       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0 ?
                               0 :
                               -EINVAL;
        if (EVP_PKEY_CTX_set_ecdh_kdf_md(pctx, EVP_sha256()) <= 0)
                return -EINVAL;
        EVP_CIPHER_CTX *wrap = CMS_RecipientInfo_kari_get0_ctx(ri);
        return wrap && EVP_EncryptInit_ex(wrap, EVP_aes_256_wrap(), NULL, NULL, NULL) > 0 ? 0 : -EINVAL;
}

int recipient_cipher_supported(enum recipient_cipher cipher, char *err, size_t errlen)
{
        if (cipher == RECIPIENT_AES_256_GCM && !openssl_compat_has_auth_enveloped()) {
                snprintf(err, errlen,
                         "this host's crypto library, %s, cannot make CMS AuthEnvelopedData (aes-256-gcm; OpenSSL "
                         "3.0 or later can): ask for the default, aes-256-cbc (EnvelopedData)",
                         OpenSSL_version(OPENSSL_VERSION));
                return -EOPNOTSUPP;
        }
        return 0;
}

/* cms as text: PEM, or its DER in base64 on one line. Returns a malloc'ed
 * string, or NULL. */
static char *write_text(CMS_ContentInfo *cms, enum recipient_encoding encoding)
{
        BIO *out = NULL;
        unsigned char *der = NULL;
        char *data = NULL, *text = NULL;
        long n;
        int der_len;

        if (encoding == RECIPIENT_BASE64) {
                if ((der_len = i2d_CMS_ContentInfo(cms, &der)) > 0 &&
                    (text = malloc(4 * (((size_t) der_len + 2) / 3) + 1)))
                        EVP_EncodeBlock((unsigned char *) text, der, der_len);
                OPENSSL_free(der);
                return text;
        }
        if ((out = BIO_new(BIO_s_mem())) && PEM_write_bio_CMS(out, cms) && (n = BIO_get_mem_data(out, &data)) > 0 &&
            (text = malloc((size_t) n + 1))) {
                memcpy(text, data, (size_t) n);
                text[n] = '\0';
        }
        BIO_free(out);
        return text;
}

int recipient_encrypt(const struct recipient *r, const struct recipient_format *format, const char *secret, size_t len,
                      char **ret_text, char *err, size_t errlen)
{
        const int flags = CMS_BINARY | CMS_PARTIAL | CMS_KEY_PARAM;
        /* AES-256-GCM makes CMS_encrypt() build AuthEnvelopedData; AES-256-CBC, EnvelopedData. */
        const EVP_CIPHER *cipher = format->cipher == RECIPIENT_AES_256_GCM ? EVP_aes_256_gcm() : EVP_aes_256_cbc();
        BIO *in = NULL;
        CMS_ContentInfo *cms = NULL;
        CMS_RecipientInfo *ri;
        char *text = NULL;
        int e;

        if ((e = recipient_cipher_supported(format->cipher, err, errlen)) < 0)
                return e;
        e = -EIO;
        if (!(in = BIO_new_mem_buf(secret, (int) len)) || !(cms = CMS_encrypt(NULL, NULL, cipher, flags)) ||
            !(ri = CMS_add1_recipient_cert(cms, r->cert, flags)) || set_key_parameters(r, ri) < 0 ||
            !CMS_final(cms, in, NULL, CMS_BINARY) || !(text = write_text(cms, format->encoding))) {
                snprintf(err, errlen, "cannot encrypt to the recipient certificate: %s",
                         ERR_reason_error_string(ERR_peek_last_error()) ?
                                 ERR_reason_error_string(ERR_peek_last_error()) :
                                 "out of memory");
                goto done;
        }
        *ret_text = text;
        e = 0;
done:
        CMS_ContentInfo_free(cms);
        BIO_free(in);
        ERR_clear_error();
        return e;
}

const char *recipient_library_version(void)
{
        return OpenSSL_version(OPENSSL_VERSION);
}
