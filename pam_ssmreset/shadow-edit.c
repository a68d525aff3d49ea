#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "shadow-edit.h"

#define SHADOW_FILE "/etc/shadow"
#define NSHADOW_FILE "/etc/nshadow"
#define LOCK_PAUSE_MAX_MS 10
/* Beyond the size of /etc/shadow: block rounding, and the password history
 * (/etc/security/opasswd) that pam_unix or pam_pwhistory may grow. */
#define ROOM_MARGIN (16 * 1024)

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
        int fd, r;

        *ret_holder = 0;
        fd = open(SHADOW_LOCK_FILE, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return -errno;
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

int shadow_room_check(void)
{
        struct statvfs sv;
        struct stat st;

        if (statvfs("/etc", &sv) < 0 || stat(SHADOW_FILE, &st) < 0)
                return -errno;
        if (sv.f_flag & ST_RDONLY)
                return -EROFS;
        /* f_bfree, not f_bavail: pam_unix writes as root and may use the
         * blocks reserved for root. */
        if ((unsigned long long) sv.f_bfree * sv.f_frsize < (unsigned long long) st.st_size + ROOM_MARGIN ||
            (sv.f_files > 0 && sv.f_ffree == 0))
                return -ENOSPC;
        return 0;
}

/* Writes line with its third field replaced. */
static int write_with_last_change(FILE *out, const char *line, long day)
{
        const char *p = line;

        for (int field = 0; field < 2; field++) {
                p = strchr(p, ':');
                if (!p)
                        return -EINVAL;
                p++;
        }
        const char *rest = strchr(p, ':');
        if (!rest)
                return -EINVAL;
        if (fprintf(out, "%.*s%ld%s", (int) (p - line), line, day, rest) < 0)
                return -EIO;
        return 0;
}

static int rewrite(const char *user, long day)
{
        size_t ulen = strlen(user), cap = 0;
        char *line = NULL;
        struct stat st;
        FILE *in, *out;
        int fd, r = -ENOENT;

        in = fopen(SHADOW_FILE, "re");
        if (!in)
                return -errno;
        if (fstat(fileno(in), &st) < 0) {
                r = -errno;
                fclose(in);
                return r;
        }
        (void) unlink(NSHADOW_FILE); /* a leftover of a killed writer; we hold the lock */
        fd = open(NSHADOW_FILE, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
                r = -errno;
                fclose(in);
                return r;
        }
        out = fdopen(fd, "w");
        if (!out) {
                r = -errno;
                close(fd);
                goto fail;
        }
        while (getline(&line, &cap, in) > 0) {
                if (strncmp(line, user, ulen) == 0 && line[ulen] == ':') {
                        if ((r = write_with_last_change(out, line, day)) < 0)
                                goto fail;
                } else if (fputs(line, out) < 0) {
                        r = -EIO;
                        goto fail;
                }
        }
        if (r == -ENOENT)
                goto fail;
        if (fflush(out) != 0 || fchown(fileno(out), st.st_uid, st.st_gid) < 0 ||
            fchmod(fileno(out), st.st_mode & 07777) < 0 || fsync(fileno(out)) < 0) {
                r = -errno;
                goto fail;
        }
        if (fclose(out) != 0) {
                out = NULL;
                r = -errno;
                goto fail;
        }
        out = NULL;
        if (rename(NSHADOW_FILE, SHADOW_FILE) < 0) {
                r = -errno;
                goto fail;
        }
        r = 0;
fail:
        if (out)
                fclose(out);
        if (r < 0)
                (void) unlink(NSHADOW_FILE);
        if (line) {
                explicit_bzero(line, cap);
                free(line);
        }
        fclose(in);
        return r;
}

int shadow_set_last_change(const char *user, long day, unsigned lock_timeout_ms, pid_t *ret_holder)
{
        int fd = shadow_lock_take(lock_timeout_ms, ret_holder), r;

        if (fd < 0)
                return fd;
        r = rewrite(user, day);
        shadow_lock_release(fd);
        return r;
}
