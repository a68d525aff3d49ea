/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset: the command a Session Manager session runs to reset a password.
 * Modes: interactive reset (default), --check, --batch, --doctor. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/audit.h"
#include "os/backend.h"
#include "os/break-glass.h"
#include "cli.h"
#include "codec.h"
#include "os/doctor.h"
#include "escape.h"
#include "os/harden.h"
#include "os/platform.h"
#include "os/privileges.h"
#include "os/recipient.h"
#include "report.h"
#include "os/secmem.h"
#include "os/session.h"
#include "os/terminal.h"
#include "usage.h"
#include "username.h"

#define MAX_MESSAGES 32

struct run {
        struct cli_options opts;
        const char *mode;
        const char *username; /* NULL: none given */
        size_t username_len;
        char user_display[4 * USERNAME_MAX + 64];
        char host[256];
        char session_id[SESSION_ID_MAX + 1];
        char requester[SESSION_ID_MAX + 1];
        char worker_session_id[SESSION_ID_MAX + 1]; /* the agent's session, when session_id names another */
        enum audit_sink sink;
        struct terminal *term;
        struct batch_request request; /* --batch */
        char *messages[MAX_MESSAGES]; /* what the OS's machinery said */
        size_t n_messages;
        struct ssr_outcome out;
        /* --generate (or "generate": true) */
        bool generate;
        struct recipient *recipient;
        struct recipient_format format; /* --cipher/--encoding, or the request's */
        char *generated;                /* the password made here: secure memory, PASSWORD_BUFFER_SIZE */
        char *encrypted;                /* it, encrypted to the recipient (PEM or base64), made before the reset */
        bool delivered;                 /* standard output took the ciphertext before the store */
        char undelivered[256];          /* why it could not be delivered: no reset then */
        /* --scramble, --session-opened (os/break-glass.h) */
        bool scheduled;    /* this run is the record of a session that opened */
        char trigger[512]; /* what triggered the scramble or its scheduling, in words */
};

static int deliver_ciphertext(struct run *run);

static int conv_ask(void *userdata, const char *prompt, bool secret, char **ret_answer, size_t *ret_len)
{
        struct run *run = userdata;
        char *copy;

        const char *given = run->generate ? run->generated : run->request.password;
        size_t len = run->generate ? strlen(run->generated) : run->request.password_len;

        if (!run->opts.batch && !run->generate)
                return terminal_ask(run->term, prompt, secret, run->opts.timeout_s, ret_answer, ret_len);
        /* --batch and --generate answer every hidden prompt ("New password:",
         * "Retype new password:") with their password, and nothing else. */
        if (!secret)
                return -EPROTO;
        /* The first prompt comes once the stack's preliminary phase has
         * passed (the policy, the store, the quality check): the ciphertext
         * leaves now, before anything is stored, or nothing is. */
        if (run->generate && !run->opts.scramble && !run->delivered && deliver_ciphertext(run) < 0)
                return -ECANCELED;
        copy = secmem_alloc(PASSWORD_BUFFER_SIZE);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, given, len);
        *ret_answer = copy;
        *ret_len = len;
        return 0;
}

static void conv_answer_free(void *userdata, char *answer)
{
        secmem_free(answer, PASSWORD_BUFFER_SIZE);
}

static void conv_say(void *userdata, const char *message, bool is_error)
{
        struct run *run = userdata;

        if (run->n_messages < MAX_MESSAGES) {
                char shown[4 * 512 + 4];
                escape_display(message, strlen(message), shown, sizeof shown);
                run->messages[run->n_messages] = strdup(shown);
                run->n_messages += run->messages[run->n_messages] != NULL;
        }
        if (!run->opts.batch)
                terminal_say(run->term, message);
}

static void set_outcome(struct run *run, enum ssr_status status, const char *reason)
{
        run->out = (struct ssr_outcome){ .status = status };
        snprintf(run->out.reason, sizeof run->out.reason, "%s", reason);
}

/* Why the person gave no password, in words. */
static void describe_abort(struct run *run)
{
        const char *interrupt = terminal_interrupt_name(run->term);

        if (run->out.status != SSR_ABORTED)
                return;
        if (run->out.conv_error == -ETIMEDOUT)
                snprintf(run->out.reason, sizeof run->out.reason, "no answer within %u seconds", run->opts.timeout_s);
        else if (run->out.conv_error == -EINTR && interrupt)
                snprintf(run->out.reason, sizeof run->out.reason, "interrupted by %s", interrupt);
        else if (run->out.conv_error == -ENODATA)
                snprintf(run->out.reason, sizeof run->out.reason, "end of input before a password was given");
        else if (run->out.conv_error == -EPROTO) {
                /* A stack that asks --batch something it cannot answer. */
                run->out.status = SSR_SYSTEM_ERROR;
                snprintf(run->out.reason, sizeof run->out.reason, "%s asked for something other than the new password",
                         platform_words.machinery);
        }
}

/* How long standard output may take to take what ssmreset writes to it: a
 * reader that stops reading never holds a run for longer. */
#define OUTPUT_TIMEOUT_MS (10 * 1000)

/* The result as asked for (JSON, with a generated password's ciphertext
 * once CHANGED, or the closing line), naming audit as the trail. 0, or
 * -errno when standard output did not take it whole within
 * OUTPUT_TIMEOUT_MS. */
static int write_result(struct run *run, enum audit_sink audit, enum audit_sink wanted, const char *encrypted)
{
        bool quiet = run->out.status == SSR_CHANGED || run->out.status == SSR_ALLOWED;
        char *text = NULL;
        int r;

        if (run->opts.json || run->opts.batch) {
                struct result_doc doc = {
                        .mode = run->mode,
                        .status = run->out.status,
                        .exit_status = ssr_status_exit(run->out.status),
                        .username = run->username ? run->user_display : NULL,
                        .reason = quiet ? "" : run->out.reason,
                        .messages = run->messages,
                        .n_messages = run->n_messages,
                        .verified = run->out.verified,
                        .expired = run->out.expired,
                        .faillock_cleared = run->out.faillock_cleared,
                        .changed = run->out.changed,
                        .rolled_back = run->out.rolled_back,
                        .tries = run->out.tries_used,
                        .session_id = run->session_id,
                        .requester = run->requester,
                        .audit = audit_sink_name(audit),
                        .generated = run->generate,
                        .recipient = run->recipient ? recipient_fingerprint(run->recipient) : NULL,
                        .encrypted_password = encrypted,
                        .break_glass = run->out.break_glass_s,
                        .scramble_cancelled = run->out.scramble_cancelled,
                };
                r = codec_result_text(&doc, &text);
        } else /* in words, the ciphertext stands above the result already */
                r = report_result_text(run->user_display, run->opts.check, &run->out, audit, wanted, &text);
        if (r == 0)
                r = fflush(stdout) == 0 ? platform_deliver(fileno(stdout), text, strlen(text), OUTPUT_TIMEOUT_MS) :
                                          -EIO;
        free(text);
        return r;
}

/* Records the attempt, tells the person, returns the exit status. The
 * reset is over on every path that leads here: a --batch password dies
 * before anything is recorded or reported. A generated password's
 * ciphertext left before the password was set (deliver_ciphertext()); the
 * JSON result carries it again once CHANGED. A result that standard output
 * does not take whole never exits 0 (but 8): the record says what became of
 * the account. */
static int finish(struct run *run)
{
        enum audit_sink wanted = run->sink != AUDIT_NONE ? run->sink : audit_probe();
        struct audit_event ev;
        enum audit_sink done;
        const char *encrypted = run->out.status == SSR_CHANGED && run->delivered ? run->encrypted : NULL;
        int exit_status;

        batch_request_drop_password(&run->request);
        secmem_free(run->generated, PASSWORD_BUFFER_SIZE);
        run->generated = NULL;
        ev = (struct audit_event){
                .username = run->user_display,
                .status = run->out.status,
                .reason = run->out.status == SSR_CHANGED || run->out.status == SSR_ALLOWED ? "" : run->out.reason,
                .session_id = run->session_id,
                .requester = run->requester,
                .worker_session_id = run->worker_session_id,
                .check_only = run->opts.check,
                .verified = run->out.verified,
                .expired = run->out.expired,
                .faillock_cleared = run->out.faillock_cleared,
                .changed = run->out.changed,
                .rolled_back = run->out.rolled_back,
                .tries_used = run->out.tries_used,
                .host = run->host,
                .generated = run->generate && !run->opts.scramble,
                .recipient = run->recipient ? recipient_fingerprint(run->recipient) : "",
                .break_glass = run->out.break_glass_s,
                .scramble_cancelled = run->out.scramble_cancelled,
                .scramble = run->opts.scramble,
                .scheduled = run->scheduled,
                .sessions_ended = run->out.sessions_ended,
                .trigger = run->trigger[0] ? run->trigger : NULL,
        };
        done = audit_write(wanted, &ev);
        exit_status = ssr_status_exit(run->out.status);
        if (write_result(run, done, wanted, encrypted) < 0 && exit_status == 0)
                exit_status = ssr_status_exit(SSR_SYSTEM_ERROR);

        for (size_t i = 0; i < run->n_messages; i++)
                free(run->messages[i]);
        batch_request_free(&run->request);
        free(run->encrypted);
        run->encrypted = NULL;
        recipient_free(run->recipient);
        run->recipient = NULL;
        return exit_status;
}

/* Before a generated password is set, its ciphertext leaves the process
 * and is taken whole by whoever reads standard output, and the journal has
 * a record of the attempt with the ciphertext in it: from here on no kill
 * at any instant leaves a password that nobody can recover (a reader that
 * takes it not within OUTPUT_TIMEOUT_MS means no reset). With --batch
 * and --json, one JSON line with "status": "PENDING" (the result follows on
 * the next line); otherwise the ciphertext block. Called at the stack's
 * first prompt, once its preliminary phase (policy, store, quality) has
 * passed, so that a refused account gets no ciphertext. Returns 0, or
 * -errno with run->undelivered saying why (nothing may be stored then). */
static int deliver_ciphertext(struct run *run)
{
        const char *fingerprint = recipient_fingerprint(run->recipient);
        struct audit_event ev;
        int r;

        char *text = NULL;

        if (run->opts.json || run->opts.batch) {
                struct result_doc doc = {
                        .mode = run->mode,
                        .pending = true,
                        .username = run->user_display,
                        .reason = "the new password is being set; the result follows on the next line",
                        .session_id = run->session_id,
                        .requester = run->requester,
                        .audit = audit_sink_name(run->sink),
                        .generated = true,
                        .expired = run->opts.expire,
                        .recipient = fingerprint,
                        .encrypted_password = run->encrypted,
                };
                r = codec_result_text(&doc, &text);
        } else
                r = report_encrypted_text(run->user_display, fingerprint, run->format.encoding, run->encrypted, &text);
        if (r == 0 && fflush(stdout) != 0)
                r = -EIO;
        if (r == 0)
                r = platform_deliver(fileno(stdout), text, strlen(text), OUTPUT_TIMEOUT_MS);
        free(text);
        if (r < 0) {
                snprintf(run->undelivered, sizeof run->undelivered, "%s",
                         r == -ETIMEDOUT ? "standard output did not take the ciphertext of the generated password "
                                           "within 10 seconds (a reader that stopped): nothing was changed" :
                                           "standard output did not take the ciphertext of the generated password "
                                           "whole (closed, full, or a reader that went away): nothing was changed");
                return r;
        }
        run->delivered = true;
        ev = (struct audit_event){
                .username = run->user_display,
                .pending = true,
                .status = SSR_CHANGED,
                .reason = "",
                .session_id = run->session_id,
                .requester = run->requester,
                .expired = run->opts.expire,
                .host = run->host,
                .generated = true,
                .recipient = fingerprint,
                .ciphertext = run->encrypted,
        };
        if (audit_write(run->sink, &ev) == AUDIT_NONE) {
                snprintf(run->undelivered, sizeof run->undelivered,
                         "the attempt cannot be recorded: %s; nothing was changed", audit_unreachable_reason());
                return -EIO;
        }
        return 0;
}

/* The certificate a generated password is encrypted to: --recipient's file,
 * or the request's PEM. BAD_REQUEST, before anything changes, when it does
 * not do. */
static int load_recipient(struct run *run, char *err, size_t errlen)
{
        char *data = NULL;
        size_t len = 0;
        int r;

        if (run->opts.batch) {
                data = run->request.recipient;
                len = strlen(data);
        } else if ((r = platform_read_file(run->opts.recipient, RECIPIENT_MAX, &data, &len)) < 0) {
                if (r == -EINVAL)
                        snprintf(err, errlen, "the recipient certificate %.200s is not a regular file",
                                 run->opts.recipient);
                else
                        snprintf(err, errlen, "cannot read the recipient certificate %.200s: %s", run->opts.recipient,
                                 strerror(-r));
                return r;
        }
        r = recipient_load(data, len, &run->recipient, err, errlen);
        if (!run->opts.batch)
                free(data);
        return r;
}

/* The password, made here, and its ciphertext, made before anything
 * changes: a password that could not be delivered must never be set. */
static int generate(struct run *run)
{
        char err[256];
        int r;

        if (!(run->generated = secmem_alloc(PASSWORD_BUFFER_SIZE))) {
                set_outcome(run, SSR_SYSTEM_ERROR, "cannot allocate locked memory for the generated password");
                return -ENOMEM;
        }
        r = run->opts.passphrase || run->request.passphrase ?
                    backend_generate_passphrase(run->username, run->generated, PASSWORD_BUFFER_SIZE, &run->out) :
                    backend_generate_password(run->username, run->generated, PASSWORD_BUFFER_SIZE, &run->out);
        if (r < 0 || run->opts.scramble) /* a scramble's password goes nowhere */
                return r;
        r = recipient_encrypt(run->recipient, &run->format, run->generated, strlen(run->generated), &run->encrypted,
                              err, sizeof err);
        if (r < 0)
                set_outcome(run, SSR_SYSTEM_ERROR, err);
        return r;
}

/* A command line that cannot be run: what is wrong and how to call the
 * program, in one line on standard error (or the JSON result, when one was
 * asked for). It is no attempt on an account: nothing is recorded. */
static int usage_error(int argc, char **argv, const char *err)
{
        char shown[4 * 512];
        bool json = false;

        escape_display(err, strlen(err), shown, sizeof shown);
        for (int i = 1; i < argc; i++) /* still answer in the form asked for */
                json |= strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "--batch") == 0;
        if (json) {
                struct result_doc doc = {
                        .mode = "usage",
                        .status = SSR_BAD_REQUEST,
                        .exit_status = ssr_status_exit(SSR_BAD_REQUEST),
                        .reason = shown,
                        .audit = "none",
                };
                (void) codec_write_result(stdout, &doc);
        } else {
                fprintf(stderr, "ssmreset: %s; usage: %s (ssmreset --help says more)\n", shown, usage_synopsis);
                fflush(stderr);
        }
        return ssr_status_exit(SSR_BAD_REQUEST);
}

static void find_session(struct run *run, const char *session_id, const char *requester)
{
        char worker[SESSION_ID_MAX + 1];

        if (session_find_worker_id(worker, sizeof worker) < 0)
                worker[0] = '\0';
        if (session_id) {
                snprintf(run->session_id, sizeof run->session_id, "%s", session_id);
                /* The session the run came from, when it says another one:
                 * recorded beside it, never lost. */
                if (worker[0] && strcmp(worker, session_id) != 0)
                        snprintf(run->worker_session_id, sizeof run->worker_session_id, "%s", worker);
        } else
                snprintf(run->session_id, sizeof run->session_id, "%s", worker);

        if (requester)
                snprintf(run->requester, sizeof run->requester, "%s", requester);
        else if (!run->session_id[0] ||
                 session_requester_from_id(run->session_id, run->requester, sizeof run->requester) < 0)
                run->requester[0] = '\0';
}

static void set_username(struct run *run, const char *name, size_t len)
{
        run->username = name;
        run->username_len = len;
        escape_display(name, len, run->user_display, sizeof run->user_display);
}

/* Reads the --batch request: at most CODEC_REQUEST_MAX bytes, in locked
 * memory, wiped once parsed. */
static int read_request(struct run *run, char *err, size_t errlen)
{
        const size_t cap = CODEC_REQUEST_MAX + 1;
        char *buf = secmem_alloc(cap + 1);
        size_t len = 0;
        int r;

        if (!buf) {
                snprintf(err, errlen, "cannot allocate locked memory for the request");
                return -ENOMEM;
        }
        while (len < cap) {
                ssize_t n = read(STDIN_FILENO, buf + len, cap - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                len += (size_t) n;
        }
        r = codec_parse_request(buf, len, &run->request, err, errlen);
        secmem_free(buf, cap + 1);
        return r;
}

/* The checks every run that touches an account makes first: root rights
 * and a trail to record it in. 0, or the outcome set. */
static int may_touch_accounts(struct run *run)
{
        if (!privileges_sufficient()) {
                set_outcome(run, SSR_NOT_PERMITTED, privileges_advice());
                return -EPERM;
        }
        run->sink = audit_probe();
        if (run->sink == AUDIT_NONE) {
                char why[256];

                snprintf(why, sizeof why, "the attempt cannot be recorded: %s", audit_unreachable_reason());
                set_outcome(run, SSR_SYSTEM_ERROR, why);
                return -EIO;
        }
        return 0;
}

/* --session-opened USER: pam_ssmreset.so's session line runs it, as root,
 * with an empty environment, when the account has a break-glass state.
 * What the person logging in should know is one line on standard output,
 * which the module shows them. Only a scheduling, or a failure to
 * schedule, is recorded: a later session of the same grace period is not
 * news. */
static int session_opened(struct run *run)
{
        char said[512] = "";
        int r;

        run->mode = "session";
        if (may_touch_accounts(run) < 0)
                return finish(run);
        platform_hold_interrupts();
        r = break_glass_session_opened(run->username, &run->opts.trigger, said, sizeof said, run->trigger,
                                       sizeof run->trigger, &run->out);
        if (said[0]) {
                printf("%s\n", said);
                fflush(stdout);
        }
        if (r == 0)
                return 0;
        run->scheduled = true;
        if (r > 0) {
                run->out.status = SSR_CHANGED;
                run->out.reason[0] = '\0';
        }
        {
                struct audit_event ev = {
                        .username = run->user_display,
                        .status = run->out.status,
                        .reason = run->out.status == SSR_CHANGED ? "" : run->out.reason,
                        .session_id = run->session_id,
                        .requester = run->requester,
                        .host = run->host,
                        .scheduled = true,
                        .break_glass = run->out.break_glass_s,
                        .trigger = run->trigger,
                        .recipient = "",
                };
                if (audit_write(run->sink, &ev) == AUDIT_NONE)
                        return ssr_status_exit(SSR_SYSTEM_ERROR);
        }
        return ssr_status_exit(run->out.status);
}

/* --scramble --scramble-id ID USER: the timer runs it at the end of the
 * grace period. A reset to a random password that goes nowhere, on the
 * condition that the account still has what it had stored when the
 * scramble was scheduled (checked under the shadow lock, just before the
 * store). */
static int scramble(struct run *run)
{
        struct break_glass_due due;
        char said[512] = "";
        int r;

        run->mode = "scramble";
        if (may_touch_accounts(run) < 0)
                return finish(run);
        platform_hold_interrupts();
        r = break_glass_scramble_due(run->username, run->opts.scramble_id, &due, said, sizeof said, &run->out);
        if (r == 0) {
                printf("ssmreset: %s\n", said);
                return fflush(stdout) == 0 ? 0 : ssr_status_exit(SSR_SYSTEM_ERROR);
        }
        if (r < 0)
                return finish(run);
        snprintf(run->trigger, sizeof run->trigger, "%s", due.trigger);
        run->generate = true;
        if (backend_find_account(run->username, &run->out) != SSR_CHANGED || generate(run) < 0) {
                break_glass_scramble_done(run->username, &due, &run->out);
                return finish(run);
        }
        struct ssr_request req = {
                .username = run->username,
                .tries = 1,
                .session_id = run->session_id,
                .requester = run->requester,
                .generated = true,
                .expect_stored = due.expect_stored,
        };
        struct ssr_conv conv = {
                .ask = conv_ask,
                .answer_free = conv_answer_free,
                .say = conv_say,
                .userdata = run,
        };
        backend_reset(&req, &conv, &run->out);
        break_glass_scramble_done(run->username, &due, &run->out);
        return finish(run);
}

static int doctor(struct run *run)
{
        struct doctor_check checks[DOCTOR_MAX_CHECKS];
        size_t n = backend_doctor(checks, DOCTOR_MAX_CHECKS);
        bool ready = n > 0;

        for (size_t i = 0; i < n; i++)
                ready &= checks[i].ok || checks[i].warning;
        if (run->opts.json) {
                struct result_doc doc = {
                        .mode = "doctor",
                        .status = ready ? SSR_ALLOWED : SSR_SYSTEM_ERROR,
                        .exit_status = ready ? 0 : ssr_status_exit(SSR_SYSTEM_ERROR),
                        .reason = ready ? "" : "this host is not ready for resets",
                        .audit = "none",
                        .checks = checks,
                        .n_checks = n,
                        .ready = ready,
                };
                (void) codec_write_result(stdout, &doc);
        } else
                doctor_print(checks, n, ready);
        return ready ? 0 : ssr_status_exit(SSR_SYSTEM_ERROR);
}

int main(int argc, char **argv)
{
        static struct run run = { .mode = "reset" };
        unsigned break_glass_s = 0;
        char err[512];
        enum username_error ue;
        int r;

        /* Before any secret exists: no core dumps. */
        (void) harden_process();
        if (platform_init(&argc, &argv) < 0) {
                fprintf(stderr, "ssmreset: SYSTEM_ERROR: cannot set up the arguments and standard streams\n");
                return ssr_status_exit(SSR_SYSTEM_ERROR);
        }
        platform_host_name(run.host, sizeof run.host);

        if (cli_parse(argc, argv, &run.opts, err, sizeof err) < 0)
                return usage_error(argc, argv, err);
        if (run.opts.help)
                return usage_print(stdout) < 0 ? ssr_status_exit(SSR_SYSTEM_ERROR) : 0;
        if (run.opts.version) {
                printf("%s\n%scrypto: %s\n", PACKAGE_STRING, platform_build_options, recipient_library_version());
                return fflush(stdout) == 0 ? 0 : ssr_status_exit(SSR_SYSTEM_ERROR);
        }
        if (run.opts.doctor)
                return doctor(&run);
        if ((r = secmem_init()) < 0) {
                snprintf(run.user_display, sizeof run.user_display, "(none)");
                set_outcome(&run, SSR_SYSTEM_ERROR, "cannot set up locked memory for the password");
                return finish(&run);
        }

        if (run.opts.batch) {
                run.mode = "batch";
                run.opts.tries = 1; /* the same password would fail the same way */
                if (read_request(&run, err, sizeof err) < 0) {
                        char shown[sizeof err * 4];
                        escape_display(err, strlen(err), shown, sizeof shown);
                        snprintf(run.user_display, sizeof run.user_display, "(none)");
                        find_session(&run, run.opts.session_id, run.opts.requester);
                        set_outcome(&run, SSR_BAD_REQUEST, shown);
                        return finish(&run);
                }
                set_username(&run, run.request.username, run.request.username_len);
                /* Either may ask for it: --expire is not silently dropped. */
                run.opts.expire = run.opts.expire || run.request.expire;
                if ((run.request.session_id && !session_token_valid(run.request.session_id)) ||
                    (run.request.requester && !session_token_valid(run.request.requester))) {
                        find_session(&run, run.opts.session_id, run.opts.requester);
                        set_outcome(&run, SSR_BAD_REQUEST,
                                    "session_id and requester take 1 to 256 of the "
                                    "characters A-Z a-z 0-9 + = , . @ _ -");
                        return finish(&run);
                }
                /* The request's own fields first, then the command line's. */
                find_session(&run, run.request.session_id ? run.request.session_id : run.opts.session_id,
                             run.request.requester ? run.request.requester : run.opts.requester);
        } else {
                if (run.opts.check)
                        run.mode = "check";
                set_username(&run, run.opts.username, strlen(run.opts.username));
                find_session(&run, run.opts.session_id, run.opts.requester);
        }

        ue = username_check_flavor(run.username, run.username_len, backend_username_flavor);
        if (ue != USERNAME_OK) {
                set_outcome(&run, SSR_BAD_REQUEST, username_strerror(ue));
                return finish(&run);
        }
        /* A valid name needs no escaping. */
        snprintf(run.user_display, sizeof run.user_display, "%s", run.username);
        if (run.opts.session_opened)
                return session_opened(&run);
        if (run.opts.scramble)
                return scramble(&run);
        run.generate = run.opts.generate || run.request.generate;
        break_glass_s = run.opts.batch ? run.request.break_glass_s : run.opts.break_glass_s;
        run.format = run.opts.batch ? run.request.format : run.opts.format;
        /* A ciphertext this host cannot make is refused before anything changes. */
        if (run.generate && (recipient_cipher_supported(run.format.cipher, err, sizeof err) < 0 ||
                             load_recipient(&run, err, sizeof err) < 0)) {
                set_outcome(&run, SSR_BAD_REQUEST, err);
                return finish(&run);
        }
        if (may_touch_accounts(&run) < 0)
                return finish(&run);
        /* A password that is to close itself needs the means to, before
         * anything changes. */
        if (break_glass_s && (r = break_glass_ready(err, sizeof err)) < 0) {
                set_outcome(&run, r == -EOPNOTSUPP ? SSR_BAD_REQUEST : SSR_SYSTEM_ERROR, err);
                return finish(&run);
        }
        /* Nobody answers prompts here: from now on the run ends with its
         * result and its record, whatever signal comes. */
        if ((run.opts.batch || run.generate) && !run.opts.check)
                platform_hold_interrupts();
        if (backend_find_account(run.username, &run.out) != SSR_CHANGED)
                return finish(&run);
        if (run.generate && generate(&run) < 0)
                return finish(&run);

        /* --check, --batch and --generate prompt for nothing: the terminal
         * stays as it is. */
        if (run.generate && !run.opts.batch)
                report_header(stderr, run.user_display, run.host, run.session_id, run.requester);
        if (!run.opts.check && !run.opts.batch && !run.generate) {
                /* A typed reset holds them too; the terminal takes Ctrl+C
                 * and the session's end over while it asks. */
                platform_hold_interrupts();
                report_header(stderr, run.user_display, run.host, run.session_id, run.requester);
                if ((r = terminal_open(STDIN_FILENO, STDERR_FILENO, &run.term)) < 0) {
                        set_outcome(&run, SSR_SYSTEM_ERROR, "cannot set up the terminal");
                        return finish(&run);
                }
        }
        struct ssr_request req = {
                .username = run.username,
                .tries = run.generate ? 1 : run.opts.tries, /* a generated password met every check already */
                .session_id = run.session_id,
                .requester = run.requester,
                .expire = run.opts.expire,
                .check_only = run.opts.check,
                .generated = run.generate,
                .break_glass_s = break_glass_s,
                .end_sessions = run.opts.batch ? run.request.end_sessions : run.opts.end_sessions,
        };
        struct ssr_conv conv = {
                .ask = conv_ask,
                .answer_free = conv_answer_free,
                .say = conv_say,
                .userdata = &run,
        };
        backend_reset(&req, &conv, &run.out);
        if (run.undelivered[0] && !run.out.changed)
                set_outcome(&run, SSR_SYSTEM_ERROR, run.undelivered);
        describe_abort(&run);
        terminal_close(run.term);
        run.term = NULL;
        return finish(&run);
}
