/* SPDX-License-Identifier: Apache-2.0 */
/* The PAM stack reader over the fixture folders in tests/unit/pam.d/. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pam-stack.h"

static char fixtures[PATH_MAX / 2];
static char err[512];
static struct pam_stack stack;

static int read_stack(const char *folder)
{
        char dir[PATH_MAX];
        const char *dirs[] = { dir, NULL };

        snprintf(dir, sizeof dir, "%s/%s", fixtures, folder);
        return pam_stack_read(dirs, "ssmreset", "password", &stack, err, sizeof err);
}

static void expect_line(size_t i, const char *module, const char *control, unsigned depth, bool in_substack)
{
        assert_true(i < stack.n);
        assert_string_equal(stack.lines[i].module, module);
        assert_string_equal(stack.lines[i].control, control);
        assert_int_equal(stack.lines[i].depth, depth);
        assert_int_equal(stack.lines[i].in_substack, in_substack);
}

static int group_setup(void **state)
{
        const char *src = getenv("SSMRESET_SRC_DIR");

        snprintf(fixtures, sizeof fixtures, "%s/tests/unit/pam.d", src ? src : ".");
        return 0;
}

static int teardown(void **state)
{
        pam_stack_free(&stack);
        return 0;
}

static void debian_include(void **state)
{
        assert_int_equal(read_stack("debian"), 0);
        assert_int_equal(stack.n, 7);
        expect_line(0, "pam_ssmreset.so", "requisite", 0, false);
        expect_line(1, "pam_pwquality.so", "requisite", 1, false);
        expect_line(2, "pam_unix.so", "[success=1 default=ignore]", 1, false);
        expect_line(5, "pam_gnome_keyring.so", "optional", 1, false);
        expect_line(6, "pam_ssmreset.so", "required", 0, false);
        assert_string_equal(pam_stack_arg(&stack.lines[2], "yescrypt"), "");
        assert_null(pam_stack_arg(&stack.lines[2], "sha512"));
        assert_string_equal(pam_stack_arg(&stack.lines[1], "retry="), "3");
        assert_string_equal(pam_stack_arg(&stack.lines[6], "finish"), "");
        assert_non_null(strstr(stack.lines[2].file, "debian/common-password"));
        assert_int_equal(stack.lines[2].lineno, 3);
}

static void rpm_substack_keeps_only_password_lines(void **state)
{
        assert_int_equal(read_stack("rpm"), 0);
        assert_int_equal(stack.n, 6);
        expect_line(0, "pam_ssmreset.so", "requisite", 0, false);
        expect_line(1, "pam_pwquality.so", "requisite", 1, true);
        expect_line(2, "pam_unix.so", "sufficient", 1, true);
        expect_line(3, "pam_sss.so", "[success=1 default=ignore]", 1, true);
        expect_line(4, "pam_deny.so", "required", 1, true);
        expect_line(5, "pam_ssmreset.so", "required", 0, false);
        assert_string_equal(pam_stack_arg(&stack.lines[1], "local_users_only"), "");
}

static void include_found_in_the_vendor_folder(void **state)
{
        char etc[PATH_MAX], usr[PATH_MAX];
        const char *dirs[] = { etc, usr, NULL };

        snprintf(etc, sizeof etc, "%s/vendor/etc", fixtures);
        snprintf(usr, sizeof usr, "%s/vendor/usr", fixtures);
        assert_int_equal(pam_stack_read(dirs, "ssmreset", "password", &stack, err, sizeof err), 0);
        assert_int_equal(stack.n, 5);
        expect_line(1, "pam_unix.so", "[success=1 default=ignore]", 1, false);
        assert_non_null(strstr(stack.lines[1].file, "vendor/usr/common-password"));
        assert_string_equal(pam_stack_arg(&stack.lines[1], "sha512"), "");
}

static void every_syntax_libpam_reads(void **state)
{
        assert_int_equal(read_stack("syntax"), 0);
        assert_int_equal(stack.n, 4);
        /* Type in any case, an absolute module path, a continued line. */
        expect_line(0, "/usr/local/lib/security/pam_ssmreset.so", "requisite", 0, false);
        assert_string_equal(pam_stack_module_name(&stack.lines[0]), "pam_ssmreset.so");
        assert_string_equal(pam_stack_arg(&stack.lines[0], "users_deny="), "alice,bob");
        assert_int_equal(stack.lines[0].n_args, 1);
        assert_int_equal(stack.lines[0].lineno, 4);
        /* "-password": a module that may be missing. */
        assert_true(stack.lines[1].optional);
        assert_false(stack.lines[0].optional);
        /* A bracketed control with blanks, a bracketed argument. */
        expect_line(2, "pam_unix.so", "[success=1 default=ignore   new_authtok_reqd=done]", 0, false);
        assert_int_equal(stack.lines[2].n_args, 2);
        assert_string_equal(stack.lines[2].args[0], "[obscure yescrypt]");
        assert_string_equal(pam_stack_arg(&stack.lines[2], "rounds="), "5");
}

static void an_include_loop_ends(void **state)
{
        assert_int_equal(read_stack("loop"), -ELOOP);
        assert_non_null(strstr(err, "nested deeper"));
}

static void a_missing_include_is_named(void **state)
{
        assert_int_equal(read_stack("missing"), -ENOENT);
        assert_non_null(strstr(err, "common-password"));
        assert_non_null(strstr(err, "included"));
}

static void a_missing_service(void **state)
{
        assert_int_equal(read_stack("no-such-folder"), -ENOENT);
        assert_non_null(strstr(err, "ssmreset"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_teardown(debian_include, teardown),
                cmocka_unit_test_teardown(rpm_substack_keeps_only_password_lines, teardown),
                cmocka_unit_test_teardown(include_found_in_the_vendor_folder, teardown),
                cmocka_unit_test_teardown(every_syntax_libpam_reads, teardown),
                cmocka_unit_test(an_include_loop_ends),
                cmocka_unit_test(a_missing_include_is_named),
                cmocka_unit_test(a_missing_service),
        };
        return cmocka_run_group_tests(tests, group_setup, NULL);
}
