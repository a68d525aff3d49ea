/* SPDX-License-Identifier: Apache-2.0 */
/* cms-encrypt CERT CIPHER ENCODING < SECRET: what ssmreset --generate
 * delivers, made by the same code (crypto/recipient-openssl.c) from a
 * secret the test chooses, so that other decryptors (tests/interop) can be
 * tried on it without a password reset. Prints the ciphertext; exits 0, or
 * 2 with the reason on standard error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cms-format.h"
#include "os/recipient.h"

int main(int argc, char **argv)
{
        static char cert[RECIPIENT_MAX + 1], secret[512];
        struct recipient_format format;
        struct recipient *r = NULL;
        char err[512], *text = NULL;
        size_t cert_len, secret_len;
        FILE *f;

        if (argc != 4 || cms_cipher_from_name(argv[2], &format.cipher) < 0 ||
            cms_encoding_from_name(argv[3], &format.encoding) < 0) {
                fprintf(stderr, "usage: cms-encrypt CERT " CMS_CIPHER_NAMES " " CMS_ENCODING_NAMES " < SECRET\n");
                return 2;
        }
        if (!(f = fopen(argv[1], "rb"))) {
                perror(argv[1]);
                return 2;
        }
        cert_len = fread(cert, 1, sizeof cert, f);
        fclose(f);
        secret_len = fread(secret, 1, sizeof secret, stdin);
        if (recipient_load(cert, cert_len, &r, err, sizeof err) < 0 ||
            recipient_encrypt(r, &format, secret, secret_len, &text, err, sizeof err) < 0) {
                fprintf(stderr, "cms-encrypt: %s\n", err);
                recipient_free(r);
                return 2;
        }
        fputs(text, stdout);
        free(text);
        recipient_free(r);
        return fflush(stdout) == 0 ? 0 : 1;
}
