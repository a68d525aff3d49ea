/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "account-store.h"
#include "history-files.h"
#include "host-files.h"
#include "shadow-lock.h"

/* Beyond the size of /etc/shadow: block rounding, and the password history
 * (/etc/security/opasswd) that pam_unix or pam_pwhistory may grow. */
#define ROOM_MARGIN (16 * 1024)

/* The new copies pam_unix writes before it renames them (passverify.c). */
static const char *const staging[] = { "/etc/nshadow", "/etc/npasswd", "/etc/security/nopasswd", NULL };

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

/* Is there room on the file system of path for a new copy of it? */
static int room_for(const char *path, char *why, size_t n)
{
        char folder[PATH_MAX], *slash;
        struct statvfs sv;
        struct stat st;

        if (stat(path, &st) < 0)
                return errno == ENOENT ? 0 : -errno;
        snprintf(folder, sizeof folder, "%s", path);
        if ((slash = strrchr(folder, '/')))
                *(slash == folder ? slash + 1 : slash) = '\0';
        if (statvfs(folder, &sv) < 0)
                return -errno;
        if (sv.f_flag & ST_RDONLY) {
                snprintf(why, n, "%s is read-only: a new password cannot be stored (remount it read-write)", folder);
                return -EROFS;
        }
        /* f_bfree, not f_bavail: pam_unix writes as root and may use the
         * blocks reserved for root. */
        if ((unsigned long long) sv.f_bfree * sv.f_frsize < (unsigned long long) st.st_size + ROOM_MARGIN ||
            (sv.f_files > 0 && sv.f_ffree == 0)) {
                snprintf(why, n,
                         "no space left on device for a new copy of %s: a new password cannot be stored (free some "
                         "space on the file system of %s)",
                         path, folder);
                return -ENOSPC;
        }
        return 0;
}

int account_store_check(char *why, size_t n)
{
        struct history_files history;
        char err[256];
        int r;

        if ((r = history_files_find(SSMRESET_PAM_CONFDIR, SSMRESET_PAM_SERVICE, &history, err, sizeof err)) < 0) {
                snprintf(why, n, "%s", err);
                return r;
        }
        /* Whatever opens them must not wait for ever: pam_unix, NSS, the
         * lock every writer takes. */
        if ((r = host_file_check(SHADOW_LOCK_FILE, false, "the shadow lock file", why, n)) < 0 ||
            (r = host_file_check("/etc/shadow", true, "the shadow file", why, n)) < 0 ||
            (r = host_file_check("/etc/passwd", true, "the account file", why, n)) < 0)
                return r;
        for (size_t i = 0; i < history.n; i++)
                if ((r = host_file_check(history.path[i], false, "the password history", why, n)) < 0)
                        return r;
        if ((r = room_for("/etc/shadow", why, n)) < 0 || (r = room_for("/etc/passwd", why, n)) < 0)
                return r;
        for (size_t i = 0; i < history.n; i++)
                if ((r = room_for(history.path[i], why, n)) < 0)
                        return r;
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
        {
                /* The files the stack rewrites, the folders their new copies
                 * are made in, and the lock every writer opens to write. */
                char folders[HISTORY_MAX_FILES][PATH_MAX];
                const char *unchangeable_ones[4 + 2 * HISTORY_MAX_FILES] = { "/etc", "/etc/shadow", "/etc/passwd",
                                                                             SHADOW_LOCK_FILE };
                size_t k = 4;

                for (size_t i = 0; i < history.n; i++) {
                        char *slash;

                        unchangeable_ones[k++] = history.path[i];
                        snprintf(folders[i], sizeof folders[i], "%s", history.path[i]);
                        if ((slash = strrchr(folders[i], '/')) && slash != folders[i]) {
                                *slash = '\0';
                                unchangeable_ones[k++] = folders[i];
                        }
                }
                for (size_t i = 0; i < k; i++)
                        if (unchangeable(unchangeable_ones[i]) > 0) {
                                snprintf(why, n,
                                         "%s is immutable or append-only: a new password cannot be stored "
                                         "(chattr -i -a %s)",
                                         unchangeable_ones[i], unchangeable_ones[i]);
                                return -EPERM;
                        }
        }
        return 0;
}
