/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: memory for secrets: locked (never swapped), left out of core
 * dumps, wiped when freed. Every backend provides these. Linux:
 * linux/secmem-openssl.c (OpenSSL's secure heap); Windows:
 * win32/secmem-win32.c (VirtualLock, SecureZeroMemory). */
#pragma once

#include <stddef.h>

/* Call once before the first secmem_alloc(). Returns 0 or -errno. */
int secmem_init(void);
/* Zero-filled; NULL when the secure heap is exhausted. */
void *secmem_alloc(size_t n);
/* Wipes n bytes and frees; NULL is fine. */
void secmem_free(void *p, size_t n);
/* A wipe the compiler may not remove. */
void secure_wipe(void *p, size_t n);
