/* ssmreset: the command a Session Manager session runs to reset a password. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "backend.h"
#include "cli.h"
#include "escape.h"
#include "harden.h"
#include "report.h"
#include "secmem.h"
#include "session.h"
#include "terminal.h"
#include "username.h"

struct run {
        struct cli_options opts;
        char user_display[4 * USERNAME_MAX + 64];
        char host[256];
        char session_id[SESSION_ID_MAX + 1];
        char requester[SESSION_ID_MAX + 1];
        enum audit_sink sink;
        struct terminal *term;
        struct ssr_outcome out;
};

static int conv_ask(void *userdata, const char *prompt, bool secret, char **ret_answer, size_t *ret_len)
{
        struct run *run = userdata;

        return terminal_ask(run->term, prompt, secret, run->opts.timeout_s, ret_answer, ret_len);
}

static void conv_answer_free(void *userdata, char *answer)
{
        secmem_free(answer, TERMINAL_ANSWER_MAX + 1);
}

static void conv_say(void *userdata, const char *message, bool is_error)
{
        struct run *run = userdata;

        terminal_say(run->term, message);
}

static void set_outcome(struct run *run, enum ssr_status status, const char *reason)
{
        run->out = (struct ssr_outcome) { .status = status };
        snprintf(run->out.reason, sizeof run->out.reason, "%s", reason);
}

/* Why the person gave no password, in words. */
static void describe_abort(struct run *run)
{
        int sig = terminal_signal(run->term);

        if (run->out.status != SSR_ABORTED)
                return;
        if (run->out.conv_error == -ETIMEDOUT)
                snprintf(run->out.reason, sizeof run->out.reason,
                         "no answer within %u seconds", run->opts.timeout_s);
        else if (run->out.conv_error == -EINTR && sig)
                snprintf(run->out.reason, sizeof run->out.reason,
                         "interrupted by %s", sig == SIGINT ? "SIGINT (Ctrl+C)" :
                         sig == SIGHUP ? "SIGHUP (the session closed)" :
                         sig == SIGTERM ? "SIGTERM" : "SIGQUIT");
        else if (run->out.conv_error == -ENODATA)
                snprintf(run->out.reason, sizeof run->out.reason, "end of input before a password was given");
}

/* Records the attempt, tells the person, returns the exit status. */
static int finish(struct run *run)
{
        enum audit_sink wanted = run->sink != AUDIT_NONE ? run->sink : audit_probe();
        struct audit_event ev = {
                .username = run->user_display,
                .status = run->out.status,
                .reason = run->out.status == SSR_CHANGED || run->out.status == SSR_ALLOWED ? "" : run->out.reason,
                .session_id = run->session_id,
                .requester = run->requester,
                .check_only = run->opts.check,
                .verified = run->out.verified,
                .expired = run->out.expired,
                .tries_used = run->out.tries_used,
                .host = run->host,
        };
        enum audit_sink done = audit_write(wanted, &ev);

        report_result(stdout, run->user_display, run->opts.check, &run->out, done, wanted);
        return ssr_status_exit(run->out.status);
}

static void find_session(struct run *run)
{
        if (run->opts.session_id)
                snprintf(run->session_id, sizeof run->session_id, "%s", run->opts.session_id);
        else if (session_find_worker_id(run->session_id, sizeof run->session_id) < 0)
                run->session_id[0] = '\0';

        if (run->opts.requester)
                snprintf(run->requester, sizeof run->requester, "%s", run->opts.requester);
        else if (!run->session_id[0] ||
                 session_requester_from_id(run->session_id, run->requester, sizeof run->requester) < 0)
                run->requester[0] = '\0';
}

int main(int argc, char **argv)
{
        static struct run run;
        char err[512];
        enum username_error ue;
        int r;

        /* Before any secret exists: no core dumps, and a closed session must
         * not kill us before the attempt is recorded. */
        (void) harden_process();
        signal(SIGPIPE, SIG_IGN);
        if (gethostname(run.host, sizeof run.host - 1) < 0)
                snprintf(run.host, sizeof run.host, "unknown");

        if (cli_parse(argc, argv, &run.opts, err, sizeof err) < 0) {
                char shown[sizeof err * 4];

                escape_display(err, strlen(err), shown, sizeof shown);
                snprintf(run.user_display, sizeof run.user_display, "(none)");
                set_outcome(&run, SSR_BAD_REQUEST, shown);
                return finish(&run);
        }
        if (run.opts.help) {
                fputs(cli_usage, stdout);
                return 0;
        }
        if (run.opts.version) {
                puts(PACKAGE_STRING);
                return 0;
        }

        escape_display(run.opts.username, strlen(run.opts.username), run.user_display, sizeof run.user_display);
        find_session(&run);

        ue = username_check(run.opts.username, strlen(run.opts.username));
        if (ue != USERNAME_OK) {
                set_outcome(&run, SSR_BAD_REQUEST, username_strerror(ue));
                return finish(&run);
        }
        if (getuid() != 0 || geteuid() != 0) {
                set_outcome(&run, SSR_NOT_PERMITTED,
                            "ssmreset must run as root: run the session document with elevated "
                            "rights (sudo ssmreset USER), or as root on the host");
                return finish(&run);
        }
        if ((r = secmem_init()) < 0) {
                set_outcome(&run, SSR_SYSTEM_ERROR, "cannot set up locked memory for the password");
                return finish(&run);
        }
        run.sink = audit_probe();
        if (run.sink == AUDIT_NONE) {
                set_outcome(&run, SSR_SYSTEM_ERROR,
                            "the attempt cannot be recorded: neither journald nor syslog is reachable");
                return finish(&run);
        }
        if (backend_find_account(run.opts.username, &run.out) != SSR_CHANGED)
                return finish(&run);

        /* --check prompts for nothing: the terminal stays as it is. */
        if (!run.opts.check) {
                report_header(stderr, run.user_display, run.host, run.session_id, run.requester);
                if ((r = terminal_open(STDIN_FILENO, STDERR_FILENO, &run.term)) < 0) {
                        set_outcome(&run, SSR_SYSTEM_ERROR, "cannot set up the terminal");
                        return finish(&run);
                }
        }
        struct ssr_request req = {
                .username = run.opts.username,
                .tries = run.opts.tries,
                .session_id = run.session_id,
                .requester = run.requester,
                .expire = run.opts.expire,
                .check_only = run.opts.check,
        };
        struct ssr_conv conv = {
                .ask = conv_ask,
                .answer_free = conv_answer_free,
                .say = conv_say,
                .userdata = &run,
        };
        backend_reset(&req, &conv, &run.out);
        describe_abort(&run);
        terminal_close(run.term);
        run.term = NULL;
        return finish(&run);
}
