/* The Linux backend: looks the account up through NSS, changes the password
 * with pam_chauthtok() on the ssmreset service, then checks the stored hash.
 * Its libpam calls go through pam-client.h; what it tells pam_ssmreset.so
 * and hears back follows common/pam-protocol.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account-nss.h"
#include "backend-pam.h"
#include "os/backend.h"
#include "os/secmem.h"
#include "pam-client.h"
#include "pam-protocol.h"
#include "tries.h"
#include "verify-crypt.h"

/* The modules and the libraries under them (cracklib through libpwquality,
 * libxcrypt) copy the password into stack frames that are dead, not wiped,
 * once pam_chauthtok() returns, and later calls may never reach that deep
 * again. Overwriting the stack below the caller's frame clears them, as
 * libgcrypt's burn_stack does; 128 KiB is more than the whole stack a reset
 * uses. */
#define DEAD_STACK_SIZE (128 * 1024)

/* Not instrumented: AddressSanitizer's detect_stack_use_after_return would
 * move area off the real stack, where the uninstrumented libraries' frames
 * were. */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize)
__attribute__((no_sanitize("address")))
#endif
#endif
static __attribute__((noinline)) void
wipe_dead_stack(void)
{
        char area[DEAD_STACK_SIZE];

        secure_wipe(area, sizeof area);
}

const enum username_flavor backend_username_flavor = USERNAME_POSIX;

static void forget_secret(struct conv_state *cs)
{
        secmem_free(cs->last_secret, cs->last_secret_size);
        cs->last_secret = NULL;
        cs->last_secret_size = 0;
}

static void drop_responses(struct pam_response *resp, int n)
{
        for (int i = 0; i < n; i++)
                if (resp[i].resp) {
                        secure_wipe(resp[i].resp, strlen(resp[i].resp));
                        free(resp[i].resp);
                }
        free(resp);
}

/* Answers one prompt. PAM frees the response with free(), so it must be a
 * plain heap copy; the modules wipe it before they free it. */
static int answer(struct conv_state *cs, const struct pam_message *m, struct pam_response *resp)
{
        bool secret = m->msg_style == PAM_PROMPT_ECHO_OFF;
        char *a = NULL;
        size_t len = 0;
        int r;

        if (cs->check_only) {
                cs->reached_prompt = true;
                return PAM_CONV_ERR;
        }
        r = cs->conv->ask(cs->conv->userdata, m->msg ? m->msg : "", secret, &a, &len);
        if (r < 0) {
                if (!cs->error)
                        cs->error = r;
                return PAM_CONV_ERR;
        }
        resp->resp = malloc(len + 1);
        if (!resp->resp) {
                cs->conv->answer_free(cs->conv->userdata, a);
                return PAM_BUF_ERR;
        }
        memcpy(resp->resp, a, len + 1);
        if (secret) {
                forget_secret(cs);
                cs->last_secret = secmem_alloc(len + 1);
                cs->last_secret_size = len + 1;
                if (!cs->last_secret) {
                        cs->conv->answer_free(cs->conv->userdata, a);
                        return PAM_BUF_ERR;
                }
                memcpy(cs->last_secret, a, len + 1);
        }
        cs->conv->answer_free(cs->conv->userdata, a);
        return PAM_SUCCESS;
}

int backend_pam_conversation(int n, const struct pam_message **msg, struct pam_response **ret, void *appdata)
{
        struct conv_state *cs = appdata;
        struct pam_response *resp;

        if (n <= 0 || n > PAM_MAX_NUM_MSG)
                return PAM_CONV_ERR;
        resp = calloc((size_t) n, sizeof *resp);
        if (!resp)
                return PAM_BUF_ERR;
        for (int i = 0; i < n; i++) {
                int r = PAM_SUCCESS;

                switch (msg[i]->msg_style) {
                case PAM_PROMPT_ECHO_OFF:
                case PAM_PROMPT_ECHO_ON:
                        r = answer(cs, msg[i], &resp[i]);
                        break;
                case PAM_ERROR_MSG:
                        /* With --check, what the stack says after we refused
                         * its prompt is about that refusal, not the account. */
                        if (cs->reached_prompt)
                                break;
                        snprintf(cs->last_error, sizeof cs->last_error, "%s", msg[i]->msg ? msg[i]->msg : "");
                        /* fall through */
                case PAM_TEXT_INFO:
                        if (cs->reached_prompt)
                                break;
                        cs->conv->say(cs->conv->userdata, msg[i]->msg ? msg[i]->msg : "",
                                      msg[i]->msg_style == PAM_ERROR_MSG);
                        break;
                default:
                        r = PAM_CONV_ERR; /* binary prompts: nothing here can answer */
                }
                if (r != PAM_SUCCESS) {
                        drop_responses(resp, n);
                        return r;
                }
        }
        *ret = resp;
        return PAM_SUCCESS;
}

enum ssr_status backend_status_from_pam(int pam_rc, bool *retry)
{
        *retry = false;
        switch (pam_rc) {
        case PAM_SUCCESS:
                return SSR_CHANGED;
        case PAM_AUTHTOK_ERR:          /* quality, history, empty */
        case PAM_AUTHTOK_RECOVERY_ERR: /* retyped password differs */
        case PAM_TRY_AGAIN:
                *retry = true;
                return SSR_PASSWORD_REJECTED;
        case PAM_USER_UNKNOWN:
                return SSR_USER_UNKNOWN;
        case PAM_PERM_DENIED:
        case PAM_ACCT_EXPIRED:
        case PAM_AUTH_ERR:
        case PAM_NEW_AUTHTOK_REQD:
        case PAM_AUTHTOK_DISABLE_AGING:
                return SSR_ACCOUNT_REFUSED;
        default: /* lock busy, module missing, I/O, ... */
                return SSR_SYSTEM_ERROR;
        }
}

__attribute__((format(printf, 2, 3))) static void set_reason(struct ssr_outcome *out, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(out->reason, sizeof out->reason, fmt, ap);
        va_end(ap);
}

enum ssr_status backend_find_account(const char *username, struct ssr_outcome *out)
{
        uid_t uid;
        int r = account_lookup(username, &uid);

        *out = (struct ssr_outcome){ .status = SSR_CHANGED };
        if (r == -ENOENT) {
                out->status = SSR_USER_UNKNOWN;
                set_reason(out, "there is no account named '%s' on this host", username);
        } else if (r < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "cannot look the account up: %s", strerror(-r));
        }
        return out->status;
}

/* After PAM says yes, the stored hash must say so too. */
static void verify(const char *username, const struct conv_state *cs, struct ssr_outcome *out)
{
        char *hash = NULL;
        int r;

        out->os_changed = true;
        if (!cs->last_secret) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "the PAM stack never asked for a new password");
                return;
        }
        r = account_read_hash(username, &hash);
        if (r < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "cannot read the stored password hash back: %s", strerror(-r));
                return;
        }
        r = verify_password_hash(cs->last_secret, hash);
        free(hash);
        if (r == 1) {
                out->verified = true;
                out->status = SSR_CHANGED;
        } else {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "%s",
                           r == 0 ? "the stored password hash does not match the new password" :
                                    "the stored password hash cannot be checked");
        }
}

/* The stack's own words for a refusal, else PAM's name for the code. */
static void reason_from_stack(pam_handle_t *pamh, const struct conv_state *cs, int rc, struct ssr_outcome *out)
{
        set_reason(out, "%s", cs->last_error[0] ? cs->last_error : pamc_strerror(pamh, rc));
}

/* A failed transaction may still have stored the new password (a module
 * after pam_unix failed): find out rather than claim nothing changed. */
static void check_partial_change(const char *username, const struct conv_state *cs, struct ssr_outcome *out)
{
        char *hash = NULL;

        if (!cs->last_secret || account_read_hash(username, &hash) < 0)
                return;
        out->os_changed = verify_password_hash(cs->last_secret, hash) == 1;
        free(hash);
}

static bool env_is(pam_handle_t *pamh, const char *name, const char *value)
{
        const char *v = pamc_getenv(pamh, name);

        return v && strcmp(v, value) == 0;
}

/* Check mode: pam_ssmreset.so's first line decides and says so; the stack
 * ends before anything is asked. The conversation still refuses every
 * prompt, so that a stack without that line changes nothing either. */
static int check(pam_handle_t *pamh, struct conv_state *cs, struct ssr_outcome *out)
{
        bool retry;
        int rc;

        cs->check_only = true;
        if (pamc_putenv(pamh, SSMRESET_ENV_MODE "=" SSMRESET_MODE_CHECK) != PAM_SUCCESS) {
                set_reason(out, "cannot ask the PAM stack for a decision only");
                return PAM_SYSTEM_ERR;
        }
        rc = pamc_chauthtok(pamh, 0);
        if (env_is(pamh, SSMRESET_ENV_DECISION, SSMRESET_DECISION_ALLOWED)) {
                out->status = SSR_ALLOWED;
                return rc;
        }
        out->status = backend_status_from_pam(rc, &retry);
        if (out->status == SSR_CHANGED || cs->reached_prompt) {
                /* Nobody decided: the policy line is missing or out of place. */
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out,
                           "the PAM stack of the service '%s' %s without pam_ssmreset.so deciding: its "
                           "first line is missing or not first (see ssmreset --doctor)",
                           SSMRESET_PAM_SERVICE, cs->reached_prompt ? "asked for a password" : "completed");
        } else
                reason_from_stack(pamh, cs, rc, out);
        return rc;
}

static int reset(pam_handle_t *pamh, const struct ssr_request *req, struct conv_state *cs, struct ssr_outcome *out)
{
        const struct ssr_conv *conv = cs->conv;
        int rc = PAM_SYSTEM_ERR;

        if (req->expire && pamc_putenv(pamh, SSMRESET_ENV_EXPIRE "=" SSMRESET_ENV_YES) != PAM_SUCCESS) {
                set_reason(out, "cannot pass --expire to the PAM stack");
                return rc;
        }
        /* pam_unix asks root for no current password: flags stay 0, never
         * PAM_CHANGE_EXPIRED_AUTHTOK. Each call starts afresh: Linux-PAM
         * clears the tokens of a failed call. */
        for (unsigned attempt = 1; attempt <= req->tries; attempt++) {
                bool retry;

                out->tries_used = attempt;
                forget_secret(cs);
                cs->last_error[0] = '\0';
                rc = pamc_chauthtok(pamh, 0);
                wipe_dead_stack();
                if (cs->error) {
                        out->status = SSR_ABORTED;
                        out->conv_error = cs->error;
                        set_reason(out, "no password was given");
                        break;
                }
                out->status = backend_status_from_pam(rc, &retry);
                if (out->status == SSR_CHANGED) {
                        verify(req->username, cs, out);
                        out->expired = env_is(pamh, SSMRESET_ENV_EXPIRED, SSMRESET_ENV_YES);
                        out->faillock_cleared = env_is(pamh, SSMRESET_ENV_FAILLOCK, SSMRESET_FAILLOCK_CLEARED);
                        break;
                }
                reason_from_stack(pamh, cs, rc, out);
                if (retry && !cs->last_secret) {
                        /* Refused before anyone typed a password: not the
                         * password's fault, and another try would fail alike. */
                        char why[sizeof out->reason];
                        snprintf(why, sizeof why, "%s", out->reason);
                        out->status = SSR_SYSTEM_ERROR;
                        set_reason(out, "the PAM stack failed before asking for a password: %s", why);
                        break;
                }
                if (!retry) {
                        if (out->status == SSR_SYSTEM_ERROR)
                                check_partial_change(req->username, cs, out);
                        break;
                }
                backend_password_refused(conv, attempt, req->tries, out);
        }
        return rc;
}

void backend_reset(const struct ssr_request *req, const struct ssr_conv *conv, struct ssr_outcome *out)
{
        struct conv_state cs = { .conv = conv };
        struct pam_conv pc = { .conv = backend_pam_conversation, .appdata_ptr = &cs };
        pam_handle_t *pamh = NULL;
        int rc;

        *out = (struct ssr_outcome){ .status = SSR_SYSTEM_ERROR };
        /* Without its file Linux-PAM would quietly run the "other" service:
         * the distribution's stack without the local reset policy. */
        if ((rc = pamc_service_readable(SSMRESET_PAM_SERVICE)) < 0) {
                set_reason(out,
                           "the PAM service file %s is missing or unreadable (%s): refusing to fall "
                           "back to the 'other' service; reinstall the ssmreset package",
                           SSMRESET_PAM_SERVICE_FILE, strerror(-rc));
                return;
        }
        rc = pamc_start(SSMRESET_PAM_SERVICE, req->username, &pc, &pamh);
        if (rc != PAM_SUCCESS) {
                set_reason(out, "cannot start PAM for the service '%s': is %s installed?", SSMRESET_PAM_SERVICE,
                           SSMRESET_PAM_SERVICE_FILE);
                return;
        }
        /* Modules log and decide with these: who asked, from where. */
        if (req->requester[0])
                (void) pamc_set_item(pamh, PAM_RUSER, req->requester);
        if (isatty(STDIN_FILENO) && ttyname(STDIN_FILENO))
                (void) pamc_set_item(pamh, PAM_TTY, ttyname(STDIN_FILENO));

        rc = req->check_only ? check(pamh, &cs, out) : reset(pamh, req, &cs, out);
        forget_secret(&cs);
        pamc_end(pamh, rc);
        wipe_dead_stack(); /* and what verify() left */
}
