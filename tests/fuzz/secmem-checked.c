/* SPDX-License-Identifier: Apache-2.0 */
/* secmem.h for the fuzz targets: plain malloc, so that AddressSanitizer sees
 * every secret buffer (OpenSSL's secure heap is its own allocator, invisible
 * to ASan and LeakSanitizer), and a wipe ASan checks byte by byte.
 *
 * secmem_free(p, n) must name the size secmem_alloc() gave: a smaller n would
 * leave part of a secret unwiped, a larger one wipes past the end. Under ASan
 * malloc_usable_size() is the exact size asked for, so either is caught. */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "os/secmem.h"
#include "secmem-checked.h"

long secmem_checked_fail_after = -1;
long secmem_checked_live;

int secmem_init(void)
{
        return 0;
}

void *secmem_alloc(size_t n)
{
        void *p;

        if (secmem_checked_fail_after == 0)
                return NULL; /* the secure heap is exhausted */
        if (secmem_checked_fail_after > 0)
                secmem_checked_fail_after--;
        p = calloc(1, n);
        if (p)
                secmem_checked_live++;
        return p;
}

void secure_wipe(void *p, size_t n)
{
        volatile unsigned char *q = p;

        for (size_t i = 0; i < n; i++)
                q[i] = 0;
}

void secmem_free(void *p, size_t n)
{
        if (!p)
                return;
        if (n != malloc_usable_size(p)) {
                fprintf(stderr, "secmem_free: %zu bytes freed, %zu allocated: a secret is not wiped whole\n", n,
                        malloc_usable_size(p));
                abort();
        }
        secure_wipe(p, n);
        free(p);
        secmem_checked_live--;
}
