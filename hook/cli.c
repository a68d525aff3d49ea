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

/* A PAM item as the session module hands it over: 1 to CLI_PAM_ITEM_MAX of
 * A-Z a-z 0-9 . _ : / @ - (a service, a tty, a host name or address). */
static bool pam_item_valid(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > CLI_PAM_ITEM_MAX)
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      strchr("._:/@-", *s)))
                        return false;
        return true;
}

static bool scramble_id_valid(const char *s)
{
        if (strlen(s) != CLI_SCRAMBLE_ID_LEN)
                return false;
        for (; *s; s++)
                if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
                        return false;
        return true;
}

int cli_parse(int argc, char *const *argv, struct cli_options *ret, char *err, size_t errlen)
{
        struct cli_options o = {
                .tries = CLI_TRIES_DEFAULT,
                .timeout_s = CLI_TIMEOUT_DEFAULT,
                .trigger = { "", "", "" },
        };
        const char *trigger_option = NULL; /* --pam-service, --pam-tty or --pam-rhost, when given */
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
                if (strcmp(a, "--passphrase") == 0) {
                        o.passphrase = true;
                        continue;
                }
                if (strcmp(a, "--end-sessions") == 0) {
                        o.end_sessions = true;
                        continue;
                }
                if (strcmp(a, "--session-opened") == 0) {
                        o.session_opened = true;
                        continue;
                }
                if (strcmp(a, "--scramble") == 0) {
                        o.scramble = true;
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--break-glass", &v)) != 0) {
                        if (m < 0 || parse_uint(v, 1, BREAK_GLASS_GRACE_MAX, &o.break_glass_s) < 0)
                                return errmsg(err, errlen, "--break-glass takes a number of seconds from 1 to %d",
                                              BREAK_GLASS_GRACE_MAX);
                        continue;
                }
                if ((m = option_value(argc, argv, &i, "--scramble-id", &v)) != 0) {
                        if (m < 0 || !scramble_id_valid(v))
                                return errmsg(err, errlen, "--scramble-id takes %d lowercase hex digits",
                                              CLI_SCRAMBLE_ID_LEN);
                        o.scramble_id = v;
                        continue;
                }
                {
                        static const char *const items[] = { "--pam-service", "--pam-tty", "--pam-rhost" };
                        const char **slots[] = { &o.trigger.service, &o.trigger.tty, &o.trigger.rhost };
                        bool matched = false;

                        for (size_t k = 0; k < 3 && !matched; k++) {
                                if ((m = option_value(argc, argv, &i, items[k], &v)) == 0)
                                        continue;
                                if (m < 0 || !pam_item_valid(v))
                                        return errmsg(err, errlen,
                                                      "%s takes 1 to %d of the characters A-Z a-z 0-9 . _ : / @ -",
                                                      items[k], CLI_PAM_ITEM_MAX);
                                *slots[k] = v;
                                trigger_option = items[k];
                                matched = true;
                        }
                        if (matched)
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
        if ((o.session_opened || o.scramble) &&
            (o.session_opened + o.scramble + o.batch + o.doctor + o.check + o.generate + o.expire > 1 ||
             o.break_glass_s || o.json))
                return errmsg(err, errlen, "--%s is what ssmreset itself runs (%s), with a user name alone",
                              o.scramble ? "scramble" : "session-opened",
                              o.scramble ? "the scramble's timer" : "pam_ssmreset.so's session line");
        if (o.scramble != (o.scramble_id != NULL))
                return errmsg(err, errlen,
                              o.scramble ? "--scramble needs --scramble-id" : "--scramble-id goes with --scramble");
        if (trigger_option && !o.session_opened)
                return errmsg(err, errlen, "%s goes with --session-opened", trigger_option);
        if (o.break_glass_s && (o.check || o.doctor || o.batch))
                return errmsg(err, errlen,
                              "--break-glass goes with a reset (with --batch: \"break_glass\" in the request)");
        if (o.end_sessions && !o.break_glass_s)
                return errmsg(err, errlen, "--end-sessions goes with --break-glass");
        if ((o.batch || o.doctor) && o.username)
                return errmsg(err, errlen, "--%s takes no user name (got '%s')", o.batch ? "batch" : "doctor",
                              o.username);
        if (o.generate && (o.check || o.doctor))
                return errmsg(err, errlen, "--generate goes with a reset, not with --%s", o.check ? "check" : "doctor");
        if (o.batch && (o.generate || o.passphrase || o.recipient || format_option))
                return errmsg(err, errlen,
                              "--batch takes \"generate\", \"passphrase\", \"recipient\", \"cipher\" and "
                              "\"encoding\" in the request");
        if (o.passphrase && !o.generate)
                return errmsg(err, errlen, "--passphrase goes with --generate");
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
        if ((o.session_opened || o.scramble) && prompt_option)
                return errmsg(err, errlen, "%s is for typed passwords", prompt_option);
        if (!o.username && !o.batch && !o.doctor)
                return errmsg(err, errlen, "no user name given");
        *ret = o;
        return 0;
}
