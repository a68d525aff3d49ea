/* SPDX-License-Identifier: Apache-2.0 */
/* The command line. Pure parsing: no I/O, no globals, safe to fuzz. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "os/break-glass.h"
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
        bool passphrase;                /* --generate: words (passphrase.h), not characters */
        const char *recipient;          /* --generate: the certificate file it is encrypted to */
        struct recipient_format format; /* --generate: --cipher and --encoding (default: aes-256-cbc, pem) */
        unsigned break_glass_s;         /* --break-glass: grace period in seconds; 0: not asked */
        bool end_sessions;              /* --end-sessions: the scramble also ends the account's sessions */
        /* Modes ssmreset runs itself (os/break-glass.h): */
        bool session_opened;                /* --session-opened USER, from pam_ssmreset.so's session line */
        struct break_glass_trigger trigger; /* --pam-service, --pam-tty, --pam-rhost; "" when not given */
        bool scramble;                      /* --scramble USER, from the timer */
        const char *scramble_id;            /* --scramble-id: which scheduled scramble */
        bool help;
        bool version;
};

/* 16 lowercase hex digits: the id of a scheduled scramble. */
#define CLI_SCRAMBLE_ID_LEN 16
/* The longest PAM item (service, tty, remote host) --session-opened takes. */
#define CLI_PAM_ITEM_MAX 64

/* Returns 0, or -EINVAL with a message for people in err. */
int cli_parse(int argc, char *const *argv, struct cli_options *ret, char *err, size_t errlen);
