/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module-options.h"
#include "pam-protocol.h"
#include "quality.h"

static void free_list(char **list)
{
        if (!list)
                return;
        for (char **p = list; *p; p++)
                free(*p);
        free(list);
}

void module_options_free(struct module_options *o)
{
        free_list(o->users_allow);
        free_list(o->users_deny);
        free_list(o->groups_allow);
        free_list(o->groups_deny);
        free_list(o->quality);
        free_list(o->breakglass_users);
        free(o->faillock_dir);
        *o = (struct module_options){ 0 };
}

bool module_list_contains(char *const *list, const char *name)
{
        if (!list)
                return false;
        for (char *const *p = list; *p; p++)
                if (strcmp(*p, name) == 0)
                        return true;
        return false;
}

/* "a,b,c" -> { "a", "b", "c", NULL }; empty items are an error. */
static int split_list(const char *value, char ***ret)
{
        size_t n = 1;
        char **list;

        for (const char *p = value; *p; p++)
                n += *p == ',';
        list = calloc(n + 1, sizeof *list);
        if (!list)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                size_t len = strcspn(value, ",");
                if (len == 0 || !(list[i] = strndup(value, len))) {
                        free_list(list);
                        return len == 0 ? -EINVAL : -ENOMEM;
                }
                value += len + (value[len] == ',');
        }
        *ret = list;
        return 0;
}

static int parse_long(const char *s, long min, long max, long *ret)
{
        char *end;
        long v;

        if (*s < '0' || *s > '9')
                return -EINVAL;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno || *end || v < min || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

static const struct {
        const char *name;
        size_t offset;
} flags[] = {
        { SSMRESET_PAM_FINISH_OPTION, offsetof(struct module_options, finish) },
        { "allow_locked", offsetof(struct module_options, allow_locked) },
        { "allow_expired", offsetof(struct module_options, allow_expired) },
        { "allow_system", offsetof(struct module_options, allow_system) },
        { "allow_nss", offsetof(struct module_options, allow_nss) },
        { "allow_no_shadow", offsetof(struct module_options, allow_no_shadow) },
        { "deny_root", offsetof(struct module_options, deny_root) },
        { "expire", offsetof(struct module_options, expire) },
        { "keep_faillock", offsetof(struct module_options, keep_faillock) },
        { "debug", offsetof(struct module_options, debug) },
        { "breakglass_end_sessions", offsetof(struct module_options, breakglass_end_sessions) },
};

static const struct {
        const char *name;
        size_t offset;
        bool deny; /* a deny list accumulates; an allow list may be given once */
} lists[] = {
        { "users_allow=", offsetof(struct module_options, users_allow), false },
        { "users_deny=", offsetof(struct module_options, users_deny), true },
        { "groups_allow=", offsetof(struct module_options, groups_allow), false },
        { "groups_deny=", offsetof(struct module_options, groups_deny), true },
        /* More break-glass accounts never loosen anything: they accumulate. */
        { "breakglass_users=", offsetof(struct module_options, breakglass_users), true },
};

/* Appends the names of more to *list (both NULL-terminated). */
static int append_list(char ***list, char **more)
{
        size_t n = 0, m = 0;
        char **grown;

        while (*list && (*list)[n])
                n++;
        while (more[m])
                m++;
        grown = realloc(*list, (n + m + 1) * sizeof *grown);
        if (!grown)
                return -ENOMEM;
        memcpy(grown + n, more, (m + 1) * sizeof *grown);
        free(more);
        *list = grown;
        return 0;
}

/* Options that take one value: given twice, which one counts would be a
 * guess, and a guess may loosen the policy. */
enum {
        SEEN_UID_MIN = 1 << 0,
        SEEN_UID_MAX = 1 << 1,
        SEEN_REMEMBER = 1 << 2,
        SEEN_LOCK_TIMEOUT = 1 << 3,
        SEEN_FAILLOCK_DIR = 1 << 4,
        SEEN_BREAKGLASS_GRACE = 1 << 5,
        SEEN_LISTS = 1 << 6, /* + index in lists[] */
};

static int once(unsigned *seen, unsigned bit, const char *name, char *err, size_t errlen)
{
        if (*seen & bit) {
                snprintf(err, errlen, "%s is given twice (give it once)", name);
                return -EINVAL;
        }
        *seen |= bit;
        return 0;
}

static int number(const char *arg, const char *name, long min, long max, unsigned *seen, unsigned bit, long *ret,
                  char *err, size_t errlen)
{
        size_t n = strlen(name);

        if (strncmp(arg, name, n) != 0)
                return 0;
        if (once(seen, bit, name, err, errlen) < 0)
                return -EINVAL;
        if (parse_long(arg + n, min, max, ret) < 0) {
                snprintf(err, errlen, "%s needs a number from %ld to %ld", name, min, max);
                return -EINVAL;
        }
        return 1;
}

/* Is the pwquality setting arg's key already among the line's settings? */
static bool quality_repeated(const struct module_options *o, const char *arg)
{
        size_t len = strcspn(arg, "=");

        for (size_t i = 0; i < o->n_quality; i++)
                if (strncmp(o->quality[i], arg, len + 1) == 0)
                        return true;
        return false;
}

static int parse_one(const char *arg, struct module_options *o, unsigned *seen, char *err, size_t errlen)
{
        long v;
        int r;

        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
                if (strcmp(arg, flags[i].name) == 0) {
                        *(bool *) ((char *) o + flags[i].offset) = true; /* twice is once */
                        return 0;
                }
        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
                size_t n = strlen(lists[i].name);
                char ***slot = (char ***) ((char *) o + lists[i].offset), **names = NULL;

                if (strncmp(arg, lists[i].name, n) != 0)
                        continue;
                if (!lists[i].deny && once(seen, SEEN_LISTS << i, lists[i].name, err, errlen) < 0)
                        return -EINVAL;
                r = split_list(arg + n, &names);
                if (r == -EINVAL)
                        snprintf(err, errlen, "%s needs a comma-separated list of names", lists[i].name);
                if (r < 0)
                        return r;
                if ((r = append_list(slot, names)) < 0)
                        free_list(names);
                return r;
        }
        if ((r = number(arg, "uid_min=", 1, INT_MAX, seen, SEEN_UID_MIN, &v, err, errlen)) != 0) {
                o->uid_min = v;
                return r < 0 ? r : 0;
        }
        if ((r = number(arg, "uid_max=", 1, INT_MAX, seen, SEEN_UID_MAX, &v, err, errlen)) != 0) {
                o->uid_max = v;
                return r < 0 ? r : 0;
        }
        if ((r = number(arg, "remember=", 0, 400, seen, SEEN_REMEMBER, &v, err, errlen)) != 0) {
                o->remember = (int) v;
                return r < 0 ? r : 0;
        }
        if ((r = number(arg, "lock_timeout=", 0, MODULE_LOCK_TIMEOUT_MAX, seen, SEEN_LOCK_TIMEOUT, &v, err, errlen)) !=
            0) {
                o->lock_timeout_s = (int) v;
                return r < 0 ? r : 0;
        }
        if ((r = number(arg, "breakglass_grace=", 1, MODULE_BREAKGLASS_GRACE_MAX, seen, SEEN_BREAKGLASS_GRACE, &v, err,
                        errlen)) != 0) {
                o->breakglass_grace_s = (int) v;
                return r < 0 ? r : 0;
        }
        if (strncmp(arg, "faillock_dir=", 13) == 0) {
                if (once(seen, SEEN_FAILLOCK_DIR, "faillock_dir=", err, errlen) < 0)
                        return -EINVAL;
                if (arg[13] != '/') {
                        snprintf(err, errlen, "faillock_dir= needs an absolute path");
                        return -EINVAL;
                }
                return (o->faillock_dir = strdup(arg + 13)) ? 0 : -ENOMEM;
        }
        if (quality_is_setting(arg)) {
                char **grown;

                if (quality_repeated(o, arg)) {
                        snprintf(err, errlen, "%.*s= is given twice (give it once)", (int) strcspn(arg, "="), arg);
                        return -EINVAL;
                }
                grown = realloc(o->quality, (o->n_quality + 2) * sizeof *grown);
                if (!grown)
                        return -ENOMEM;
                o->quality = grown;
                if (!(o->quality[o->n_quality] = strdup(arg)))
                        return -ENOMEM;
                o->quality[++o->n_quality] = NULL;
                return 0;
        }
        snprintf(err, errlen, "unknown option '%s'", arg);
        return -EINVAL;
}

int module_options_parse(int argc, const char **argv, struct module_options *ret, char *err, size_t errlen)
{
        struct module_options o = { .uid_min = -1,
                                    .uid_max = -1,
                                    .remember = -1,
                                    .lock_timeout_s = MODULE_LOCK_TIMEOUT_DEFAULT,
                                    .breakglass_grace_s = MODULE_BREAKGLASS_GRACE_DEFAULT };
        unsigned seen = 0;

        for (int i = 0; i < argc; i++) {
                int r = parse_one(argv[i], &o, &seen, err, errlen);
                if (r < 0) {
                        module_options_free(&o);
                        return r;
                }
        }
        /* A grace period, or ending sessions, for no account is a mistake to
         * name, not to ignore. */
        if (!o.breakglass_users && ((seen & SEEN_BREAKGLASS_GRACE) || o.breakglass_end_sessions)) {
                snprintf(err, errlen, "%s needs breakglass_users=",
                         (seen & SEEN_BREAKGLASS_GRACE) ? "breakglass_grace=" : "breakglass_end_sessions");
                module_options_free(&o);
                return -EINVAL;
        }
        *ret = o;
        return 0;
}
