/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "session-id.h"

static void tokens(void **state)
{
        char long_id[SESSION_ID_MAX + 2];

        assert_true(session_token_valid("alice-0a1b2c3d4e5f67890"));
        assert_true(session_token_valid("alice@example.com-0123abcd"));
        assert_true(session_token_valid("role+x=y,z.w_v-1"));
        assert_false(session_token_valid(""));
        assert_false(session_token_valid("a b"));
        assert_false(session_token_valid("a;b"));
        assert_false(session_token_valid("a\nb"));
        assert_false(session_token_valid("a$(id)"));
        memset(long_id, 'a', sizeof long_id - 1);
        long_id[sizeof long_id - 1] = '\0';
        assert_false(session_token_valid(long_id));
        long_id[SESSION_ID_MAX] = '\0';
        assert_true(session_token_valid(long_id));
}

static void requester_is_the_prefix_before_the_last_dash(void **state)
{
        char r[64];

        assert_int_equal(session_requester_from_id("alice-0a1b2c3d", r, sizeof r), 0);
        assert_string_equal(r, "alice");
        assert_int_equal(session_requester_from_id("ec2-user-0a1b2c", r, sizeof r), 0);
        assert_string_equal(r, "ec2-user");
        assert_int_equal(session_requester_from_id("alice@example.com-0123", r, sizeof r), 0);
        assert_string_equal(r, "alice@example.com");
        assert_int_equal(session_requester_from_id("nodash", r, sizeof r), -EINVAL);
        assert_int_equal(session_requester_from_id("-leading", r, sizeof r), -EINVAL);
        assert_int_equal(session_requester_from_id("abcdef-1", r, 4), -EINVAL);
}

static void worker_names(void **state)
{
        assert_true(session_is_worker_name("ssm-session-worker"));
        assert_true(session_is_worker_name("/usr/bin/ssm-session-worker"));
        assert_true(session_is_worker_name("/snap/amazon-ssm-agent/current/ssm-session-worker"));
        assert_false(session_is_worker_name("ssm-session-worker-evil"));
        assert_false(session_is_worker_name("/usr/bin/ssm-agent-worker"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(tokens),
                cmocka_unit_test(requester_is_the_prefix_before_the_last_dash),
                cmocka_unit_test(worker_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
