/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shadow-lock.h"

#define LOCK_PAUSE_MAX_MS 10

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int shadow_lock_take(unsigned timeout_ms, pid_t *ret_holder)
{
        const long long deadline = now_ms() + timeout_ms;
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
        unsigned pause_ms = 1;
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
        /* F_SETLK, never F_OFD_SETLK: an open-file-description lock would
         * make pam_unix's lckpwdf() in this same process wait for us. */
        while (fcntl(fd, F_SETLK, &fl) < 0) {
                long long left = deadline - now_ms();

                if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
                        r = -errno;
                        close(fd);
                        return r;
                }
                if (left <= 0) {
                        struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

                        if (fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
                                *ret_holder = probe.l_pid;
                        close(fd);
                        return -EBUSY;
                }
                if (pause_ms > left)
                        pause_ms = (unsigned) left;
                (void) nanosleep(
                        &(struct timespec){ .tv_sec = pause_ms / 1000, .tv_nsec = (long) (pause_ms % 1000) * 1000000 },
                        NULL);
                pause_ms = pause_ms * 2 > LOCK_PAUSE_MAX_MS ? LOCK_PAUSE_MAX_MS : pause_ms * 2;
        }
        return fd;
}

void shadow_lock_release(int fd)
{
        if (fd >= 0)
                close(fd); /* closing drops the process's locks on the file */
}
