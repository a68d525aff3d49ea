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
};

static const struct {
        const char *name;
        size_t offset;
} lists[] = {
        { "users_allow=", offsetof(struct module_options, users_allow) },
        { "users_deny=", offsetof(struct module_options, users_deny) },
        { "groups_allow=", offsetof(struct module_options, groups_allow) },
        { "groups_deny=", offsetof(struct module_options, groups_deny) },
};

static int parse_one(const char *arg, struct module_options *o, char *err, size_t errlen)
{
        long v;
        int r;

        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
                if (strcmp(arg, flags[i].name) == 0) {
                        *(bool *) ((char *) o + flags[i].offset) = true;
                        return 0;
                }
        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
                size_t n = strlen(lists[i].name);
                if (strncmp(arg, lists[i].name, n) == 0) {
                        char ***slot = (char ***) ((char *) o + lists[i].offset);
                        free_list(*slot);
                        *slot = NULL;
                        r = split_list(arg + n, slot);
                        if (r == -EINVAL)
                                snprintf(err, errlen, "%s needs a comma-separated list of names", lists[i].name);
                        return r;
                }
        }
        if (strncmp(arg, "uid_min=", 8) == 0) {
                if (parse_long(arg + 8, 1, INT_MAX, &v) < 0) {
                        snprintf(err, errlen, "uid_min= needs a number from 1 up");
                        return -EINVAL;
                }
                o->uid_min = v;
                return 0;
        }
        if (strncmp(arg, "remember=", 9) == 0) {
                if (parse_long(arg + 9, 0, 400, &v) < 0) {
                        snprintf(err, errlen, "remember= needs a number from 0 to 400");
                        return -EINVAL;
                }
                o->remember = (int) v;
                return 0;
        }
        if (strncmp(arg, "lock_timeout=", 13) == 0) {
                if (parse_long(arg + 13, 0, MODULE_LOCK_TIMEOUT_MAX, &v) < 0) {
                        snprintf(err, errlen, "lock_timeout= needs a number of seconds from 0 to %d",
                                 MODULE_LOCK_TIMEOUT_MAX);
                        return -EINVAL;
                }
                o->lock_timeout_s = (int) v;
                return 0;
        }
        if (strncmp(arg, "faillock_dir=", 13) == 0) {
                if (arg[13] != '/') {
                        snprintf(err, errlen, "faillock_dir= needs an absolute path");
                        return -EINVAL;
                }
                free(o->faillock_dir);
                return (o->faillock_dir = strdup(arg + 13)) ? 0 : -ENOMEM;
        }
        if (quality_is_setting(arg)) {
                char **grown = realloc(o->quality, (o->n_quality + 2) * sizeof *grown);
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
        struct module_options o = { .uid_min = -1, .remember = -1, .lock_timeout_s = MODULE_LOCK_TIMEOUT_DEFAULT };

        for (int i = 0; i < argc; i++) {
                int r = parse_one(argv[i], &o, err, errlen);
                if (r < 0) {
                        module_options_free(&o);
                        return r;
                }
        }
        *ret = o;
        return 0;
}
