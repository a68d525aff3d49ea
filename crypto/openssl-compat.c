/* SPDX-License-Identifier: Apache-2.0 */
/* OpenSSL 3.x and 1.1.1 behind crypto/openssl-compat.h. */
#include "config.h"

#include <stdio.h>

#include <openssl/opensslv.h>

#include "openssl-compat.h"

#if OPENSSL_VERSION_NUMBER >= 0x30000000L
#include <openssl/core_names.h>

int openssl_compat_curve_name(const EVP_PKEY *pk, char *buf, size_t n)
{
        size_t len = 0;

        return EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, buf, n, &len) ? 0 : -1;
}

bool openssl_compat_has_auth_enveloped(void)
{
        return true;
}

#elif OPENSSL_VERSION_NUMBER >= 0x10101000L
#include <openssl/ec.h>
#include <openssl/objects.h>

int openssl_compat_curve_name(const EVP_PKEY *pk, char *buf, size_t n)
{
        /* EVP_PKEY_get0_EC_KEY() takes a non-const key in 1.1.1. */
        const EC_KEY *ec = EVP_PKEY_get0_EC_KEY((EVP_PKEY *) pk);
        const EC_GROUP *group = ec ? EC_KEY_get0_group(ec) : NULL;
        int nid = group ? EC_GROUP_get_curve_name(group) : NID_undef;

        if (nid == NID_undef || !OBJ_nid2sn(nid))
                return -1;
        snprintf(buf, n, "%s", OBJ_nid2sn(nid));
        return 0;
}

bool openssl_compat_has_auth_enveloped(void)
{
        return false;
}

#else
#error "OpenSSL 1.1.1 or later is needed (its CMS makes RSA-OAEP and ECDH recipients)"
#endif
