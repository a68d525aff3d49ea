/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cms-format.h"

static const char *const cipher_names[] = {
        [RECIPIENT_AES_256_CBC] = "aes-256-cbc",
        [RECIPIENT_AES_256_GCM] = "aes-256-gcm",
};

static const char *const encoding_names[] = {
        [RECIPIENT_PEM] = "pem",
        [RECIPIENT_BASE64] = "base64",
};

/* The index of name in names[0..n), or -EINVAL. */
static int find_name(const char *const *names, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(names[i], name) == 0)
                        return (int) i;
        return -EINVAL;
}

int cms_cipher_from_name(const char *name, enum recipient_cipher *ret)
{
        int i = find_name(cipher_names, sizeof cipher_names / sizeof cipher_names[0], name);

        if (i < 0)
                return i;
        *ret = (enum recipient_cipher) i;
        return 0;
}

int cms_encoding_from_name(const char *name, enum recipient_encoding *ret)
{
        int i = find_name(encoding_names, sizeof encoding_names / sizeof encoding_names[0], name);

        if (i < 0)
                return i;
        *ret = (enum recipient_encoding) i;
        return 0;
}

const char *cms_cipher_name(enum recipient_cipher cipher)
{
        return cipher_names[cipher];
}

const char *cms_encoding_name(enum recipient_encoding encoding)
{
        return encoding_names[encoding];
}
