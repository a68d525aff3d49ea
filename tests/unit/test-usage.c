/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset --help: every exit status, in the OS's words. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "os/platform.h"
#include "usage.h"

static char text[8192];

static int print_usage(void **state)
{
        FILE *f = tmpfile();
        size_t n;

        assert_non_null(f);
        assert_int_equal(usage_print(f), 0);
        rewind(f);
        n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
        return 0;
}

static void documents_every_exit_status(void **state)
{
        const char *codes[] = { "0  CHANGED",           "2  BAD_REQUEST", "3  USER_UNKNOWN",  "4  ACCOUNT_REFUSED",
                                "5  PASSWORD_REJECTED", "6  ABORTED",     "7  NOT_PERMITTED", "8  SYSTEM_ERROR" };

        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
                assert_non_null(strstr(text, codes[i]));
}

static void documents_every_option(void **state)
{
        const char *options[] = { "--check",          "--expire",          "--generate",
                                  "--recipient FILE", "--batch",           "--json",
                                  "--doctor",         "--tries N",         "--timeout SECONDS",
                                  "--session-id ID",  "--requester NAME",  "--help",
                                  "--version",        "\"generate\":true", "--cipher C",
                                  "--encoding E",     "aes-256-gcm",       "\"cipher\"",
                                  "--passphrase",     "129.2 bits",        "--break-glass SECONDS",
                                  "--end-sessions",   "\"passphrase\"",    "\"break_glass\"",
                                  "\"end_sessions\"" };

        for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
                assert_non_null(strstr(text, options[i]));
}

static void speaks_the_os_words(void **state)
{
        assert_non_null(strstr(text, platform_words.machinery));
        assert_non_null(strstr(text, platform_words.audit_trail));
        assert_non_null(strstr(text, platform_words.rights));
        assert_non_null(strstr(text, platform_words.system_errors));
        assert_null(strstr(text, "%s"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(documents_every_exit_status),
                cmocka_unit_test(documents_every_option),
                cmocka_unit_test(speaks_the_os_words),
        };
        return cmocka_run_group_tests(tests, print_usage, NULL);
}
