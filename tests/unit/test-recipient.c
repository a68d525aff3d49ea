/* SPDX-License-Identifier: Apache-2.0 */
/* The requester's certificate and CMS encryption to it: certificates made
 * here with OpenSSL, the ciphertext opened with the stock tool,
 * `openssl cms -decrypt`, as a requester would. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
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
        if (strncmp(kind, "rsa:", 4) == 0)
                m->key = EVP_RSA_gen((unsigned) atoi(kind + 4));
        else
                m->key = EVP_EC_gen(kind + 3);
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

/* What `openssl cms -decrypt` makes of pem, and how it calls the content. */
static void decrypt_with_the_stock_tool(const struct made *m, const char *pem, char *out, size_t n, char *type,
                                        size_t tn)
{
        char in_path[PATH_MAX];
        FILE *f;

        snprintf(in_path, sizeof in_path, "%s/secret.pem", dir);
        assert_non_null(f = fopen(in_path, "w"));
        fputs(pem, f);
        fclose(f);
        {
                char *const decrypt[] = { "openssl",
                                          "cms",
                                          "-decrypt",
                                          "-inform",
                                          "PEM",
                                          "-in",
                                          in_path,
                                          "-inkey",
                                          (char *) m->key_path,
                                          "-recip",
                                          (char *) m->cert_path,
                                          NULL };
                char *const print[] = { "openssl", "cms", "-cmsout", "-print", "-inform", "PEM", "-in", in_path, NULL };

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

static void round_trip(const char *kind, const char *usage, const char *key_algorithm)
{
        static const char secret[] = "Kq7#vP2x!Lm9@Zr4&Tb8$Wn1";
        struct recipient *r = NULL;
        char err[256], out[256], *pem = NULL;
        static char type[65536]; /* openssl cms -print: the structure, hex dumps and all */
        struct made m;

        make(&m, kind, -1, 30, usage);
        /* Both encodings. */
        assert_int_equal(recipient_load(m.der, m.der_len, &r, err, sizeof err), 0);
        recipient_free(r);
        assert_int_equal(recipient_load(m.pem, m.pem_len, &r, err, sizeof err), 0);
        assert_int_equal(strlen(recipient_fingerprint(r)), 64);
        assert_int_equal(recipient_encrypt(r, secret, strlen(secret), &pem, err, sizeof err), 0);
        assert_non_null(strstr(pem, "-----BEGIN CMS-----"));
        assert_null(strstr(pem, secret));
        decrypt_with_the_stock_tool(&m, pem, out, sizeof out, type, sizeof type);
        assert_string_equal(out, secret);
        assert_non_null(strstr(type, "id-smime-ct-authEnvelopedData"));
        assert_non_null(strstr(type, "aes-256-gcm"));
        assert_non_null(strstr(type, key_algorithm));
        free(pem);
        recipient_free(r);
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
        refused("rsa:3072", -30, -1, "keyEncipherment", "expired on");
        refused("rsa:3072", 2, 30, "keyEncipherment", "not valid before");
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
