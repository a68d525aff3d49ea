/* SPDX-License-Identifier: Apache-2.0 */
/* The Linux backend: looks the account up through NSS, changes the password
 * with pam_chauthtok() on the ssmreset service, and runs each try as a
 * transaction on the account files (account-transaction.h): the stored hash
 * verified, the reset finished (--expire, the faillock tally), and a try
 * that did not end CHANGED taken back. Its libpam calls go through
 * pam-client.h; what it tells pam_ssmreset.so and hears back follows
 * common/pam-protocol.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account-nss.h"
#include "account-store.h"
#include "account-transaction.h"
#include "backend-pam.h"
#include "break-glass-linux.h"
#include "hash-method.h"
#include "host-files.h"
#include "os/backend.h"
#include "os/secmem.h"
#include "pam-client.h"
#include "pam-protocol.h"
#include "pam-stack.h"
#include "stored-hash.h"
#include "tries.h"

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
__attribute__((noinline)) static void
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

static bool env_is(pam_handle_t *pamh, const char *name, const char *value)
{
        const char *v = pamc_getenv(pamh, name);

        return v && strcmp(v, value) == 0;
}

/* Has pam_ssmreset.so's first line accepted the password of this try? */
static bool accepted(const struct conv_state *cs)
{
        return cs->pamh && env_is(cs->pamh, SSMRESET_ENV_ACCEPTED, SSMRESET_ENV_YES);
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
        if (accepted(cs)) {
                /* A later module asks again (pam_pwquality retry=N): its
                 * answer would be stored unchecked by the first line. */
                cs->asked_again = true;
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
                        cs->errors_after_accept += accepted(cs);
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
        case PAM_MAXTRIES:             /* a module refused every password it got (pam_pwhistory) */
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
        char buf[sizeof out->reason];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap); /* fmt may print out->reason itself */
        va_end(ap);
        memcpy(out->reason, buf, sizeof buf);
}

enum ssr_status backend_find_account(const char *username, struct ssr_outcome *out)
{
        /* What the name service switch reads for a local account: a FIFO in
         * a file's place would hold the look-up for ever. */
        static const char *const nss_files[] = { "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/shadow" };
        uid_t uid;
        int r;

        *out = (struct ssr_outcome){ .status = SSR_CHANGED };
        for (size_t i = 0; i < sizeof nss_files / sizeof nss_files[0]; i++)
                if (host_file_check(nss_files[i], false, "the account database file", out->reason, sizeof out->reason) <
                    0) {
                        out->status = SSR_SYSTEM_ERROR;
                        return out->status;
                }
        r = account_lookup(username, &uid);
        if (r == -ENOENT) {
                out->status = SSR_USER_UNKNOWN;
                set_reason(out, "there is no account named '%s' on this host", username);
        } else if (r < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "cannot look the account up: %s", strerror(-r));
        }
        return out->status;
}

/* What can be told of the stack before libpam runs it: a file of it that is
 * not a regular file (a FIFO would hold libpam for ever), and the method
 * pam_unix would store with, where the stack tells. Either is refused before
 * anyone is asked anything. Returns 1 with out filled when refused. */
static int stack_ahead(struct ssr_outcome *out)
{
        struct unix_hash_method m;
        struct pam_stack stack;
        char err[256];
        int r;

        /* Any other stack that cannot be read is libpam's to report, with
         * its words. */
        if ((r = pamc_read_stack(SSMRESET_PAM_SERVICE, &stack, err, sizeof err)) < 0) {
                if (r != -EISDIR)
                        return 0;
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "the PAM service cannot be read: %s; put the file back in its place", err);
                return 1;
        }
        r = unix_hash_method(&stack, pamc_login_defs(), &m);
        pam_stack_free(&stack);
        if (r == -EINVAL) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out,
                           "%s is not a regular file (a FIFO or a folder in its place): pam_unix and shadow-utils "
                           "read it; put the file back",
                           pamc_login_defs());
                return 1;
        }
        if (r <= 0 || m.strength == HASH_STRONG)
                return 0;
        out->status = SSR_SYSTEM_ERROR;
        set_reason(out, "pam_unix would store the new password with the weak method %s (%s); %s", m.method, m.source,
                   m.fix);
        return 1;
}

/* After PAM says yes, the stored hash must say so too, by a strong method. */
static void verify(struct account_txn *txn, const struct conv_state *cs, struct ssr_outcome *out)
{
        char method[64];
        int r;

        if (!cs->last_secret) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "the PAM stack never asked for a new password");
                return;
        }
        r = account_txn_verify_hash(txn, cs->last_secret, method, sizeof method);
        if (r == 1) {
                out->verified = true;
                out->status = SSR_CHANGED;
                return;
        }
        out->status = SSR_SYSTEM_ERROR;
        if (r == -EKEYREJECTED)
                set_reason(out,
                           "the PAM stack stored the new password with the weak method %s, which is never "
                           "kept: add yescrypt (or sha512) to the pam_unix.so line of the password stack, or set "
                           "ENCRYPT_METHOD YESCRYPT in %s",
                           method, pamc_login_defs());
        else if (r == 0)
                set_reason(out, "the stored password hash is not one of the new password (another change came in "
                                "between, or the stack stored something else)");
        else if (r == -ENOENT || r == -EINVAL)
                set_reason(out, "cannot read the stored password hash back: %s",
                           r == -ENOENT ? "the account has no line in /etc/shadow or /etc/passwd" :
                                          "the account files are not regular files");
        else
                set_reason(out, "cannot read the stored password hash back: %s", strerror(-r));
}

/* The stack's own words for a refusal, else PAM's name for the code. */
static void reason_from_stack(pam_handle_t *pamh, const struct conv_state *cs, int rc, struct ssr_outcome *out)
{
        set_reason(out, "%s", cs->last_error[0] ? cs->last_error : pamc_strerror(pamh, rc));
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

/* What the local policy asks of the rest of the reset, as the module told
 * it; without a word from it (a try it never accepted), the defaults. */
static void read_plan(pam_handle_t *pamh, struct reset_plan *plan)
{
        const char *timeout = pamc_getenv(pamh, SSMRESET_ENV_PLAN_LOCK_TIMEOUT);
        const char *grace = pamc_getenv(pamh, SSMRESET_ENV_PLAN_BREAK_GLASS);
        char *end = NULL, *grace_end = NULL;
        long s = timeout ? strtol(timeout, &end, 10) : 0;
        long g = grace ? strtol(grace, &grace_end, 10) : 0;

        *plan = (struct reset_plan){
                .expire = env_is(pamh, SSMRESET_ENV_PLAN_EXPIRE, SSMRESET_ENV_YES),
                .keep_faillock = env_is(pamh, SSMRESET_ENV_PLAN_KEEP_FAILLOCK, SSMRESET_ENV_YES),
                .faillock_dir = pamc_getenv(pamh, SSMRESET_ENV_PLAN_FAILLOCK_DIR),
                .lock_timeout_ms =
                        (unsigned) (timeout && end && !*end && s > 0 && s <= 3600 ? s : SSMRESET_LOCK_TIMEOUT_DEFAULT) *
                        1000,
                .break_glass_s = grace && grace_end && !*grace_end && g > 0 && g <= 86400 ? (unsigned) g : 0,
                .end_sessions = env_is(pamh, SSMRESET_ENV_PLAN_END_SESSIONS, SSMRESET_ENV_YES),
        };
}

/* Removes name from the PAM environment. Only when there: libpam logs an
 * error for each removal of a name it does not hold. */
static void unset_env(pam_handle_t *pamh, const char *name)
{
        if (pamc_getenv(pamh, name))
                (void) pamc_putenv(pamh, name);
}

/* Why a try the first line had accepted ended in PAM_AUTHTOK_ERR without any
 * module saying why: pam_unix's failed write, the code of a refused
 * password, or a module after pam_unix that failed once it had stored the
 * password. Not the person's fault: a system error naming the cause. */
static void silent_store_failure(struct account_txn *txn, const struct conv_state *cs, struct ssr_outcome *out)
{
        struct ssr_outcome seen = *out;
        char why[512];

        out->status = SSR_SYSTEM_ERROR;
        verify(txn, cs, &seen);
        if (seen.status == SSR_CHANGED)
                set_reason(out, "a module of the PAM stack failed after the new password was stored, and gave no "
                                "reason: see the system log (journalctl -t ssmreset) and the modules after "
                                "pam_unix.so in the password stack");
        else if (account_store_check(why, sizeof why) < 0)
                set_reason(out, "the PAM stack did not store the new password: %s", why);
        else
                set_reason(out, "the PAM stack did not store the new password and gave no reason (a failed write "
                                "of pam_unix: see the system log, journalctl -t ssmreset -t passwd)");
}

/* After a reset stored and verified its password: any pending scramble of
 * the account is cancelled, and the password is armed when the policy
 * (breakglass_users=) or the run (--break-glass) asks; with both, the
 * shorter grace period: the run cannot loosen the owner's policy. A state
 * that cannot be written fails the try, which is then taken back. */
static void settle_break_glass(struct account_txn *txn, const struct ssr_request *req, const struct reset_plan *plan,
                               struct ssr_outcome *out)
{
        unsigned grace = plan->break_glass_s;
        char why[400];

        if (req->break_glass_s && (!grace || req->break_glass_s < grace))
                grace = req->break_glass_s;
        if (break_glass_arm(req->username, account_txn_verified_hash(txn), grace,
                            grace && (plan->end_sessions || req->end_sessions), &out->scramble_cancelled, why,
                            sizeof why) < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "the new password could not be armed as a break-glass password: %s", why);
                return;
        }
        out->break_glass_s = grace;
}

/* One try: the stack, the verdict, and the transaction around them. */
static int one_try(pam_handle_t *pamh, const struct ssr_request *req, struct conv_state *cs, struct ssr_outcome *out,
                   bool *ret_retry)
{
        static const char *const plan_env[] = { SSMRESET_ENV_ACCEPTED,           SSMRESET_ENV_PLAN_EXPIRE,
                                                SSMRESET_ENV_PLAN_KEEP_FAILLOCK, SSMRESET_ENV_PLAN_FAILLOCK_DIR,
                                                SSMRESET_ENV_PLAN_LOCK_TIMEOUT,  SSMRESET_ENV_PLAN_BREAK_GLASS,
                                                SSMRESET_ENV_PLAN_END_SESSIONS };
        struct account_txn txn;
        struct reset_plan plan;
        char err[256];
        bool retry = false;
        int rc;

        *ret_retry = false;
        forget_secret(cs);
        cs->last_error[0] = '\0';
        cs->asked_again = false;
        cs->errors_after_accept = 0;
        /* What the last try's stack left in the environment is not this try's. */
        for (size_t i = 0; i < sizeof plan_env / sizeof plan_env[0]; i++)
                unset_env(pamh, plan_env[i]);
        if (account_txn_begin(&txn, req->username, err, sizeof err) < 0) {
                out->status = SSR_SYSTEM_ERROR;
                set_reason(out, "%s", err);
                return PAM_SYSTEM_ERR;
        }
        rc = pamc_chauthtok(pamh, 0);
        wipe_dead_stack();
        read_plan(pamh, &plan);

        if (cs->error) {
                out->status = SSR_ABORTED;
                out->conv_error = cs->error;
                set_reason(out, "no password was given");
        } else if ((out->status = backend_status_from_pam(rc, &retry)) == SSR_CHANGED) {
                verify(&txn, cs, out);
                if (out->status == SSR_CHANGED)
                        account_txn_finish(&txn, &plan, out);
                if (out->status == SSR_CHANGED && !req->expect_stored)
                        settle_break_glass(&txn, req, &plan, out);
                out->changed = out->status == SSR_CHANGED;
        } else {
                reason_from_stack(pamh, cs, rc, out);
                if (cs->asked_again) {
                        /* A later module refused the accepted password and
                         * wanted another: the next try starts at the first
                         * line, which checks it. */
                        out->status = SSR_PASSWORD_REJECTED;
                        retry = true;
                        if (!cs->last_error[0])
                                set_reason(out, "a module after pam_ssmreset.so refused the password and asked "
                                                "for another");
                } else if (retry && !cs->last_secret) {
                        /* Refused before anyone typed a password: not the
                         * password's fault, and another try would fail alike. */
                        char why[sizeof out->reason];
                        snprintf(why, sizeof why, "%s", out->reason);
                        out->status = SSR_SYSTEM_ERROR;
                        set_reason(out, "the PAM stack failed before asking for a password: %.180s", why);
                        retry = false;
                } else if (retry && cs->errors_after_accept == 0 && rc == PAM_AUTHTOK_ERR && accepted(cs)) {
                        silent_store_failure(&txn, cs, out);
                        retry = false;
                }
        }
        if (out->status != SSR_CHANGED)
                account_txn_undo(&txn, &plan, out);
        account_txn_end(&txn);
        *ret_retry = retry && out->status == SSR_PASSWORD_REJECTED;
        return rc;
}

static int reset(pam_handle_t *pamh, const struct ssr_request *req, struct conv_state *cs, struct ssr_outcome *out)
{
        int rc = PAM_SYSTEM_ERR;

        if (req->expire && pamc_putenv(pamh, SSMRESET_ENV_EXPIRE "=" SSMRESET_ENV_YES) != PAM_SUCCESS) {
                set_reason(out, "cannot pass --expire to the PAM stack");
                return rc;
        }
        if (req->generated && pamc_putenv(pamh, SSMRESET_ENV_GENERATED "=" SSMRESET_ENV_YES) != PAM_SUCCESS) {
                set_reason(out, "cannot tell the PAM stack that the password was generated");
                return rc;
        }
        if (req->expect_stored) {
                char expect[sizeof SSMRESET_ENV_EXPECT_STORED + STORED_DIGEST_HEX + 2];

                snprintf(expect, sizeof expect, "%s=%s", SSMRESET_ENV_EXPECT_STORED, req->expect_stored);
                if (pamc_putenv(pamh, expect) != PAM_SUCCESS) {
                        set_reason(out, "cannot tell the PAM stack what the scramble expects stored");
                        return rc;
                }
        }
        /* pam_unix asks root for no current password: flags stay 0, never
         * PAM_CHANGE_EXPIRED_AUTHTOK. Each call starts afresh: Linux-PAM
         * clears the tokens of a failed call. */
        for (unsigned attempt = 1; attempt <= req->tries; attempt++) {
                bool retry;

                out->tries_used = attempt;
                rc = one_try(pamh, req, cs, out, &retry);
                if (!retry)
                        break;
                backend_password_refused(cs->conv, attempt, req->tries, out);
        }
        return rc;
}

bool backend_pam_service_missing(struct ssr_outcome *out)
{
        int rc;

        /* Without its file Linux-PAM would quietly run the "other" service:
         * the distribution's stack without the local reset policy. */
        if ((rc = pamc_service_readable(SSMRESET_PAM_SERVICE)) == 0)
                return false;
        out->status = SSR_SYSTEM_ERROR;
        set_reason(out,
                   "the PAM service file %s is missing or unreadable (%s): refusing to fall "
                   "back to the 'other' service; reinstall the ssmreset package",
                   SSMRESET_PAM_SERVICE_FILE, strerror(-rc));
        return true;
}

void backend_reset(const struct ssr_request *req, const struct ssr_conv *conv, struct ssr_outcome *out)
{
        struct conv_state cs = { .conv = conv };
        struct pam_conv pc = { .conv = backend_pam_conversation, .appdata_ptr = &cs };
        pam_handle_t *pamh = NULL;
        int rc;

        *out = (struct ssr_outcome){ .status = SSR_SYSTEM_ERROR };
        if (backend_pam_service_missing(out))
                return;
        if (stack_ahead(out))
                return;
        rc = pamc_start(SSMRESET_PAM_SERVICE, req->username, &pc, &pamh);
        if (rc != PAM_SUCCESS) {
                set_reason(out, "cannot start PAM for the service '%s': is %s installed?", SSMRESET_PAM_SERVICE,
                           SSMRESET_PAM_SERVICE_FILE);
                return;
        }
        cs.pamh = pamh;
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
