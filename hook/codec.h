/* SPDX-License-Identifier: Apache-2.0 */
/* The machine interface: one JSON request in (--batch), one JSON result out
 * (--json). The only file that talks to json-c is codec-json.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "doctor-report.h"
#include "os/recipient.h"
#include "result.h"

#define CODEC_VERSION 1
#define CODEC_REQUEST_MAX (64 * 1024)
/* Longest recipient certificate in a request (PEM). */
#define CODEC_RECIPIENT_MAX 16384

struct batch_request {
        char *username; /* malloc'ed; may hold a NUL: see username_len */
        size_t username_len;
        char *password; /* secure memory, PASSWORD_BUFFER_SIZE bytes */
        size_t password_len;
        bool expire;
        char *session_id;               /* NULL when absent */
        char *requester;                /* NULL when absent */
        bool generate;                  /* make the password on the host (password absent, recipient present) */
        bool passphrase;                /* with generate: words, not characters (passphrase.h) */
        unsigned break_glass_s;         /* "break_glass": the grace period in seconds; 0: not asked */
        bool end_sessions;              /* "end_sessions": the scramble also ends the account's sessions */
        char *recipient;                /* the PEM certificate to encrypt it to; NULL when absent */
        struct recipient_format format; /* "cipher" and "encoding" (default: aes-256-cbc, pem) */
};

/* Parses {"version":1,"username":...,"password":...,"expire":...,
 * "session_id":...,"requester":...} or, instead of "password",
 * "generate":true with "recipient":"<PEM certificate>" and optionally
 * "passphrase" (true, false), "cipher" ("aes-256-cbc", "aes-256-gcm") and
 * "encoding" ("pem", "base64"); with either, optionally "break_glass" (1 to
 * BREAK_GLASS_GRACE_MAX seconds) and "end_sessions" (true, false), strictly: unknown fields, wrong types,
 * duplicate keys, NUL bytes, nesting, invalid UTF-8, trailing text and
 * anything over CODEC_REQUEST_MAX are refused with a message in err that
 * names the problem. Every copy of the password json-c made is wiped.
 * Returns 0 or -EINVAL (-ENOMEM). */
int codec_parse_request(const char *buf, size_t len, struct batch_request *ret, char *err, size_t errlen);
void batch_request_free(struct batch_request *r);
/* Wipes and frees the password alone, as soon as the reset is over: the rest
 * of the request is still needed for the record and the result. */
void batch_request_drop_password(struct batch_request *r);

struct result_doc {
        const char *mode; /* "reset", "check", "batch", "doctor"; "usage": a command line that cannot run */
        enum ssr_status status;
        int exit_status;
        const char *username; /* NULL: none given */
        const char *reason;
        char *const *messages; /* what the OS's machinery said, in order */
        size_t n_messages;
        bool changed;     /* the account's password is another than before the run */
        bool rolled_back; /* what a failed try had written was put back */
        bool verified, expired, faillock_cleared;
        bool pending; /* a generated password's ciphertext, before it is set: "status": "PENDING", "exit": null */
        unsigned tries;
        const char *session_id, *requester;
        const char *audit;              /* audit_sink_name(): "journald", "eventlog", "none", ... */
        bool generated;                 /* the password was made on the host */
        const char *recipient;          /* its recipient's SHA-256 fingerprint; NULL: none */
        const char *encrypted_password; /* the CMS (PEM or base64), only once CHANGED; NULL: none */
        unsigned break_glass;           /* the password is armed to close this many seconds after its first
                                         * session (os/break-glass.h); 0: not */
        bool scramble_cancelled;        /* a pending scramble of the account was cancelled by this reset */
        const struct doctor_check *checks;
        size_t n_checks;
        bool ready; /* doctor */
};

/* One JSON object and a newline. Returns 0 or -EIO. */
int codec_write_result(FILE *f, const struct result_doc *doc);
/* The same, as a string (malloc'ed, in *ret). Returns 0 or -ENOMEM. */
int codec_result_text(const struct result_doc *doc, char **ret);
