/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account-file.h"
#include "local-accounts.h"

static FILE *open_config(const char *path)
{
        /* Close-on-exec, since PAM modules live in other programs, and never
         * a FIFO's wait (account-file.h). */
        FILE *f = NULL;
        int r = account_file_stream(path, &f);

        if (r < 0)
                errno = -r;
        return f;
}

int local_account_read(const char *user, struct local_account *ret)
{
        struct local_account a = { .expire_day = -1 };
        struct passwd *pw;
        struct spwd *sp;
        FILE *f;

        f = open_config("/etc/passwd");
        if (!f)
                return -errno;
        while ((pw = fgetpwent(f)))
                if (strcmp(pw->pw_name, user) == 0) {
                        a.in_passwd = true;
                        a.uid = pw->pw_uid;
                        a.gid = pw->pw_gid;
                        break;
                }
        fclose(f);

        f = open_config("/etc/shadow");
        if (!f) {
                if (errno != ENOENT)
                        return -errno;
        } else {
                while ((sp = fgetspent(f)))
                        if (strcmp(sp->sp_namp, user) == 0) {
                                a.in_shadow = true;
                                a.expire_day = sp->sp_expire;
                                a.hash = strdup(sp->sp_pwdp ? sp->sp_pwdp : "");
                                break;
                        }
                fclose(f);
                if (a.in_shadow && !a.hash)
                        return -ENOMEM;
        }
        *ret = a;
        return 0;
}

void local_account_free(struct local_account *a)
{
        if (a->hash) {
                explicit_bzero(a->hash, strlen(a->hash));
                free(a->hash);
        }
        a->hash = NULL;
}

/* A number from /etc/login.defs ("UID_MIN 1000"), or fallback. */
static long login_defs_number(const char *name, long fallback)
{
        char line[512];
        long value = fallback;
        FILE *f = open_config("/etc/login.defs");

        if (!f)
                return value;
        while (fgets(line, sizeof line, f)) {
                char key[64];
                long v;

                if (sscanf(line, " %63s %ld", key, &v) == 2 && strcmp(key, name) == 0 && v > 0)
                        value = v;
        }
        fclose(f);
        return value;
}

long local_uid_min(void)
{
        return login_defs_number("UID_MIN", 1000);
}

long local_uid_max(void)
{
        return login_defs_number("UID_MAX", 60000);
}

void local_nss_sources(char *buf, size_t n)
{
        char line[1024];
        FILE *f = open_config("/etc/nsswitch.conf");

        snprintf(buf, n, "%s", "");
        if (!f)
                return;
        while (fgets(line, sizeof line, f)) {
                char *p = line, *tok, *save = NULL;
                size_t used = 0;

                while (isspace((unsigned char) *p))
                        p++;
                if (strncmp(p, "passwd:", 7) != 0)
                        continue;
                for (tok = strtok_r(p + 7, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
                        if (tok[0] == '[' || strcmp(tok, "files") == 0 || strcmp(tok, "compat") == 0)
                                continue;
                        used += (size_t) snprintf(buf + used, used < n ? n - used : 0, "%s%s", used ? " " : "", tok);
                }
                break;
        }
        fclose(f);
}

char **local_groups(const char *user, gid_t primary)
{
        int ngroups = 32;
        gid_t *gids = NULL;
        char **names;

        for (;;) {
                int n = ngroups;
                gid_t *grown = realloc(gids, (size_t) n * sizeof *gids);
                if (!grown) {
                        free(gids);
                        return NULL;
                }
                gids = grown;
                if (getgrouplist(user, primary, gids, &n) >= 0) {
                        ngroups = n;
                        break;
                }
                if (n <= ngroups || n > 65536) {
                        free(gids);
                        return NULL;
                }
                ngroups = n;
        }
        names = calloc((size_t) ngroups + 1, sizeof *names);
        if (!names) {
                free(gids);
                return NULL;
        }
        for (int i = 0; i < ngroups; i++) {
                struct group *gr = getgrgid(gids[i]);
                /* A group without an entry cannot be matched against the
                 * lists: the whole answer is "unknown", not a shorter list. */
                if (!gr || !(names[i] = strdup(gr->gr_name))) {
                        local_groups_free(names);
                        names = NULL;
                        break;
                }
        }
        free(gids);
        return names;
}

void local_groups_free(char **groups)
{
        if (!groups)
                return;
        for (char **g = groups; *g; g++)
                free(*g);
        free(groups);
}

long local_today(void)
{
        return (long) (time(NULL) / 86400);
}
