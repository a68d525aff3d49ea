/* SPDX-License-Identifier: Apache-2.0 */
/* The Linux backend: the reset as a PAM transaction. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "os/backend.h"
#include "result.h"

struct pam_handle;
struct pam_message;
struct pam_response;

/* How a pam_chauthtok() return value reads as a result; *retry says whether
 * another password may be offered. Exposed for tests. */
enum ssr_status backend_status_from_pam(int pam_rc, bool *retry);

/* Is the ssmreset service's PAM file missing or unreadable? Then out is a
 * SYSTEM_ERROR that names it and the fix, and the answer true. */
bool backend_pam_service_missing(struct ssr_outcome *out);

/* What the PAM conversation of one reset keeps between calls. Exposed, with
 * the conversation function, so that tests and fuzzers can play PAM. */
struct conv_state {
        const struct ssr_conv *conv;
        struct pam_handle *pamh; /* to see SSMRESET_ACCEPTED; NULL: never refuse for it */
        char *last_secret;       /* secure copy of the last hidden answer: the new password */
        size_t last_secret_size;
        int error;                    /* first ask() failure: the person gave no answer */
        bool check_only;              /* refuse every prompt: decide, change nothing */
        bool reached_prompt;          /* with check_only: the stack got as far as asking */
        bool asked_again;             /* a prompt came after pam_ssmreset.so accepted the password: refused */
        unsigned errors_after_accept; /* error messages the stack gave after that */
        char last_error[512];         /* the stack's last error message: a refusal's reason */
};

/* The pam_conv function; appdata is a struct conv_state whose conv is set.
 * The caller frees last_secret with secmem_free(last_secret, last_secret_size). */
int backend_pam_conversation(int n, const struct pam_message **msg, struct pam_response **ret, void *appdata);
