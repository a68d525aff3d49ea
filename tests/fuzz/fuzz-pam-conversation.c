/* SPDX-License-Identifier: Apache-2.0 */
/* The PAM conversation function of linux/backend-pam.c, played from
 * PAM's side: arbitrary message arrays (any count, including 0 and more than
 * PAM_MAX_NUM_MSG; any style; NULL, short and huge texts), called up to four
 * times on one conversation state the way pam_chauthtok() does, also in
 * --check mode (every prompt refused), against an ssr_conv whose ask() gives
 * canned answers, errors, or the answer terminal_ask() reads from a pipe of
 * fuzzed keystrokes, and whose say() shows the message with terminal_say()
 * (into a memfd: no tty needed).
 *
 * Checked: the return code and the calls made follow the documented rules
 * (the first failure stops, nothing is asked when the count is out of range,
 * nothing is shown after a prompt --check refused); the last error message is
 * kept; the responses hold exactly the answers; last_secret is the last
 * hidden answer; every answer is released with answer_free() once; every
 * response string the conversation frees itself was wiped first (allocator
 * hooks); what terminal_say() and the prompts write holds no C0 (but newline
 * and tab), DEL or C1 control and is valid UTF-8; answers from terminal_ask()
 * are control-free UTF-8.
 *
 * Input: a head byte (bits 0-1: rounds - 1; bit 7: the secure heap runs out
 * after bits 2-3 more allocations; bit 6: --check), then per round a count
 * byte (signed) and per message a style byte and a text (kind byte: 0 NULL,
 * 1 huge, else a length byte and the bytes); what is left feeds ask(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sanitizer/allocator_interface.h>
#include <security/pam_appl.h>

#include "fuzz-check.h"
#include "backend-pam.h"
#include "os/backend.h"
#include "secmem-checked.h"
#include "os/secmem.h"
#include "os/terminal.h"
#include "utf8.h"

#define MAX_ROUNDS 4
#define MAX_LOG 64
#define HUGE_MIN (8 * 1024)

struct input {
        const uint8_t *p;
        size_t n;
};

static uint8_t byte(struct input *in)
{
        if (in->n == 0)
                return 0;
        in->n--;
        return *in->p++;
}

/* Up to want bytes; fewer when the input runs out. */
static size_t take(struct input *in, size_t want, const uint8_t **ret)
{
        size_t n = want < in->n ? want : in->n;

        *ret = in->p;
        in->p += n;
        in->n -= n;
        return n;
}

enum answer_kind { CANNED, FROM_TERMINAL };

/* One ask() or say() the conversation made. */
struct call {
        bool is_ask;
        const char *text; /* the prompt or message as passed */
        bool secret;      /* ask */
        int r;            /* ask: what it returned */
        char *answer;     /* ask, r == 0: a copy, to compare the response with */
        size_t len;
        bool secmem_fails_next; /* ask, r == 0: the next secmem_alloc() fails */
};

static struct {
        struct input *in;
        struct call log[MAX_LOG];
        size_t nlog;
        int out_fd; /* memfd behind terminal_say() and the prompts */
        /* Answers handed out and not yet released. */
        struct {
                char *p;
                enum answer_kind kind;
        } live[MAX_LOG];
        size_t nlive;
        /* Response strings the conversation allocated: must be wiped before free. */
        size_t resp_expected; /* size of the allocation that comes next, 0: none */
        struct {
                const volatile void *p;
                size_t size;
        } resp[MAX_LOG];
        size_t nresp;
} fz;

static void on_malloc(const volatile void *p, size_t size)
{
        if (!fz.resp_expected)
                return;
        /* answer() copies the answer into malloc(len + 1) right after ask()
         * returns: that is the next allocation. */
        CHECK(size == fz.resp_expected);
        CHECK(fz.nresp < MAX_LOG);
        fz.resp[fz.nresp].p = p;
        fz.resp[fz.nresp].size = size;
        fz.nresp++;
        fz.resp_expected = 0;
}

static void on_free(const volatile void *p)
{
        for (size_t i = 0; i < fz.nresp; i++) {
                if (fz.resp[i].p != p)
                        continue;
                for (size_t j = 0; j < fz.resp[i].size; j++)
                        if (((const volatile unsigned char *) p)[j] != 0) {
                                fprintf(stderr, "a PAM response holding an answer was freed without being wiped\n");
                                abort();
                        }
                fz.resp[i] = fz.resp[--fz.nresp];
                return;
        }
}

static const char *output(size_t *ret_len)
{
        static char buf[8192];
        ssize_t n = pread(fz.out_fd, buf, sizeof buf - 1, 0);

        CHECK(n >= 0);
        buf[n] = '\0';
        *ret_len = (size_t) n;
        return buf;
}

static void clear_output(void)
{
        CHECK(ftruncate(fz.out_fd, 0) == 0);
        CHECK(lseek(fz.out_fd, 0, SEEK_SET) == 0);
}

/* Safe to put on the person's screen: UTF-8 without C0 controls other than
 * newline and tab, without DEL and without C1 controls. */
static void check_screen_safe(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *) s;

        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length(u + i, n - i);
                unsigned cp;

                CHECK(l > 0);
                cp = utf8_decode(u + i, l);
                CHECK(cp >= 0x20 || cp == '\n' || cp == '\t');
                CHECK(cp < 0x7F || cp > 0x9F);
                i += l;
        }
}

/* A text terminal_say() must show unchanged. */
static bool plain(const char *s, size_t n)
{
        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length((const unsigned char *) s + i, n - i);
                unsigned cp;

                if (l == 0)
                        return false;
                cp = utf8_decode((const unsigned char *) s + i, l);
                if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F))
                        return false;
                i += l;
        }
        return true;
}

static struct call *log_call(void)
{
        CHECK(fz.nlog < MAX_LOG);
        fz.log[fz.nlog] = (struct call){ 0 };
        return &fz.log[fz.nlog++];
}

static void fake_say(void *userdata, const char *message, bool is_error)
{
        struct call *c = log_call();
        struct terminal *t;
        int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        size_t n, len = strlen(message);
        const char *shown;

        c->text = message;
        CHECK(in_fd >= 0);
        clear_output();
        CHECK(terminal_open(in_fd, fz.out_fd, &t) == 0);
        terminal_say(t, message);
        terminal_close(t);
        close(in_fd);

        shown = output(&n);
        CHECK(n > 0 && shown[n - 1] == '\n');
        CHECK(n <= 4 * 512 + 2);
        check_screen_safe(shown, n);
        if (len < 1024 && plain(message, len))
                CHECK(n == len + 1 && memcmp(shown, message, len) == 0);
}

/* An answer the way the terminal gives it: NUL-terminated, len bytes, no NUL
 * inside (NUL is a control byte, refused). */
static int canned_answer(char **ret, size_t *ret_len)
{
        const uint8_t *p;
        size_t want = byte(fz.in);
        size_t n;
        char *a;

        if (want == 255)
                want = PASSWORD_MAX; /* the longest there is */
        n = take(fz.in, want, &p);
        a = malloc(n + 1);
        CHECK(a);
        for (size_t i = 0; i < n; i++)
                a[i] = p[i] ? (char) p[i] : 'x';
        a[n] = '\0';
        *ret = a;
        *ret_len = n;
        return 0;
}

/* The answer terminal_ask() reads from a pipe holding the next fuzzed bytes,
 * then end of input. */
static int terminal_answer(const char *prompt, bool secret, char **ret, size_t *ret_len)
{
        const uint8_t *p;
        size_t n = take(fz.in, byte(fz.in) * 4u, &p);
        int fds[2];
        struct terminal *t;
        int r;

        CHECK(pipe2(fds, O_CLOEXEC) == 0);
        CHECK(write(fds[1], p, n) == (ssize_t) n); /* at most 1020 bytes: fits the pipe */
        close(fds[1]);
        clear_output();
        CHECK(terminal_open(fds[0], fz.out_fd, &t) == 0);
        r = terminal_ask(t, prompt, secret, 0, ret, ret_len);
        terminal_close(t);
        close(fds[0]);
        CHECK(r == 0 || r == -ENODATA || r == -ENOMEM);
        if (r == 0) {
                CHECK(*ret_len <= PASSWORD_MAX);
                CHECK(strlen(*ret) == *ret_len);
                /* What the terminal accepts is control-free UTF-8 (README). */
                CHECK(plain(*ret, *ret_len) && !memchr(*ret, '\n', *ret_len) && !memchr(*ret, '\t', *ret_len));
        }
        {
                /* Prompts, refusals and line ends: all safe to show. */
                size_t on;
                const char *shown = output(&on);

                CHECK(on > 0 || r == -ENOMEM); /* no buffer: not even a prompt */
                check_screen_safe(shown, on);
        }
        return r;
}

static int fake_ask(void *userdata, const char *prompt, bool secret, char **ret_answer, size_t *ret_len)
{
        struct call *c = log_call();
        uint8_t op = byte(fz.in);
        enum answer_kind kind = CANNED;
        char *a = NULL;
        size_t len = 0;
        int r;

        c->is_ask = true;
        c->text = prompt;
        c->secret = secret;
        switch (op % 8) {
        case 0:
                r = -ENODATA;
                break;
        case 1:
                r = -ETIMEDOUT;
                break;
        case 2:
                r = -EINTR;
                break;
        case 3:
                kind = FROM_TERMINAL;
                r = terminal_answer(prompt, secret, &a, &len);
                break;
        default:
                r = canned_answer(&a, &len);
        }
        c->r = r;
        if (r < 0)
                return r;
        c->answer = malloc(len + 1);
        CHECK(c->answer);
        memcpy(c->answer, a, len + 1);
        c->len = len;
        c->secmem_fails_next = secmem_checked_fail_after == 0;
        CHECK(fz.nlive < MAX_LOG);
        fz.live[fz.nlive].p = a;
        fz.live[fz.nlive].kind = kind;
        fz.nlive++;
        *ret_answer = a;
        *ret_len = len;
        fz.resp_expected = len + 1;
        return 0;
}

static void fake_answer_free(void *userdata, char *answer)
{
        for (size_t i = 0; i < fz.nlive; i++) {
                if (fz.live[i].p != answer)
                        continue;
                if (fz.live[i].kind == FROM_TERMINAL)
                        secmem_free(answer, PASSWORD_BUFFER_SIZE); /* as hook/main.c does */
                else {
                        secure_wipe(answer, strlen(answer));
                        free(answer);
                }
                fz.live[i] = fz.live[--fz.nlive];
                return;
        }
        fprintf(stderr, "answer_free() of %p, which ask() did not hand out (or twice)\n", (void *) answer);
        abort();
}

/* A message text: NULL, huge, or a short one from the input. */
static char *message_text(struct input *in)
{
        uint8_t kind = byte(in);
        const uint8_t *p;
        size_t n;
        char *s;

        if (kind % 16 == 0)
                return NULL;
        if (kind % 16 == 1) {
                /* A pattern of up to 8 input bytes (escape sequences, say)
                 * repeated to 8 .. 263 KiB: far beyond PAM_MAX_MSG_SIZE and
                 * what terminal_say() shows. */
                size_t size = HUGE_MIN + (size_t) byte(in) * 1024;
                size_t pn = take(in, 1 + kind / 32, &p);

                s = malloc(size + 1);
                CHECK(s);
                for (size_t i = 0; i < size && i < 8; i++)
                        s[i] = pn ? (char) (p[i % pn] ? p[i % pn] : 0x1b) : 'A';
                for (size_t done = pn ? pn : 1; done < size; done *= 2)
                        memcpy(s + done, s, done < size - done ? done : size - done);
                s[size] = '\0';
                return s;
        }
        n = take(in, byte(in), &p);
        s = malloc(n + 1);
        CHECK(s);
        memcpy(s, p, n); /* a NUL inside just ends the text early */
        s[n] = '\0';
        return s;
}

static int style(struct input *in)
{
        uint8_t b = byte(in);

        switch (b % 8) {
        case 0:
                return PAM_PROMPT_ECHO_OFF;
        case 1:
                return PAM_PROMPT_ECHO_ON;
        case 2:
                return PAM_ERROR_MSG;
        case 3:
                return PAM_TEXT_INFO;
        case 4:
                return PAM_BINARY_PROMPT;
        case 5:
                return PAM_RADIO_TYPE;
        case 6:
                return (int) (int8_t) byte(in) * 1000; /* nonsense, negative too */
        default:
                return PAM_PROMPT_ECHO_OFF;
        }
}

static bool is_prompt(int s)
{
        return s == PAM_PROMPT_ECHO_OFF || s == PAM_PROMPT_ECHO_ON;
}

static bool is_message(int s)
{
        return s == PAM_ERROR_MSG || s == PAM_TEXT_INFO;
}

struct expect {
        char *secret; /* the last hidden answer, NULL if none or lost */
        size_t secret_len;
        int error;            /* the first ask() failure of all rounds */
        bool reached_prompt;  /* check_only: a prompt was refused */
        char last_error[512]; /* the last error message shown */
};

/* One call of the conversation, checked against what PAM may expect. */
static void round_trip(struct input *in, struct conv_state *cs, struct expect *ex)
{
        int n = (int8_t) byte(in);
        int count = n > 0 ? n : 0;
        struct pam_message *m = NULL;
        const struct pam_message **msg = NULL;
        struct pam_response *const sentinel = (struct pam_response *) &sentinel;
        struct pam_response *resp = sentinel;
        int rc, want = PAM_SUCCESS;
        size_t k = 0;

        if (count > 0) {
                m = calloc((size_t) count, sizeof *m);
                msg = calloc((size_t) count, sizeof *msg);
                CHECK(m && msg);
        }
        for (int i = 0; i < count; i++) {
                m[i].msg_style = style(in);
                m[i].msg = message_text(in);
                msg[i] = &m[i];
        }

        fz.nlog = 0;
        rc = backend_pam_conversation(n, msg, &resp, cs);
        fz.resp_expected = 0;

        /* Replay the calls against the messages: they are made in order, and
         * the first failure ends the conversation. */
        if (n <= 0 || n > PAM_MAX_NUM_MSG) {
                want = PAM_CONV_ERR;
                CHECK(fz.nlog == 0);
        } else {
                for (int i = 0; i < n && want == PAM_SUCCESS; i++) {
                        const char *text = m[i].msg ? m[i].msg : "";

                        if (is_prompt(m[i].msg_style) && cs->check_only) {
                                /* --check: refuse, ask nothing, remember it. */
                                ex->reached_prompt = true;
                                want = PAM_CONV_ERR;
                        } else if (is_prompt(m[i].msg_style)) {
                                struct call *c = &fz.log[k++];

                                CHECK(k <= fz.nlog && c->is_ask);
                                CHECK(strcmp(c->text, text) == 0);
                                CHECK(c->secret == (m[i].msg_style == PAM_PROMPT_ECHO_OFF));
                                if (c->r < 0) {
                                        want = PAM_CONV_ERR;
                                        if (!ex->error)
                                                ex->error = c->r;
                                } else if (c->secret) {
                                        free(ex->secret);
                                        ex->secret = NULL;
                                        if (c->secmem_fails_next)
                                                want = PAM_BUF_ERR;
                                        else {
                                                ex->secret = malloc(c->len + 1);
                                                CHECK(ex->secret);
                                                memcpy(ex->secret, c->answer, c->len + 1);
                                                ex->secret_len = c->len;
                                        }
                                }
                        } else if (is_message(m[i].msg_style) && ex->reached_prompt) {
                                /* After a refused prompt the stack talks about
                                 * the refusal: not shown, not a reason. */
                        } else if (is_message(m[i].msg_style)) {
                                struct call *c = &fz.log[k++];

                                CHECK(k <= fz.nlog && !c->is_ask);
                                CHECK(c->text == m[i].msg || (!m[i].msg && strcmp(c->text, "") == 0));
                                if (m[i].msg_style == PAM_ERROR_MSG)
                                        snprintf(ex->last_error, sizeof ex->last_error, "%s", text);
                        } else
                                want = PAM_CONV_ERR; /* binary, radio, nonsense */
                }
                CHECK(k == fz.nlog); /* nothing after the first failure */
        }
        CHECK(rc == want);
        CHECK(cs->error == ex->error);
        CHECK(cs->reached_prompt == ex->reached_prompt);
        CHECK(memchr(cs->last_error, '\0', sizeof cs->last_error));
        CHECK(strcmp(cs->last_error, ex->last_error) == 0);
        if (ex->secret) {
                CHECK(cs->last_secret && cs->last_secret_size == ex->secret_len + 1);
                CHECK(memcmp(cs->last_secret, ex->secret, ex->secret_len + 1) == 0);
        } else
                CHECK(!cs->last_secret);
        CHECK(fz.nlive == 0); /* every answer released, once */

        if (rc != PAM_SUCCESS)
                CHECK(resp == sentinel); /* PAM frees nothing on failure */
        else {
                k = 0;
                CHECK(resp && resp != sentinel);
                for (int i = 0; i < n; i++) {
                        CHECK(resp[i].resp_retcode == 0);
                        if (is_prompt(m[i].msg_style) && cs->check_only) {
                                /* --check: refuse, ask nothing, remember it. */
                                ex->reached_prompt = true;
                                want = PAM_CONV_ERR;
                        } else if (is_prompt(m[i].msg_style)) {
                                struct call *c = &fz.log[k++];

                                CHECK(resp[i].resp && strlen(resp[i].resp) == c->len);
                                CHECK(memcmp(resp[i].resp, c->answer, c->len) == 0);
                        } else {
                                CHECK(!resp[i].resp);
                                k++;
                        }
                }
                /* What PAM does with a reply: wipe and free. */
                for (int i = 0; i < n; i++)
                        if (resp[i].resp) {
                                secure_wipe(resp[i].resp, strlen(resp[i].resp));
                                free(resp[i].resp);
                        }
                free(resp);
        }
        CHECK(fz.nresp == 0); /* every response string freed */

        for (size_t i = 0; i < fz.nlog; i++)
                free(fz.log[i].answer);
        for (int i = 0; i < count; i++)
                free((char *) m[i].msg);
        free(m);
        free(msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        fz.out_fd = memfd_create("terminal", MFD_CLOEXEC);
        CHECK(fz.out_fd >= 0);
        CHECK(__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct input in = { data, size };
        struct ssr_conv conv = {
                .ask = fake_ask,
                .answer_free = fake_answer_free,
                .say = fake_say,
        };
        struct conv_state cs = { .conv = &conv };
        struct expect ex = { 0 };
        uint8_t head = byte(&in);

        cs.check_only = head & 0x40; /* --check: every prompt refused */
        fz.in = &in;
        /* Sometimes the secure heap runs out after a few allocations. */
        secmem_checked_fail_after = head & 0x80 ? (head >> 2) & 3 : -1;
        for (int r = 0; r <= (head & 3) && r < MAX_ROUNDS; r++)
                round_trip(&in, &cs, &ex);

        secmem_free(cs.last_secret, cs.last_secret_size);
        free(ex.secret);
        CHECK(secmem_checked_live == 0); /* no secure buffer left behind */
        secmem_checked_fail_after = -1;
        return 0;
}
