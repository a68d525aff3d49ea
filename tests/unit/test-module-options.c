/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "module-options.h"

static char err[256];

#define PARSE(o, ...)                                                                                                  \
        ({                                                                                                             \
                const char *argv[] = { __VA_ARGS__ };                                                                  \
                err[0] = '\0';                                                                                         \
                module_options_parse((int) (sizeof argv / sizeof argv[0]), argv, (o), err, sizeof err);                \
        })

static void defaults(void **state)
{
        struct module_options o;

        assert_int_equal(module_options_parse(0, NULL, &o, err, sizeof err), 0);
        assert_false(o.finish || o.allow_locked || o.allow_expired || o.allow_system || o.allow_nss ||
                     o.allow_no_shadow || o.deny_root || o.expire || o.keep_faillock);
        assert_int_equal(o.uid_min, -1);
        assert_int_equal(o.remember, -1);
        assert_int_equal(o.lock_timeout_s, MODULE_LOCK_TIMEOUT_DEFAULT);
        assert_null(o.users_allow);
        assert_null(o.faillock_dir);
        module_options_free(&o);
}

static void flags_values_and_lists(void **state)
{
        struct module_options o;

        assert_int_equal(PARSE(&o, "allow_locked", "expire", "uid_min=500", "remember=5", "users_allow=alice,bob",
                               "groups_deny=wheel", "faillock_dir=/run/fl", "minlen=12", "dictcheck=1",
                               "lock_timeout=3"),
                         0);
        assert_true(o.allow_locked);
        assert_true(o.expire);
        assert_int_equal(o.uid_min, 500);
        assert_int_equal(o.remember, 5);
        assert_int_equal(o.lock_timeout_s, 3);
        assert_string_equal(o.users_allow[0], "alice");
        assert_string_equal(o.users_allow[1], "bob");
        assert_null(o.users_allow[2]);
        assert_true(module_list_contains(o.groups_deny, "wheel"));
        assert_false(module_list_contains(o.groups_deny, "whee"));
        assert_string_equal(o.faillock_dir, "/run/fl");
        assert_int_equal(o.n_quality, 2);
        assert_string_equal(o.quality[0], "minlen=12");
        assert_null(o.quality[2]);
        module_options_free(&o);
}

static void bad_options_are_named(void **state)
{
        struct module_options o;

        assert_int_equal(PARSE(&o, "allow_everything"), -EINVAL);
        assert_non_null(strstr(err, "allow_everything"));
        assert_int_equal(PARSE(&o, "uid_min=abc"), -EINVAL);
        assert_non_null(strstr(err, "uid_min="));
        assert_int_equal(PARSE(&o, "remember=401"), -EINVAL);
        assert_int_equal(PARSE(&o, "lock_timeout=601"), -EINVAL);
        assert_non_null(strstr(err, "lock_timeout="));
        assert_int_equal(PARSE(&o, "lock_timeout=-1"), -EINVAL);
        assert_int_equal(PARSE(&o, "lock_timeout=0"), 0);
        assert_int_equal(o.lock_timeout_s, 0);
        module_options_free(&o);
        assert_int_equal(PARSE(&o, "users_allow=alice,,bob"), -EINVAL);
        assert_non_null(strstr(err, "users_allow="));
        assert_int_equal(PARSE(&o, "users_deny="), -EINVAL);
        assert_int_equal(PARSE(&o, "faillock_dir=relative"), -EINVAL);
        assert_int_equal(PARSE(&o, "minlength=12"), -EINVAL); /* not a pwquality key */
}

static void break_glass_options(void **state)
{
        struct module_options o;

        assert_int_equal(PARSE(&o, "breakglass_users=rescue,admin", "breakglass_grace=900", "breakglass_end_sessions",
                               "breakglass_users=ops"),
                         0);
        assert_true(module_list_contains(o.breakglass_users, "rescue"));
        assert_true(module_list_contains(o.breakglass_users, "ops")); /* more accounts never loosen anything */
        assert_false(module_list_contains(o.breakglass_users, "alice"));
        assert_int_equal(o.breakglass_grace_s, 900);
        assert_true(o.breakglass_end_sessions);
        module_options_free(&o);
        assert_int_equal(PARSE(&o, "breakglass_users=rescue"), 0);
        assert_int_equal(o.breakglass_grace_s, MODULE_BREAKGLASS_GRACE_DEFAULT);
        assert_false(o.breakglass_end_sessions);
        module_options_free(&o);

        assert_int_equal(PARSE(&o, "breakglass_users=rescue", "breakglass_grace=0"), -EINVAL);
        assert_string_equal(err, "breakglass_grace= needs a number from 1 to 86400");
        assert_int_equal(PARSE(&o, "breakglass_users=rescue", "breakglass_grace=86401"), -EINVAL);
        assert_int_equal(PARSE(&o, "breakglass_users=rescue", "breakglass_grace=1h"), -EINVAL);
        assert_int_equal(PARSE(&o, "breakglass_users=rescue", "breakglass_grace=60", "breakglass_grace=90"), -EINVAL);
        assert_string_equal(err, "breakglass_grace= is given twice (give it once)");
        assert_int_equal(PARSE(&o, "breakglass_grace=60"), -EINVAL);
        assert_string_equal(err, "breakglass_grace= needs breakglass_users=");
        assert_int_equal(PARSE(&o, "breakglass_end_sessions"), -EINVAL);
        assert_string_equal(err, "breakglass_end_sessions needs breakglass_users=");
        assert_int_equal(PARSE(&o, "breakglass_users=a,,b"), -EINVAL);
        assert_string_equal(err, "breakglass_users= needs a comma-separated list of names");
}

static void a_repeated_option_never_loosens_the_policy(void **state)
{
        struct module_options o;

        /* Deny lists accumulate. */
        assert_int_equal(PARSE(&o, "users_deny=alice", "users_deny=bob", "groups_deny=a", "groups_deny=b,c"), 0);
        assert_true(module_list_contains(o.users_deny, "alice"));
        assert_true(module_list_contains(o.users_deny, "bob"));
        assert_true(module_list_contains(o.groups_deny, "a"));
        assert_true(module_list_contains(o.groups_deny, "c"));
        module_options_free(&o);
        /* Flags twice are flags once. */
        assert_int_equal(PARSE(&o, "deny_root", "deny_root"), 0);
        assert_true(o.deny_root);
        module_options_free(&o);
        /* Everything else given twice is an error that names it. */
        const char *twice[][2] = {
                { "users_allow=a", "users_allow=b" },     { "groups_allow=a", "groups_allow=b" },
                { "uid_min=1000", "uid_min=500" },        { "uid_max=60000", "uid_max=70000" },
                { "remember=5", "remember=0" },           { "lock_timeout=10", "lock_timeout=600" },
                { "faillock_dir=/a", "faillock_dir=/b" }, { "minlen=14", "minlen=6" },
                { "dictcheck=1", "dictcheck=0" },
        };
        for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
                char name[32];
                assert_int_equal(PARSE(&o, twice[i][0], twice[i][1]), -EINVAL);
                assert_non_null(strstr(err, "given twice"));
                snprintf(name, sizeof name, "%.*s=", (int) strcspn(twice[i][0], "="), twice[i][0]);
                assert_non_null(strstr(err, name));
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(defaults),
                cmocka_unit_test(flags_values_and_lists),
                cmocka_unit_test(bad_options_are_named),
                cmocka_unit_test(break_glass_options),
                cmocka_unit_test(a_repeated_option_never_loosens_the_policy),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
