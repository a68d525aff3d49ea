/* SPDX-License-Identifier: Apache-2.0 */
/* hashtool: the lower bound, and a checker.
 *
 *   hashtool hash [PREFIX]   reads a password line from standard input, hashes
 *                            it with crypt_gensalt_ra(PREFIX, 0) + crypt_ra()
 *                            (default "$y$": yescrypt at libxcrypt's default
 *                            cost, what pam_unix's "yescrypt" option asks for)
 *                            and prints "HASH NS", NS being the time spent in
 *                            crypt_ra() itself.
 *   hashtool verify          reads a password line and a hash line; exit 0 if
 *                            the password matches the hash, 1 if not.
 *
 * Passwords come on standard input only, never on the command line. */
#define _GNU_SOURCE
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int read_line(char *buf, size_t n)
{
        if (!fgets(buf, (int) n, stdin))
                return -1;
        buf[strcspn(buf, "\r\n")] = '\0';
        return 0;
}

int main(int argc, char **argv)
{
        static char pw[1024], hash[1024];
        void *data = NULL;
        int size = 0;
        const char *out;

        if (argc >= 2 && strcmp(argv[1], "hash") == 0) {
                const char *prefix = argc >= 3 ? argv[2] : "$y$";
                char *setting;
                long long t0, t1;

                if (read_line(pw, sizeof pw) < 0)
                        return 2;
                setting = crypt_gensalt_ra(prefix, 0, NULL, 0);
                if (!setting)
                        return 2;
                t0 = now_ns();
                out = crypt_ra(pw, setting, &data, &size);
                t1 = now_ns();
                if (!out || out[0] == '*')
                        return 2;
                printf("%s %lld\n", out, t1 - t0);
                explicit_bzero(pw, sizeof pw);
                free(setting);
                free(data);
                return 0;
        }
        if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
                int ok;

                if (read_line(pw, sizeof pw) < 0 || read_line(hash, sizeof hash) < 0)
                        return 2;
                out = crypt_ra(pw, hash, &data, &size);
                ok = out && out[0] != '*' && strcmp(out, hash) == 0;
                explicit_bzero(pw, sizeof pw);
                free(data);
                return ok ? 0 : 1;
        }
        fprintf(stderr, "usage: hashtool hash [PREFIX] | hashtool verify\n");
        return 2;
}
