/* SPDX-License-Identifier: Apache-2.0 */
/* cli_parse() over an argv made of the input split at NUL bytes, with
 * "ssmreset" as argv[0]. Every argument is its own exact-size allocation, so
 * reading past one is an ASan report. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "cli.h"
#include "session-id.h"

static const struct cli_options untouched = { .username = "untouched", .tries = 999 };

static void check_err(const char *err, size_t errlen)
{
        if (errlen == 0)
                return;
        CHECK(memchr(err, '\0', errlen));
        if (errlen > 1)
                CHECK(err[0] != '\0'); /* a failure always says why */
}

static int parse(int argc, char **argv, size_t errlen, struct cli_options *o)
{
        char *err = malloc(errlen ? errlen : 1);
        int r;

        CHECK(err);
        *o = untouched;
        r = cli_parse(argc, argv, o, err, errlen);
        CHECK(r == 0 || r == -EINVAL);
        if (r < 0) {
                check_err(err, errlen);
                CHECK(memcmp(o, &untouched, sizeof *o) == 0); /* ret untouched on failure */
        }
        free(err);
        return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        int argc = 1;
        char **argv;
        struct cli_options o, o2;
        int r;

        for (size_t i = 0; i < size; i++)
                if (data[i] == '\0')
                        argc++;
        argc += size > 0;
        if (size > 0 && data[size - 1] == '\0')
                argc--; /* a trailing NUL ends the last argument */
        argv = calloc((size_t) argc + 1, sizeof *argv);
        CHECK(argv);
        argv[0] = strdup("ssmreset");
        for (size_t i = 0, a = 1; i < size; a++) {
                const uint8_t *nul = memchr(data + i, '\0', size - i);
                size_t len = nul ? (size_t) (nul - (data + i)) : size - i;

                CHECK(a < (size_t) argc);
                argv[a] = malloc(len + 1);
                CHECK(argv[a]);
                memcpy(argv[a], data + i, len);
                argv[a][len] = '\0';
                i += len + 1;
        }

        r = parse(argc, argv, 512, &o);
        /* The same answer whatever room there is for the message. */
        CHECK(parse(argc, argv, 0, &o2) == r);
        CHECK(parse(argc, argv, 1, &o2) == r);
        CHECK(parse(argc, argv, 7, &o2) == r);
        if (r == 0) {
                CHECK(memcmp(&o, &o2, sizeof o) == 0);
                CHECK(o.tries >= 1 && o.tries <= CLI_TRIES_MAX);
                CHECK(o.timeout_s <= CLI_TIMEOUT_MAX);
                if (!o.help && !o.version) {
                        /* One mode at most; a user name exactly when the mode needs one. */
                        CHECK(o.batch + o.doctor + o.check <= 1);
                        CHECK(!o.username == (o.batch || o.doctor));
                }
                CHECK(!o.session_id || session_token_valid(o.session_id));
                CHECK(!o.requester || session_token_valid(o.requester));
                if (o.username) {
                        /* The name is one whole argument, not a piece of one. */
                        int found = 0, dashdash = 0;

                        for (int i = 1; i < argc; i++) {
                                if (argv[i] == o.username) {
                                        found = 1;
                                        break;
                                }
                                if (strcmp(argv[i], "--") == 0)
                                        dashdash = 1;
                        }
                        CHECK(found);
                        /* An option never becomes the user name by accident. */
                        if (o.username[0] == '-' && o.username[1] != '\0')
                                CHECK(dashdash);
                }
        }
        for (int i = 0; i < argc; i++)
                free(argv[i]);
        free(argv);
        return 0;
}
