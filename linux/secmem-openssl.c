/* SPDX-License-Identifier: Apache-2.0 */
/* Secrets in OpenSSL's secure heap: an mlock()ed, MADV_DONTDUMP mapping with
 * guard pages. */
#include "config.h"

#include <errno.h>

#include <openssl/crypto.h>

#include "os/secmem.h"

/* A few 512-byte passwords and a --batch request of up to 64 KiB, which the
 * buddy allocator rounds up to 128 KiB. */
#define SECURE_HEAP_SIZE (512 * 1024)
#define SECURE_HEAP_MIN 32

int secmem_init(void)
{
        if (CRYPTO_secure_malloc_initialized())
                return 0;
        /* 1: fully usable; 2: usable but some pages not locked. Either way the
         * heap works; not locked is a weaker promise we refuse to make. */
        if (CRYPTO_secure_malloc_init(SECURE_HEAP_SIZE, SECURE_HEAP_MIN) != 1)
                return -ENOMEM;
        return 0;
}

void *secmem_alloc(size_t n)
{
        return OPENSSL_secure_zalloc(n);
}

void secmem_free(void *p, size_t n)
{
        if (p)
                OPENSSL_secure_clear_free(p, n);
}

void secure_wipe(void *p, size_t n)
{
        OPENSSL_cleanse(p, n);
}
