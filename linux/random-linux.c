/* SPDX-License-Identifier: Apache-2.0 */
/* The kernel's CSPRNG. getrandom() blocks until the pool is initialized,
 * which it is long before anyone can open a session. */
#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "os/random.h"

int os_random(void *buf, size_t n)
{
        unsigned char *p = buf;

        while (n > 0) {
                ssize_t got = getrandom(p, n, 0);
                if (got < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += got;
                n -= (size_t) got;
        }
        return 0;
}
