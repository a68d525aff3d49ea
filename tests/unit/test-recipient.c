/* SPDX-License-Identifier: Apache-2.0 */
/* The requester's certificate and CMS encryption to it: certificates made
 * here with OpenSSL, the ciphertext opened with the stock tool,
 * `openssl cms -decrypt`, as a requester would: OpenSSL 3.x, or 1.1.1 where
 * the build is against it (Debian 11), which makes no AuthEnvelopedData. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "os/recipient.h"
#include "scratch-dir.h"
#include "run-program.h"

static char dir[PATH_MAX / 2];

struct made {
        EVP_PKEY *key;
        char *der;
        size_t der_len;
        char *pem;
        size_t pem_len;
        char key_path[PATH_MAX], cert_path[PATH_MAX];
};

/* A key of kind ("rsa:3072", "ec:prime256v1"), in the way OpenSSL 1.1.1
 * and 3.x both take (EVP_RSA_gen() and EVP_EC_gen() are 3.0's). */
static EVP_PKEY *generate_key(const char *kind)
{
        bool rsa = strncmp(kind, "rsa:", 4) == 0;
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(rsa ? EVP_PKEY_RSA : EVP_PKEY_EC, NULL);
        EVP_PKEY *key = NULL;

        assert_non_null(ctx);
        assert_true(EVP_PKEY_keygen_init(ctx) > 0);
        if (rsa)
                assert_true(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, atoi(kind + 4)) > 0);
        else {
                assert_true(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, OBJ_sn2nid(kind + 3)) > 0);
                assert_true(EVP_PKEY_CTX_set_ec_param_enc(ctx, OPENSSL_EC_NAMED_CURVE) > 0);
        }
        assert_true(EVP_PKEY_keygen(ctx, &key) > 0);
        EVP_PKEY_CTX_free(ctx);
        return key;
}

/* A self-signed certificate: key kind ("rsa:3072", "ec:prime256v1"),
 * validity from not_before to not_after days from now, a keyUsage extension
 * (NULL: none). */
static void make(struct made *m, const char *kind, long not_before, long not_after, const char *usage)
{
        X509 *x = X509_new();
        X509_NAME *name;
        BIO *b;
        FILE *f;
        static int serial;

        memset(m, 0, sizeof *m);
        m->key = generate_key(kind);
        assert_non_null(m->key);
        assert_non_null(x);
        ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
        X509_gmtime_adj(X509_getm_notBefore(x), not_before * 86400);
        X509_gmtime_adj(X509_getm_notAfter(x), not_after * 86400);
        X509_set_pubkey(x, m->key);
        name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *) "jane", -1, -1, 0);
        X509_set_issuer_name(x, name);
        if (usage) {
                X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, NULL, NID_key_usage, usage);
                assert_non_null(ext);
                X509_add_ext(x, ext, -1);
                X509_EXTENSION_free(ext);
        }
        assert_true(X509_sign(x, m->key, EVP_sha256()) > 0);
        m->der_len = (size_t) i2d_X509(x, (unsigned char **) &m->der);
        b = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(b, x);
        char *p;
        m->pem_len = (size_t) BIO_get_mem_data(b, &p);
        m->pem = strndup(p, m->pem_len);
        BIO_free(b);
        snprintf(m->cert_path, sizeof m->cert_path, "%s/cert-%d.pem", dir, serial);
        snprintf(m->key_path, sizeof m->key_path, "%s/key-%d.pem", dir, serial);
        assert_non_null(f = fopen(m->cert_path, "w"));
        PEM_write_X509(f, x);
        fclose(f);
        assert_non_null(f = fopen(m->key_path, "w"));
        PEM_write_PrivateKey(f, m->key, NULL, NULL, 0, NULL, NULL);
        fclose(f);
        X509_free(x);
}

static void unmake(struct made *m)
{
        EVP_PKEY_free(m->key);
        OPENSSL_free(m->der);
        free(m->pem);
}

/* Writes text to dir/name as it is, or (base64) decoded to DER. */
static void write_message(const char *path, const char *text, enum recipient_encoding encoding)
{
        FILE *f;

        assert_non_null(f = fopen(path, "wb"));
        if (encoding == RECIPIENT_PEM)
                fputs(text, f);
        else {
                size_t n = strlen(text);
                unsigned char *der = malloc(n);
                int len;

                assert_non_null(der);
                assert_true((len = EVP_DecodeBlock(der, (const unsigned char *) text, (int) n)) > 0);
                while (n > 0 && text[n - 1] == '=') /* EVP_DecodeBlock() counts the padding in */
                        n--, len--;
                fwrite(der, 1, (size_t) len, f);
                free(der);
        }
        fclose(f);
}

/* What `openssl cms -decrypt` makes of the message, and how it calls the
 * content. */
static void decrypt_with_the_stock_tool(const struct made *m, const char *text, enum recipient_encoding encoding,
                                        char *out, size_t n, char *type, size_t tn)
{
        char in_path[PATH_MAX];
        char *inform = encoding == RECIPIENT_PEM ? "PEM" : "DER";

        snprintf(in_path, sizeof in_path, "%s/secret.cms", dir);
        write_message(in_path, text, encoding);
        {
                char *const decrypt[] = { "openssl",
                                          "cms",
                                          "-decrypt",
                                          "-inform",
                                          inform,
                                          "-in",
                                          in_path,
                                          "-inkey",
                                          (char *) m->key_path,
                                          "-recip",
                                          (char *) m->cert_path,
                                          NULL };
                char *const print[] = {
                        "openssl", "cms", "-cmsout", "-print", "-inform", inform, "-in", in_path, NULL
                };

                assert_int_equal(run_program(decrypt, out, n), 0);
                assert_int_equal(run_program(print, type, tn), 0);
        }
}

static int setup(void **state)
{
        return scratch_dir_make(dir, sizeof dir, "ssmreset-recipient") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
        return scratch_dir_remove(dir) == 0 ? 0 : -1;
}

static bool makes_auth_enveloped_data(void)
{
        return OPENSSL_VERSION_NUMBER >= 0x30000000L;
}

static void round_trip_as(const struct made *m, const struct recipient_format *format, const char *key_algorithm)
{
        static const char secret[] = "Kq7#vP2x!Lm9@Zr4&Tb8$Wn1";
        bool gcm = format->cipher == RECIPIENT_AES_256_GCM;
        struct recipient *r = NULL;
        char err[256] = "", out[256], *text = NULL;
        static char type[65536]; /* openssl cms -print: the structure, hex dumps and all */

        assert_int_equal(recipient_load(m->pem, m->pem_len, &r, err, sizeof err), 0);
        if (gcm && !makes_auth_enveloped_data()) {
                /* OpenSSL 1.1.1: refused in words, nothing made. */
                assert_int_equal(recipient_cipher_supported(format->cipher, err, sizeof err), -EOPNOTSUPP);
                assert_non_null(strstr(err, "cannot make CMS AuthEnvelopedData (aes-256-gcm; OpenSSL 3.0 or later"));
                assert_non_null(strstr(err, OPENSSL_VERSION_TEXT + 8)); /* "1.1.1w ..." */
                assert_int_equal(recipient_encrypt(r, format, secret, strlen(secret), &text, err, sizeof err),
                                 -EOPNOTSUPP);
                assert_null(text);
                recipient_free(r);
                return;
        }
        assert_int_equal(recipient_cipher_supported(format->cipher, err, sizeof err), 0);
        assert_int_equal(recipient_encrypt(r, format, secret, strlen(secret), &text, err, sizeof err), 0);
        if (format->encoding == RECIPIENT_PEM) {
                assert_int_equal(strncmp(text, "-----BEGIN CMS-----\n", 20), 0);
                assert_non_null(strstr(text, "\n-----END CMS-----\n"));
        } else /* one line of base64, nothing else */
                assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
                                 strlen(text));
        assert_null(strstr(text, secret));
        decrypt_with_the_stock_tool(m, text, format->encoding, out, sizeof out, type, sizeof type);
        assert_string_equal(out, secret);
        assert_non_null(strstr(type, gcm ? "id-smime-ct-authEnvelopedData" : "pkcs7-envelopedData"));
        assert_non_null(strstr(type, gcm ? "aes-256-gcm" : "aes-256-cbc"));
        assert_non_null(strstr(type, key_algorithm));
        free(text);
        recipient_free(r);
}

/* Every cipher and encoding to one certificate of kind. */
static void round_trip(const char *kind, const char *usage, const char *key_algorithm)
{
        static const struct recipient_format formats[] = {
                { RECIPIENT_AES_256_CBC, RECIPIENT_PEM },
                { RECIPIENT_AES_256_CBC, RECIPIENT_BASE64 },
                { RECIPIENT_AES_256_GCM, RECIPIENT_PEM },
                { RECIPIENT_AES_256_GCM, RECIPIENT_BASE64 },
        };
        struct recipient *r = NULL;
        char err[256];
        struct made m;

        make(&m, kind, -1, 30, usage);
        /* Both encodings of the certificate. */
        assert_int_equal(recipient_load(m.der, m.der_len, &r, err, sizeof err), 0);
        assert_int_equal(strlen(recipient_fingerprint(r)), 64);
        recipient_free(r);
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
                round_trip_as(&m, &formats[i], key_algorithm);
        unmake(&m);
}

static void rsa_3072_with_oaep(void **state)
{
        round_trip("rsa:3072", "keyEncipherment", "rsaesOaep");
        round_trip("rsa:4096", NULL, "rsaesOaep"); /* no keyUsage at all: any use */
}

static void ec_p256_and_p384(void **state)
{
        round_trip("ec:prime256v1", "keyAgreement", "dhSinglePass-stdDH-sha256kdf-scheme");
        round_trip("ec:secp384r1", "digitalSignature,keyAgreement", "dhSinglePass-stdDH-sha256kdf-scheme");
}

static void refused(const char *kind, long from, long to, const char *usage, const char *words)
{
        struct recipient *r = NULL;
        char err[256] = "";
        struct made m;

        make(&m, kind, from, to, usage);
        assert_int_equal(recipient_load(m.pem, m.pem_len, &r, err, sizeof err), -EINVAL);
        assert_null(r);
        if (!strstr(err, words))
                fail_msg("'%s' does not say '%s'", err, words);
        unmake(&m);
}

static void weak_expired_or_not_for_encryption(void **state)
{
        refused("rsa:2048", -1, 30, "keyEncipherment", "has 2048 bits: at least 3072");
        refused("ec:secp521r1", -1, 30, "keyAgreement", "curve secp521r1");
        refused("ec:secp256k1", -1, 30, "keyAgreement", "curve secp256k1");
        refused("rsa:3072", -30, -1, "keyEncipherment", "expired on 20");
        refused("rsa:3072", 2, 30, "keyEncipherment", "not valid before 20");
        refused("rsa:3072", -1, 30, "digitalSignature", "lacks keyEncipherment");
        refused("ec:prime256v1", -1, 30, "digitalSignature", "lacks keyAgreement");
}

static void garbage_does_not_parse(void **state)
{
        struct recipient *r = NULL;
        char err[256], big[RECIPIENT_MAX + 1];

        assert_int_equal(recipient_load("not a certificate", 17, &r, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "does not parse"));
        assert_int_equal(recipient_load("", 0, &r, err, sizeof err), -EINVAL);
        memset(big, 'A', sizeof big);
        assert_int_equal(recipient_load(big, sizeof big, &r, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "1 to 16384 bytes"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(rsa_3072_with_oaep),
                cmocka_unit_test(ec_p256_and_p384),
                cmocka_unit_test(weak_expired_or_not_for_encryption),
                cmocka_unit_test(garbage_does_not_parse),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
