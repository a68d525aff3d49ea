/* SPDX-License-Identifier: Apache-2.0 */
/* --expire's edit of a shadow line: the third field, and nothing else. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "shadow-expire.h"

static void sets_the_last_change_day(void **state)
{
        char out[128];

        assert_int_equal(shadow_line_set_last_change("alice:$y$j9T$a$b:19700:0:99999:7:::", 0, out, sizeof out), 0);
        assert_string_equal(out, "alice:$y$j9T$a$b:0:0:99999:7:::");
        assert_int_equal(shadow_line_set_last_change("bob:!:::::::", 0, out, sizeof out), 0);
        assert_string_equal(out, "bob:!:0::::::");
        assert_int_equal(shadow_line_set_last_change("carol:x:1:2", 19999, out, sizeof out), 0);
        assert_string_equal(out, "carol:x:19999:2");
}

static void refuses_what_is_not_a_shadow_line(void **state)
{
        char out[16];

        assert_int_equal(shadow_line_set_last_change("alice:hash", 0, out, sizeof out), -EINVAL);
        assert_int_equal(shadow_line_set_last_change("alice", 0, out, sizeof out), -EINVAL);
        assert_int_equal(shadow_line_set_last_change("alice:hash:19700:0:99999", 0, out, sizeof out), -ENOSPC);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(sets_the_last_change_day),
                cmocka_unit_test(refuses_what_is_not_a_shadow_line),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
