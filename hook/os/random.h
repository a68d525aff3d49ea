/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: the operating system's CSPRNG, for generated passwords.
 * Every backend provides it. Linux: linux/random-linux.c (getrandom(2));
 * Windows: win32/random-win32.c (BCryptGenRandom). */
#pragma once

#include <stddef.h>

/* Fills buf with n random bytes from the OS's cryptographic generator.
 * Returns 0, or -errno when it cannot (nothing random is made up). */
int os_random(void *buf, size_t n);
