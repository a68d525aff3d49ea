/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock-wait.h"
#include "shadow-lock.h"

/* Who holds the lock fd would take: 0 when nobody, or not known. */
static pid_t holder_of(int fd)
{
        struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

        return fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK ? probe.l_pid : 0;
}

int shadow_lock_take(unsigned timeout_ms, pid_t *ret_holder)
{
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        struct lock_wait wait;
        struct stat st;
        int fd, r;

        *ret_holder = 0;
        /* O_NONBLOCK: a FIFO put in its place would wait for a reader. */
        fd = open(SHADOW_LOCK_FILE, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
        if (fd < 0)
                return errno == ENXIO ? -EINVAL : -errno;
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                r = S_ISREG(st.st_mode) ? -errno : -EINVAL;
                close(fd);
                return r;
        }
        lock_wait_start(&wait, timeout_ms);
        /* F_SETLK, never F_OFD_SETLK: an open-file-description lock would
         * make pam_unix's lckpwdf() in this same process wait for us. */
        while (fcntl(fd, F_SETLK, &fl) < 0) {
                if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
                        r = -errno;
                        close(fd);
                        return r;
                }
                *ret_holder = holder_of(fd);
                if (lock_wait_next(&wait, *ret_holder) < 0) {
                        *ret_holder = wait.holder;
                        close(fd);
                        return -EBUSY;
                }
        }
        *ret_holder = 0;
        return fd;
}

void shadow_lock_release(int fd)
{
        if (fd >= 0)
                close(fd); /* closing drops the process's locks on the file */
}
