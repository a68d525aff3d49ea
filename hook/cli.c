/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cms-format.h"
#include "errmsg.h"
#include "session-id.h"

static int parse_uint(const char *s, unsigned min, unsigned max, unsigned *ret)
{
        char *end;
        unsigned long v;

        if (*s < '0' || *s > '9')
                return -EINVAL;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno || *end || v < min || v > max)
                return -EINVAL;
        *ret = (unsigned) v;
        return 0;
}

/* Matches "--name value" and "--name=value"; advances *i past the value. */
static int option_value(int argc, char *const *argv, int *i, const char *name, const char **ret)
{
        const char *a = argv[*i];
        size_t n = strlen(name);

        if (strncmp(a, name, n) != 0)
                return 0;
        if (a[n] == '=') {
                *ret = a + n + 1;
                return 1;
        }
        if (a[n] != '\0')
                return 0;
        if (*i + 1 >= argc)
                return -1;
        *ret = argv[++*i];
        return 1;
}

int cli_parse(int argc, char *const *argv, struct cli_options *ret, char *err, size_t errlen)
{
        struct cli_options o = {
                .tries = CLI_TRIES_DEFAULT,
                .timeout_s = CLI_TIMEOUT_DEFAULT,
        };
        bool options_done = false;
        const char *prompt_option = NULL; /* --tries or --timeout, when given */
        const char *format_option = NULL; /* --cipher or --encoding, when given */
        bool cipher_given = false, encoding_given = false;

        for (int i = 1; i < argc; i++) {
                const char *a = argv[i], *v = NULL;
                int m;

                if (options_done || a[0] != '-' || a[1] == '\0') {
                        if (o.username)
                                return errmsg(err, errlen, "only one user name may be given (also got '%s')", a);
                        o.username = a;
                        continue;
                }
                if (strcmp(a, "--") == 0) {
                        options_done = true;
                        continue;
                }
                if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                        o.help = true;
                        continue;
                }
                if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
                        o.version = true;
                        continue;
                }
                if (strcmp(a, "--check") == 0) {
                        o.check = true;
                        continue;
                }
                if (strcmp(a, "--batch") == 0) {
                        o.batch = true;
                        continue;
                }
                if (strcmp(a, "--doctor") == 0) {
                        o.doctor = true;
                        continue;
                }
                if (strcmp(a, "--json") == 0) {
                        o.json = true;
                        continue;
                }
                if (strcmp(a, "--expire") == 0) {
                        o.expire = true;
                        continue;
                }
                if (strcmp(a, "--generate") == 0) {
                        o.generate = true;
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--recipient", &v)) != 0) {
                        if (m < 0 || !*v)
                                return errmsg(err, errlen, "--recipient takes the file of a certificate");
                        if (o.recipient)
                                return errmsg(err, errlen, "--recipient given twice");
                        o.recipient = v;
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--cipher", &v)) != 0) {
                        if (m < 0 || cms_cipher_from_name(v, &o.format.cipher) < 0)
                                return errmsg(err, errlen, "--cipher takes " CMS_CIPHER_NAMES);
                        if (cipher_given)
                                return errmsg(err, errlen, "--cipher given twice");
                        cipher_given = true;
                        format_option = "--cipher";
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--encoding", &v)) != 0) {
                        if (m < 0 || cms_encoding_from_name(v, &o.format.encoding) < 0)
                                return errmsg(err, errlen, "--encoding takes " CMS_ENCODING_NAMES);
                        if (encoding_given)
                                return errmsg(err, errlen, "--encoding given twice");
                        encoding_given = true;
                        format_option = "--encoding";
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--tries", &v)) != 0) {
                        if (m < 0 || parse_uint(v, 1, CLI_TRIES_MAX, &o.tries) < 0)
                                return errmsg(err, errlen, "--tries takes a number from 1 to 10");
                        prompt_option = "--tries";
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--timeout", &v)) != 0) {
                        if (m < 0 || parse_uint(v, 0, CLI_TIMEOUT_MAX, &o.timeout_s) < 0)
                                return errmsg(err, errlen, "--timeout takes a number of seconds from 0 to 86400");
                        prompt_option = "--timeout";
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--session-id", &v)) != 0) {
                        if (m < 0 || !session_token_valid(v))
                                return errmsg(
                                        err, errlen,
                                        "--session-id takes 1 to 256 of the characters A-Z a-z 0-9 + = , . @ _ -");
                        o.session_id = v;
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--requester", &v)) != 0) {
                        if (m < 0 || !session_token_valid(v))
                                return errmsg(err, errlen,
                                              "--requester takes 1 to 256 of the characters A-Z a-z 0-9 + = , . @ _ -");
                        o.requester = v;
                        continue;
                }
                return errmsg(err, errlen, "unknown option '%s'", a);
        }
        if (o.help || o.version) {
                *ret = o;
                return 0;
        }
        if ((o.batch + o.doctor + o.check) > 1)
                return errmsg(err, errlen, "--batch, --check and --doctor exclude each other");
        if ((o.batch || o.doctor) && o.username)
                return errmsg(err, errlen, "--%s takes no user name (got '%s')", o.batch ? "batch" : "doctor",
                              o.username);
        if (o.generate && (o.check || o.doctor))
                return errmsg(err, errlen, "--generate goes with a reset, not with --%s", o.check ? "check" : "doctor");
        if (o.batch && (o.generate || o.recipient || format_option))
                return errmsg(err, errlen,
                              "--batch takes \"generate\", \"recipient\", \"cipher\" and \"encoding\" in the request");
        if (o.generate && !o.recipient)
                return errmsg(err, errlen,
                              "--generate needs --recipient FILE, the certificate the password is "
                              "encrypted to");
        if (o.recipient && !o.generate)
                return errmsg(err, errlen, "--recipient goes with --generate");
        if (format_option && !o.generate)
                return errmsg(err, errlen, "%s goes with --generate", format_option);
        if (o.generate && prompt_option)
                return errmsg(err, errlen, "%s is for typed passwords: --generate asks for none", prompt_option);
        if (!o.username && !o.batch && !o.doctor)
                return errmsg(err, errlen, "no user name given");
        *ret = o;
        return 0;
}
