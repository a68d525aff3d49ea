/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
        assert_string_equal(err, "--batch takes \"generate\", \"recipient\", \"cipher\" and \"encoding\" in the "
                                 "request");
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
                cmocka_unit_test(help_and_version_need_no_user),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
