/* SPDX-License-Identifier: Apache-2.0 */
/* The command line. Pure parsing: no I/O, no globals, safe to fuzz. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "os/recipient.h"

#define CLI_TRIES_DEFAULT 3
#define CLI_TRIES_MAX 10
#define CLI_TIMEOUT_DEFAULT 120
#define CLI_TIMEOUT_MAX 86400

struct cli_options {
        const char *username; /* points into argv */
        unsigned tries;
        unsigned timeout_s;             /* per prompt; 0: no limit */
        const char *session_id;         /* NULL: find it */
        const char *requester;          /* NULL: derive it */
        bool check;                     /* decide only */
        bool batch;                     /* one JSON request on stdin, no prompts */
        bool doctor;                    /* readiness report */
        bool json;                      /* the result as one JSON object on stdout */
        bool expire;                    /* expire the new password */
        bool generate;                  /* make the password on the host */
        const char *recipient;          /* --generate: the certificate file it is encrypted to */
        struct recipient_format format; /* --generate: --cipher and --encoding (default: aes-256-cbc, pem) */
        bool help;
        bool version;
};

/* Returns 0, or -EINVAL with a message for people in err. */
int cli_parse(int argc, char *const *argv, struct cli_options *ret, char *err, size_t errlen);
