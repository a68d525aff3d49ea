/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "account-store.h"

/* Beyond the size of /etc/shadow: block rounding, and the password history
 * (/etc/security/opasswd) that pam_unix or pam_pwhistory may grow. */
#define ROOM_MARGIN (16 * 1024)

/* The new copies pam_unix writes before it renames them (passverify.c). */
static const char *const staging[] = { "/etc/nshadow", "/etc/npasswd", "/etc/security/nopasswd", NULL };
/* What the rename replaces, and the folder it happens in. */
static const char *const renamed[] = { "/etc/shadow", "/etc", NULL };

/* Is path immutable or append-only? 0 no, 1 yes, -errno (ENOTTY: the file
 * system has no such flags, which counts as no). */
static int unchangeable(const char *path)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW), flags = 0, r;

        if (fd < 0)
                return -errno;
        r = ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0 ? -errno : 0;
        close(fd);
        if (r == -ENOTTY || r == -EINVAL || r == -EOPNOTSUPP)
                return 0;
        return r < 0 ? r : (flags & (FS_IMMUTABLE_FL | FS_APPEND_FL)) != 0;
}

int account_store_check(char *why, size_t n)
{
        struct statvfs sv;
        struct stat st;
        int r;

        if (statvfs("/etc", &sv) < 0 || stat("/etc/shadow", &st) < 0) {
                r = -errno;
                snprintf(why, n, "cannot examine /etc/shadow: %s", strerror(-r));
                return r;
        }
        if (sv.f_flag & ST_RDONLY) {
                snprintf(why, n, "/etc is read-only: a new password cannot be stored (remount it read-write)");
                return -EROFS;
        }
        /* f_bfree, not f_bavail: pam_unix writes as root and may use the
         * blocks reserved for root. */
        if ((unsigned long long) sv.f_bfree * sv.f_frsize < (unsigned long long) st.st_size + ROOM_MARGIN ||
            (sv.f_files > 0 && sv.f_ffree == 0)) {
                snprintf(why, n,
                         "/etc has no room for a new copy of /etc/shadow: a new password cannot be "
                         "stored (free some space on the file system of /etc)");
                return -ENOSPC;
        }
        for (const char *const *p = staging; *p; p++) {
                struct stat s;

                if (lstat(*p, &s) < 0 || S_ISREG(s.st_mode))
                        continue;
                snprintf(why, n,
                         "%s is %s: pam_unix writes its new copy of the account file there and cannot; "
                         "remove it (%s %s)",
                         *p,
                         S_ISDIR(s.st_mode) ? "a folder" :
                         S_ISLNK(s.st_mode) ? "a symbolic link" :
                                              "not a plain file",
                         S_ISDIR(s.st_mode) ? "rmdir" : "rm", *p);
                return -EISDIR;
        }
        for (const char *const *p = renamed; *p; p++)
                if (unchangeable(*p) > 0) {
                        snprintf(why, n,
                                 "%s is immutable or append-only: a new password cannot be stored "
                                 "(chattr -i -a %s)",
                                 *p, *p);
                        return -EPERM;
                }
        return 0;
}
