/* SPDX-License-Identifier: Apache-2.0 */
/* hash-count.so, for the tests only (never installed): LD_PRELOAD'ed into a
 * program, it counts the password hashes the program computes through
 * libxcrypt (crypt, crypt_r, crypt_rn, crypt_ra; a call made inside another
 * counts once), and how many of them were computed while the program held
 * the shadow lock, as /proc/locks shows it (a POSIX lock of this process on
 * /etc/.pwd.lock). At exit it appends "HASHES LOCKED" to the file named by
 * HASH_COUNT_FILE. Nothing about a password is recorded. */
#define _GNU_SOURCE
#include <crypt.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long hashes, locked;
static int depth;

/* Does this process hold a POSIX lock on the shadow lock file? */
static int holding_shadow_lock(void)
{
        char line[256], want[96];
        struct stat st;
        int found = 0;
        FILE *f;

        if (stat("/etc/.pwd.lock", &st) < 0)
                return 0;
        /* The inode alone: over overlayfs the lock sits on the real file,
         * whose device is not the one stat() shows. */
        snprintf(want, sizeof want, ":%llu", (unsigned long long) st.st_ino);
        if (!(f = fopen("/proc/locks", "re")))
                return 0;
        while (!found && fgets(line, sizeof line, f)) {
                char kind[16], id[96];
                int pid;

                if (strstr(line, "->"))
                        continue;
                if (sscanf(line, "%*d: %15s %*s %*s %d %95s", kind, &pid, id) == 3 && strcmp(kind, "POSIX") == 0 &&
                    pid == getpid() && strlen(id) > strlen(want) && strcmp(id + strlen(id) - strlen(want), want) == 0)
                        found = 1;
        }
        fclose(f);
        return found;
}

static void enter(void)
{
        if (depth++ == 0) {
                hashes++;
                locked += holding_shadow_lock();
        }
}

#define NEXT(name) ((__typeof__(&name)) dlsym(RTLD_NEXT, #name))

char *crypt(const char *phrase, const char *setting)
{
        char *r;

        enter();
        r = NEXT(crypt)(phrase, setting);
        depth--;
        return r;
}

char *crypt_r(const char *phrase, const char *setting, struct crypt_data *data)
{
        char *r;

        enter();
        r = NEXT(crypt_r)(phrase, setting, data);
        depth--;
        return r;
}

char *crypt_rn(const char *phrase, const char *setting, void *data, int size)
{
        char *r;

        enter();
        r = NEXT(crypt_rn)(phrase, setting, data, size);
        depth--;
        return r;
}

char *crypt_ra(const char *phrase, const char *setting, void **data, int *size)
{
        char *r;

        enter();
        r = NEXT(crypt_ra)(phrase, setting, data, size);
        depth--;
        return r;
}

__attribute__((destructor)) static void report(void)
{
        const char *path = getenv("HASH_COUNT_FILE");
        char line[64];
        int fd, n;

        if (!path)
                return;
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
                return;
        n = snprintf(line, sizeof line, "%lu %lu\n", hashes, locked);
        if (write(fd, line, (size_t) n) != n)
                n = -1;
        close(fd);
}
