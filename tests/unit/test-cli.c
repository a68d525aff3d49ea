/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

static char err[256];
static struct cli_options o;

#define PARSE(...)                                                                                                     \
        ({                                                                                                             \
                char *argv[] = { "ssmreset", __VA_ARGS__ };                                                            \
                err[0] = '\0';                                                                                         \
                cli_parse((int) (sizeof argv / sizeof argv[0]), argv, &o, err, sizeof err);                            \
        })

static void defaults(void **state)
{
        assert_int_equal(PARSE("alice"), 0);
        assert_string_equal(o.username, "alice");
        assert_int_equal(o.tries, 3);
        assert_int_equal(o.timeout_s, 120);
        assert_null(o.session_id);
        assert_null(o.requester);
}

static void options_with_and_without_equals(void **state)
{
        assert_int_equal(PARSE("--tries", "5", "--timeout=0", "bob", "--session-id=s-1", "--requester", "ops"), 0);
        assert_int_equal(o.tries, 5);
        assert_int_equal(o.timeout_s, 0);
        assert_string_equal(o.username, "bob");
        assert_string_equal(o.session_id, "s-1");
        assert_string_equal(o.requester, "ops");
}

static void double_dash_ends_options(void **state)
{
        assert_int_equal(PARSE("--", "-alice"), 0);
        assert_string_equal(o.username, "-alice");
}

static void bad_numbers(void **state)
{
        assert_int_equal(PARSE("--tries", "0", "a"), -EINVAL);
        assert_non_null(strstr(err, "--tries"));
        assert_int_equal(PARSE("--tries", "11", "a"), -EINVAL);
        assert_int_equal(PARSE("--tries=-1", "a"), -EINVAL);
        assert_int_equal(PARSE("--tries=3x", "a"), -EINVAL);
        assert_int_equal(PARSE("--tries= 3", "a"), -EINVAL);
        assert_int_equal(PARSE("--timeout", "86401", "a"), -EINVAL);
        assert_int_equal(PARSE("--timeout", "99999999999999999999", "a"), -EINVAL);
        assert_int_equal(PARSE("a", "--tries"), -EINVAL); /* value missing */
}

static void bad_session_tokens(void **state)
{
        assert_int_equal(PARSE("--session-id", "a b", "u"), -EINVAL);
        assert_non_null(strstr(err, "--session-id"));
        assert_int_equal(PARSE("--requester=", "u"), -EINVAL);
        assert_int_equal(PARSE("--requester", "x;rm", "u"), -EINVAL);
}

static void usage_errors(void **state)
{
        char *none[] = { "ssmreset" };

        assert_int_equal(cli_parse(1, none, &o, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "no user name"));
        assert_int_equal(PARSE("a", "b"), -EINVAL);
        assert_non_null(strstr(err, "only one user name"));
        assert_int_equal(PARSE("--frobnicate", "a"), -EINVAL);
        assert_non_null(strstr(err, "--frobnicate"));
        assert_int_equal(PARSE("--triesx=3", "a"), -EINVAL);
}

static void generate_needs_a_recipient_and_a_reset(void **state)
{
        assert_int_equal(PARSE("--generate", "--recipient", "cert.pem", "alice"), 0);
        assert_true(o.generate);
        assert_string_equal(o.recipient, "cert.pem");
        assert_int_equal(PARSE("--recipient=cert.pem", "--expire", "--json", "--generate", "alice"), 0);
        assert_true(o.generate && o.expire && o.json);

        assert_int_equal(PARSE("--generate", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--generate needs --recipient FILE"));
        assert_int_equal(PARSE("--recipient", "cert.pem", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--recipient goes with --generate"));
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--check", "alice"), -EINVAL);
        assert_non_null(strstr(err, "not with --check"));
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--doctor"), -EINVAL);
        assert_non_null(strstr(err, "not with --doctor"));
        assert_int_equal(PARSE("--batch", "--generate"), -EINVAL);
        assert_non_null(strstr(err, "in the request"));
        assert_int_equal(PARSE("--batch", "--recipient", "c"), -EINVAL);
        assert_int_equal(PARSE("--generate", "--recipient=", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--recipient takes the file of a certificate"));
        assert_int_equal(PARSE("alice", "--generate", "--recipient"), -EINVAL); /* value missing */
        assert_int_equal(PARSE("--generate", "--recipient", "a.pem", "--recipient", "b.pem", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--recipient given twice"));
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--tries", "3", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--tries is for typed passwords: --generate asks for none"));
        assert_int_equal(PARSE("--timeout=5", "--generate", "--recipient", "c", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--timeout is for typed passwords"));
}

static void cipher_and_encoding_go_with_generate(void **state)
{
        assert_int_equal(PARSE("--generate", "--recipient", "c", "alice"), 0);
        assert_int_equal(o.format.cipher, RECIPIENT_AES_256_CBC); /* EnvelopedData unless asked */
        assert_int_equal(o.format.encoding, RECIPIENT_PEM);
        assert_int_equal(
                PARSE("--generate", "--recipient", "c", "--cipher", "aes-256-gcm", "--encoding=base64", "alice"), 0);
        assert_int_equal(o.format.cipher, RECIPIENT_AES_256_GCM);
        assert_int_equal(o.format.encoding, RECIPIENT_BASE64);
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--cipher=aes-256-cbc", "--encoding", "pem", "alice"),
                         0);
        assert_int_equal(o.format.cipher, RECIPIENT_AES_256_CBC);
        assert_int_equal(o.format.encoding, RECIPIENT_PEM);

        assert_int_equal(PARSE("--generate", "--recipient", "c", "--cipher", "aes-128-cbc", "alice"), -EINVAL);
        assert_string_equal(err, "--cipher takes aes-256-cbc or aes-256-gcm");
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--cipher", "AES-256-GCM", "alice"), -EINVAL);
        assert_int_equal(PARSE("--generate", "--recipient", "c", "alice", "--cipher"), -EINVAL); /* value missing */
        assert_string_equal(err, "--cipher takes aes-256-cbc or aes-256-gcm");
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--encoding", "der", "alice"), -EINVAL);
        assert_string_equal(err, "--encoding takes pem or base64");
        assert_int_equal(
                PARSE("--generate", "--recipient", "c", "--cipher", "aes-256-gcm", "--cipher", "aes-256-cbc", "alice"),
                -EINVAL);
        assert_string_equal(err, "--cipher given twice");
        assert_int_equal(PARSE("--generate", "--recipient", "c", "--encoding", "pem", "--encoding=pem", "alice"),
                         -EINVAL);
        assert_string_equal(err, "--encoding given twice");
        assert_int_equal(PARSE("--cipher", "aes-256-gcm", "alice"), -EINVAL);
        assert_string_equal(err, "--cipher goes with --generate");
        assert_int_equal(PARSE("--check", "--encoding", "base64", "alice"), -EINVAL);
        assert_string_equal(err, "--encoding goes with --generate");
        assert_int_equal(PARSE("--batch", "--cipher", "aes-256-gcm"), -EINVAL);
        assert_string_equal(
                err, "--batch takes \"generate\", \"passphrase\", \"recipient\", \"cipher\" and \"encoding\" in the "
                     "request");
}

static void passphrase_goes_with_generate(void **state)
{
        assert_int_equal(PARSE("--generate", "--passphrase", "--recipient", "c.pem", "alice"), 0);
        assert_true(o.passphrase && o.generate);
        assert_int_equal(PARSE("--passphrase", "alice"), -EINVAL);
        assert_string_equal(err, "--passphrase goes with --generate");
        assert_int_equal(PARSE("--batch", "--passphrase"), -EINVAL);
        assert_non_null(strstr(err, "\"passphrase\""));
}

static void break_glass_takes_seconds_and_goes_with_a_reset(void **state)
{
        assert_int_equal(PARSE("--break-glass", "3600", "--end-sessions", "alice"), 0);
        assert_int_equal(o.break_glass_s, 3600);
        assert_true(o.end_sessions);
        assert_int_equal(PARSE("--generate", "--recipient", "c.pem", "--break-glass=1", "alice"), 0);
        assert_int_equal(o.break_glass_s, 1);
        assert_int_equal(PARSE("--break-glass", "86400", "alice"), 0);
        for (size_t i = 0; i < 6; i++) {
                static const char *const bad[] = { "0", "86401", "-1", "1h", "", "99999999999999999999" };
                char arg[64];
                snprintf(arg, sizeof arg, "--break-glass=%s", bad[i]);
                assert_int_equal(PARSE(arg, "alice"), -EINVAL);
                assert_string_equal(err, "--break-glass takes a number of seconds from 1 to 86400");
        }
        assert_int_equal(PARSE("--check", "--break-glass", "60", "alice"), -EINVAL);
        assert_non_null(strstr(err, "--break-glass goes with a reset"));
        assert_int_equal(PARSE("--batch", "--break-glass", "60"), -EINVAL);
        assert_non_null(strstr(err, "\"break_glass\" in the request"));
        assert_int_equal(PARSE("--end-sessions", "alice"), -EINVAL);
        assert_string_equal(err, "--end-sessions goes with --break-glass");
}

static void the_modes_ssmreset_runs_itself(void **state)
{
        assert_int_equal(PARSE("--session-opened", "--pam-service", "sshd", "--pam-tty=/dev/pts/0", "--pam-rhost",
                               "10.0.0.5", "--", "alice"),
                         0);
        assert_true(o.session_opened);
        assert_string_equal(o.trigger.service, "sshd");
        assert_string_equal(o.trigger.tty, "/dev/pts/0");
        assert_string_equal(o.trigger.rhost, "10.0.0.5");
        assert_int_equal(PARSE("--session-opened", "alice"), 0);
        assert_string_equal(o.trigger.service, "");
        assert_int_equal(PARSE("--scramble", "--scramble-id", "0123456789abcdef", "alice"), 0);
        assert_true(o.scramble);
        assert_string_equal(o.scramble_id, "0123456789abcdef");

        assert_int_equal(PARSE("--scramble", "alice"), -EINVAL);
        assert_string_equal(err, "--scramble needs --scramble-id");
        assert_int_equal(PARSE("--scramble-id", "0123456789abcdef", "alice"), -EINVAL);
        assert_string_equal(err, "--scramble-id goes with --scramble");
        assert_int_equal(PARSE("--scramble", "--scramble-id", "0123456789ABCDEF", "alice"), -EINVAL);
        assert_string_equal(err, "--scramble-id takes 16 lowercase hex digits");
        assert_int_equal(PARSE("--scramble", "--scramble-id", "0123456789abcde", "alice"), -EINVAL);
        assert_int_equal(PARSE("--pam-service", "sshd", "alice"), -EINVAL);
        assert_string_equal(err, "--pam-service goes with --session-opened");
        assert_int_equal(PARSE("--session-opened", "--pam-rhost", "a b", "alice"), -EINVAL);
        assert_string_equal(err, "--pam-rhost takes 1 to 64 of the characters A-Z a-z 0-9 . _ : / @ -");
        assert_int_equal(PARSE("--session-opened", "--pam-tty", "$(id)", "alice"), -EINVAL);
        assert_int_equal(PARSE("--session-opened", "--scramble", "--scramble-id", "0123456789abcdef", "alice"),
                         -EINVAL);
        assert_int_equal(PARSE("--session-opened", "--generate", "--recipient", "c.pem", "alice"), -EINVAL);
        assert_non_null(strstr(err, "is what ssmreset itself runs"));
        assert_int_equal(PARSE("--scramble", "--scramble-id", "0123456789abcdef", "--json", "alice"), -EINVAL);
        assert_int_equal(PARSE("--scramble", "--scramble-id", "0123456789abcdef", "--tries", "2", "alice"), -EINVAL);
        assert_int_equal(PARSE("--session-opened"), -EINVAL);
        assert_string_equal(err, "no user name given");
}

static void help_and_version_need_no_user(void **state)
{
        assert_int_equal(PARSE("--help"), 0);
        assert_true(o.help);
        assert_int_equal(PARSE("-V"), 0);
        assert_true(o.version);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(defaults),
                cmocka_unit_test(options_with_and_without_equals),
                cmocka_unit_test(double_dash_ends_options),
                cmocka_unit_test(bad_numbers),
                cmocka_unit_test(bad_session_tokens),
                cmocka_unit_test(usage_errors),
                cmocka_unit_test(cipher_and_encoding_go_with_generate),
                cmocka_unit_test(generate_needs_a_recipient_and_a_reset),
                cmocka_unit_test(passphrase_goes_with_generate),
                cmocka_unit_test(break_glass_takes_seconds_and_goes_with_a_reset),
                cmocka_unit_test(the_modes_ssmreset_runs_itself),
                cmocka_unit_test(help_and_version_need_no_user),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
