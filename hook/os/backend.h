/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: the account backend, the heart of the interface between the
 * portable program and an OS (PAM on Linux: linux/backend-pam.c; NetUser and
 * LSA on Windows: win32/backend-win32.c). The backend does the OS work;
 * everything it has to say to the person goes through the conversation. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "result.h"
#include "username.h"

struct ssr_conv {
        /* Asks the person. Secret answers live in secure memory and are
         * released with answer_free(). Returns 0 or -errno (the person gave
         * no answer: end of input, time-out, signal). */
        int (*ask)(void *userdata, const char *prompt, bool secret, char **ret_answer, size_t *ret_len);
        void (*answer_free)(void *userdata, char *answer);
        /* Shows a message of the OS's as it is. */
        void (*say)(void *userdata, const char *message, bool is_error);
        void *userdata;
};

struct ssr_request {
        const char *username;   /* checked by username_check() */
        unsigned tries;         /* at least 1 */
        const char *session_id; /* "" when unknown */
        const char *requester;  /* "" when unknown */
        bool expire;            /* the new password must be changed at next login */
        bool check_only;        /* decide only: prompt for nothing, change nothing */
        bool generated;         /* the password given is made from the OS's CSPRNG (--generate): it cannot
                                 * be the current or an old one, and no hash is spent on showing so */
        unsigned break_glass_s; /* arm the new password to close this many seconds after its first session
                                 * (os/break-glass.h; the local policy may ask a shorter time); 0: not asked */
        bool end_sessions;      /* the scramble that closes it also ends the account's sessions */
        /* A scramble (--scramble): the password given is never delivered, and
         * the account must still have what it had stored when the scramble
         * was scheduled, which the OS knows by this token (Linux: the SHA-256
         * of the stored hash), checked just before the store under the lock
         * every writer takes. NULL: an ordinary reset. */
        const char *expect_stored;
};

struct ssr_outcome {
        enum ssr_status status;
        char reason[512];      /* for people; empty on success */
        bool changed;          /* the account's stored password is now another than before the run (on
                                * success, and when what the OS wrote could not be put back) */
        bool rolled_back;      /* the OS had written something of a failed try, and it was put back */
        bool verified;         /* the stored hash matches the new password */
        bool expired;          /* the new password was set to expire */
        bool faillock_cleared; /* the failed-login tally was cleared */
        unsigned tries_used;
        int conv_error;          /* with SSR_ABORTED: what ask() returned */
        unsigned break_glass_s;  /* the new password closes this many seconds after its first session; 0: not */
        bool scramble_cancelled; /* a pending scramble of the account was cancelled by this reset */
        bool sessions_ended;     /* a scramble ended the account's sessions */
};

/* The names this backend resolves. */
extern const enum username_flavor backend_username_flavor;

/* Is there such an account, as the system's name service sees it?
 * SSR_CHANGED means yes; otherwise out says why not. */
enum ssr_status backend_find_account(const char *username, struct ssr_outcome *out);

/* --generate: makes a new password for username from the OS's CSPRNG, of
 * at least GENERATE_MIN_LENGTH characters and GENERATE_MIN_ENTROPY_BITS bits
 * (generate.h), that the local policy accepts: on Linux every pwquality
 * setting in force for the service, checked by libpwquality; on Windows the
 * SAM's minimum length and complexity rule. Into buf (n bytes of secure
 * memory, PASSWORD_BUFFER_SIZE). Returns 0, or -errno with out's status
 * (SYSTEM_ERROR) and reason set. */
int backend_generate_password(const char *username, char *buf, size_t n, struct ssr_outcome *out);

/* --generate --passphrase: the same, as words (passphrase.h) joined by '-',
 * with what the local policy asks on top (a capital, digits), of at least
 * GENERATE_MIN_ENTROPY_BITS bits counting the words alone. A policy no
 * passphrase can keep is SYSTEM_ERROR, never a password of another kind. */
int backend_generate_passphrase(const char *username, char *buf, size_t n, struct ssr_outcome *out);

/* Runs the reset with up to req->tries passwords, or with req->check_only
 * only the decision (SSR_ALLOWED or the code a reset would get). Always
 * fills out. */
void backend_reset(const struct ssr_request *req, const struct ssr_conv *conv, struct ssr_outcome *out);
