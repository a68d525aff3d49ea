/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: does this process hold the rights a reset needs? root on
 * POSIX, an elevated administrator on Windows. Every backend provides these.
 * Linux: linux/privileges-posix.c; Windows: win32/privileges-win32.c. */
#pragma once

#include <stdbool.h>

bool privileges_sufficient(void);
/* What the person should do when they are not, in one sentence. */
const char *privileges_advice(void);
