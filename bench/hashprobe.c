/* SPDX-License-Identifier: Apache-2.0 */
/* hashprobe.so: LD_PRELOAD'ed into a contender for the "where the time goes"
 * pass only (never for the timed runs). It counts and times the calls that
 * matter for a reset -- libxcrypt's hashing functions and the PAM calls -- and
 * notes when the program's own code starts (this library's constructor) and
 * ends (its destructor), in CLOCK_MONOTONIC, the clock launch uses. At exit it
 * appends one line to the file named by SSR_HASHPROBE_OUT:
 *   PID CTOR_NS DTOR_NS HASH_CALLS HASH_NS PAM_START_NS PAM_CHAUTHTOK_NS PAM_END_NS NSS_CALLS NSS_NS
 *   LOCKED_HASH_CALLS
 * LOCKED_HASH_CALLS: the hashes computed while the process held the shadow
 * lock (a POSIX lock of its own on /etc/.pwd.lock, as /proc/locks shows).
 * NSS: getpwnam(_r) and getspnam(_r), the account look-ups that scan
 * /etc/passwd and /etc/shadow. Calls made inside an already-timed call of the
 * same kind are not counted twice; PAM times include the hashes and look-ups
 * the modules make. Nothing about the password is recorded. */
#define _GNU_SOURCE
#include <crypt.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

static char out_path[4096];
static long long ctor_ns, hash_ns, pam_start_ns, pam_chauthtok_ns, pam_end_ns;
static long long nss_ns;
static unsigned long hash_calls, nss_calls, locked_hash_calls;
static int in_hash, in_nss;

static long long now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

__attribute__((constructor)) static void probe_start(void)
{
        const char *p = getenv("SSR_HASHPROBE_OUT");

        ctor_ns = now_ns();
        if (p)
                snprintf(out_path, sizeof out_path, "%s", p);
}

__attribute__((destructor)) static void probe_end(void)
{
        long long dtor_ns = now_ns();
        int fd;

        if (!out_path[0])
                return;
        fd = open(out_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
                return;
        dprintf(fd, "%d %lld %lld %lu %lld %lld %lld %lld %lu %lld %lu\n", (int) getpid(), ctor_ns, dtor_ns, hash_calls,
                hash_ns, pam_start_ns, pam_chauthtok_ns, pam_end_ns, nss_calls, nss_ns, locked_hash_calls);
        close(fd);
}

/* Does this process hold the shadow lock? Matched by the lock file's inode
 * alone: over overlayfs (the sandbox's /etc) the lock sits on the real file,
 * whose device is not the one stat() shows. */
static int holding_shadow_lock(void)
{
        char line[256], want[64], kind[16], id[96];
        struct stat st;
        int found = 0, pid;
        FILE *f;

        if (stat("/etc/.pwd.lock", &st) < 0 || !(f = fopen("/proc/locks", "re")))
                return 0;
        snprintf(want, sizeof want, ":%llu", (unsigned long long) st.st_ino);
        while (!found && fgets(line, sizeof line, f))
                found = !strstr(line, "->") && sscanf(line, "%*d: %15s %*s %*s %d %95s", kind, &pid, id) == 3 &&
                        strcmp(kind, "POSIX") == 0 && pid == getpid() && strlen(id) > strlen(want) &&
                        strcmp(id + strlen(id) - strlen(want), want) == 0;
        fclose(f);
        return found;
}

static void *next(const char *name)
{
        void *f = dlsym(RTLD_NEXT, name);

        if (!f) {
                dprintf(2, "hashprobe: %s not found: %s\n", name, dlerror());
                abort();
        }
        return f;
}

/* Times one call unless another one of its kind is already being timed. */
#define TIMED_CALL(busy, calls, total, expr)                                                                           \
        do {                                                                                                           \
                long long t0 = 0;                                                                                      \
                int outer = !(busy);                                                                                   \
                if (outer) {                                                                                           \
                        (busy) = 1;                                                                                    \
                        t0 = now_ns();                                                                                 \
                }                                                                                                      \
                r = (expr);                                                                                            \
                if (outer) {                                                                                           \
                        (total) += now_ns() - t0;                                                                      \
                        (calls)++;                                                                                     \
                        (busy) = 0;                                                                                    \
                }                                                                                                      \
        } while (0)
#define HASH_CALL(expr)                                                                                                \
        do {                                                                                                           \
                if (!in_hash)                                                                                          \
                        locked_hash_calls += holding_shadow_lock();                                                    \
                TIMED_CALL(in_hash, hash_calls, hash_ns, expr);                                                        \
        } while (0)
#define NSS_CALL(expr) TIMED_CALL(in_nss, nss_calls, nss_ns, expr)

char *crypt(const char *phrase, const char *setting)
{
        static char *(*f)(const char *, const char *);
        char *r;

        if (!f)
                f = next("crypt");
        HASH_CALL(f(phrase, setting));
        return r;
}

char *crypt_r(const char *phrase, const char *setting, struct crypt_data *data)
{
        static char *(*f)(const char *, const char *, struct crypt_data *);
        char *r;

        if (!f)
                f = next("crypt_r");
        HASH_CALL(f(phrase, setting, data));
        return r;
}

char *crypt_rn(const char *phrase, const char *setting, void *data, int size)
{
        static char *(*f)(const char *, const char *, void *, int);
        char *r;

        if (!f)
                f = next("crypt_rn");
        HASH_CALL(f(phrase, setting, data, size));
        return r;
}

char *crypt_ra(const char *phrase, const char *setting, void **data, int *size)
{
        static char *(*f)(const char *, const char *, void **, int *);
        char *r;

        if (!f)
                f = next("crypt_ra");
        HASH_CALL(f(phrase, setting, data, size));
        return r;
}

int pam_start(const char *service, const char *user, const struct pam_conv *conv, pam_handle_t **pamh)
{
        static int (*f)(const char *, const char *, const struct pam_conv *, pam_handle_t **);
        long long t0 = now_ns();
        int r;

        if (!f)
                f = next("pam_start");
        r = f(service, user, conv, pamh);
        pam_start_ns += now_ns() - t0;
        return r;
}

int pam_chauthtok(pam_handle_t *pamh, int flags)
{
        static int (*f)(pam_handle_t *, int);
        long long t0 = now_ns();
        int r;

        if (!f)
                f = next("pam_chauthtok");
        r = f(pamh, flags);
        pam_chauthtok_ns += now_ns() - t0;
        return r;
}

int pam_end(pam_handle_t *pamh, int status)
{
        static int (*f)(pam_handle_t *, int);
        long long t0 = now_ns();
        int r;

        if (!f)
                f = next("pam_end");
        r = f(pamh, status);
        pam_end_ns += now_ns() - t0;
        return r;
}

struct passwd *getpwnam(const char *name)
{
        static struct passwd *(*f)(const char *);
        struct passwd *r;

        if (!f)
                f = next("getpwnam");
        NSS_CALL(f(name));
        return r;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t n, struct passwd **result)
{
        static int (*f)(const char *, struct passwd *, char *, size_t, struct passwd **);
        int r;

        if (!f)
                f = next("getpwnam_r");
        NSS_CALL(f(name, pw, buf, n, result));
        return r;
}

struct spwd *getspnam(const char *name)
{
        static struct spwd *(*f)(const char *);
        struct spwd *r;

        if (!f)
                f = next("getspnam");
        NSS_CALL(f(name));
        return r;
}

int getspnam_r(const char *name, struct spwd *sp, char *buf, size_t n, struct spwd **result)
{
        static int (*f)(const char *, struct spwd *, char *, size_t, struct spwd **);
        int r;

        if (!f)
                f = next("getspnam_r");
        NSS_CALL(f(name, sp, buf, n, result));
        return r;
}
