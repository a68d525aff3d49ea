/* SPDX-License-Identifier: Apache-2.0 */
/* The system's CSPRNG through CNG: BCryptGenRandom with the system-preferred
 * generator (the one behind every Windows key), no algorithm handle to open
 * or to leak. */
#include "config.h"

#include <errno.h>
#include <limits.h>

#include <windows.h>
#include <bcrypt.h>

#include "os/random.h"

int os_random(void *buf, size_t n)
{
        unsigned char *p = buf;

        while (n > 0) {
                ULONG chunk = n > ULONG_MAX ? ULONG_MAX : (ULONG) n; /* ULONG is 32 bits on Windows */

                if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, p, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
                        return -EIO;
                p += chunk;
                n -= chunk;
        }
        return 0;
}
