/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "scratch-dir.h"

int scratch_dir_make(char *buf, size_t n, const char *name)
{
        const char *tmp = getenv("TMPDIR");
        int len = snprintf(buf, n, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);

        if (len < 0 || (size_t) len >= n)
                return -ENAMETOOLONG;
        return mkdtemp(buf) ? 0 : -errno;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
        return (type == FTW_DP ? rmdir(path) : unlink(path)) < 0 ? -errno : 0;
}

int scratch_dir_remove(const char *path)
{
        int r = nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);

        return r > 0 ? -EIO : r < 0 ? -errno : 0;
}
