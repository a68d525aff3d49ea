/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "host-files.h"

static const char *kind_of(mode_t mode)
{
        return S_ISFIFO(mode)                 ? "a FIFO (a named pipe): whatever opens it waits for ever" :
               S_ISDIR(mode)                  ? "a folder" :
               S_ISSOCK(mode)                 ? "a socket" :
               S_ISCHR(mode) || S_ISBLK(mode) ? "a device" :
                                                "not a regular file";
}

int host_file_check(const char *path, bool required, const char *what, char *why, size_t n)
{
        struct stat st;

        if (stat(path, &st) < 0) {
                int r = -errno;

                if (r == -ENOENT && !required)
                        return 0;
                snprintf(why, n, "%s %s cannot be examined: %s", what, path, strerror(-r));
                return r;
        }
        if (S_ISREG(st.st_mode))
                return 0;
        snprintf(why, n, "%s %s is %s; put the file back in its place (%s %s)", what, path, kind_of(st.st_mode),
                 S_ISDIR(st.st_mode) ? "rmdir" : "rm", path);
        return -EINVAL;
}

int host_folder_check(const char *dir, const char *suffix, const char *what, char *why, size_t n)
{
        size_t slen = strlen(suffix);
        struct dirent *e;
        DIR *d = opendir(dir);
        int r = 0;

        if (!d)
                return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        while (r == 0 && (e = readdir(d))) {
                size_t len = strlen(e->d_name);
                char path[PATH_MAX];

                if (e->d_name[0] == '.' || len < slen || strcmp(e->d_name + len - slen, suffix) != 0)
                        continue;
                if ((size_t) snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
                        continue;
                r = host_file_check(path, true, what, why, n);
        }
        closedir(d);
        return r;
}
