/* SPDX-License-Identifier: Apache-2.0 */
/* Secrets in pages of their own: VirtualAlloc'ed, VirtualLock'ed (never
 * paged out), wiped with SecureZeroMemory before they are released. Windows
 * has no MADV_DONTDUMP: harden-win32.c keeps crash dumps from being taken. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>

#include <windows.h>

#include "os/secmem.h"

/* Room in the working set for what secmem_alloc() locks: a few passwords
 * and a --batch request of up to 64 KiB. */
#define SECURE_RESERVE (1024 * 1024)

int secmem_init(void)
{
        static bool done;
        SIZE_T min_ws, max_ws;
        HANDLE self = GetCurrentProcess();

        if (done)
                return 0;
        /* VirtualLock fails once the locked pages outgrow the minimum
         * working set: make room first. */
        if (!GetProcessWorkingSetSize(self, &min_ws, &max_ws) ||
            !SetProcessWorkingSetSize(self, min_ws + SECURE_RESERVE, max_ws + SECURE_RESERVE))
                return -ENOMEM;
        done = true;
        return 0;
}

void *secmem_alloc(size_t n)
{
        void *p;

        if (n == 0)
                n = 1;
        p = VirtualAlloc(NULL, n, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        if (!p)
                return NULL;
        /* Not locked is a weaker promise than we make: no memory rather
         * than swappable memory. */
        if (!VirtualLock(p, n)) {
                VirtualFree(p, 0, MEM_RELEASE);
                return NULL;
        }
        return p; /* committed pages are zero-filled */
}

void secmem_free(void *p, size_t n)
{
        MEMORY_BASIC_INFORMATION mbi;

        if (!p)
                return;
        /* Wipe the whole region, whatever size the caller remembers. */
        if (VirtualQuery(p, &mbi, sizeof mbi) == sizeof mbi && mbi.RegionSize >= n)
                n = mbi.RegionSize;
        SecureZeroMemory(p, n);
        VirtualUnlock(p, n);
        VirtualFree(p, 0, MEM_RELEASE);
}

void secure_wipe(void *p, size_t n)
{
        if (p && n)
                SecureZeroMemory(p, n);
}
