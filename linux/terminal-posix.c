/* SPDX-License-Identifier: Apache-2.0 */
/* The terminal through termios. Echo stays off from open to close, not just
 * while a prompt waits, so keys typed ahead of a prompt are never echoed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "lineedit.h"
#include "os/secmem.h"
#include "os/terminal.h"
#include "utf8.h"

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define N_CAUGHT (sizeof caught_signals / sizeof caught_signals[0])

struct terminal {
        int in_fd, out_fd;
        bool is_tty;
        struct termios saved;
        struct sigaction saved_actions[N_CAUGHT];
        struct sigaction saved_tstp;
        bool after_cr;
};

/* State the signal handler and the exit hook need; one terminal at a time. */
static volatile sig_atomic_t received_signal;
static int signal_pipe[2] = { -1, -1 };
static int restore_fd = -1;
static struct termios restore_termios;

/* Keys typed ahead and not read (the rest of a pasted line, an answer to a
 * prompt that never came) would go to whatever reads the terminal next, a
 * shell that echoes them: they are discarded before echo comes back.
 * TCSAFLUSH would do both, but waits for the output to drain, which a stalled
 * session could make last for ever. */
static void restore_terminal(int fd, const struct termios *saved)
{
        (void) tcflush(fd, TCIFLUSH);
        (void) tcsetattr(fd, TCSANOW, saved);
}

static void restore_now(void)
{
        if (restore_fd >= 0)
                restore_terminal(restore_fd, &restore_termios);
}

static void on_signal(int sig)
{
        int saved_errno = errno;

        if (!received_signal)
                received_signal = sig;
        if (signal_pipe[1] >= 0)
                (void) write(signal_pipe[1], "", 1);
        errno = saved_errno;
}

static void write_all(int fd, const char *s, size_t n)
{
        while (n > 0) {
                ssize_t w = write(fd, s, n);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return; /* the session is gone: nobody to tell */
                s += w;
                n -= (size_t) w;
        }
}

static void write_str(int fd, const char *s)
{
        write_all(fd, s, strlen(s));
}

int terminal_open(int in_fd, int out_fd, struct terminal **ret)
{
        static bool exit_hook;
        struct terminal *t;
        struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

        t = calloc(1, sizeof *t);
        if (!t)
                return -ENOMEM;
        t->in_fd = in_fd;
        t->out_fd = out_fd;

        if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
                free(t);
                return -errno;
        }
        received_signal = 0;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < N_CAUGHT; i++)
                sigaction(caught_signals[i], &sa, &t->saved_actions[i]);
        /* A stopped job with echo off would leave the person's shell blind. */
        sigaction(SIGTSTP, &(struct sigaction){ .sa_handler = SIG_IGN }, &t->saved_tstp);

        t->is_tty = isatty(in_fd) && tcgetattr(in_fd, &t->saved) == 0;
        if (t->is_tty) {
                struct termios raw = t->saved;

                restore_termios = t->saved;
                restore_fd = in_fd;
                if (!exit_hook)
                        exit_hook = atexit(restore_now) == 0;
                /* Byte at a time, no echo, no CR translation: lineedit does
                 * the editing. ISIG stays on so ^C still interrupts. */
                raw.c_lflag &= ~(ECHO | ECHONL | ICANON);
                raw.c_iflag &= ~(ICRNL | INLCR | IGNCR);
                raw.c_cc[VMIN] = 1;
                raw.c_cc[VTIME] = 0;
                if (tcsetattr(in_fd, TCSANOW, &raw) < 0) {
                        int r = -errno;
                        terminal_close(t);
                        return r;
                }
        }
        *ret = t;
        return 0;
}

void terminal_close(struct terminal *t)
{
        if (!t)
                return;
        if (t->is_tty) {
                restore_terminal(t->in_fd, &t->saved);
                restore_fd = -1;
        }
        for (size_t i = 0; i < N_CAUGHT; i++)
                sigaction(caught_signals[i], &t->saved_actions[i], NULL);
        sigaction(SIGTSTP, &t->saved_tstp, NULL);
        for (int i = 0; i < 2; i++) {
                if (signal_pipe[i] >= 0)
                        close(signal_pipe[i]);
                signal_pipe[i] = -1;
        }
        free(t);
}

int terminal_signal(const struct terminal *t)
{
        return received_signal;
}

const char *terminal_interrupt_name(const struct terminal *t)
{
        switch (received_signal) {
        case 0:
                return NULL;
        case SIGINT:
                return "SIGINT (Ctrl+C)";
        case SIGHUP:
                return "SIGHUP (the session closed)";
        case SIGTERM:
                return "SIGTERM";
        default:
                return "SIGQUIT";
        }
}

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One byte, or -ENODATA / -ETIMEDOUT / -EINTR / -errno. */
static int read_byte(struct terminal *t, long long deadline_ms, unsigned char *ret)
{
        for (;;) {
                struct pollfd p[2] = {
                        { .fd = t->in_fd, .events = POLLIN },
                        { .fd = signal_pipe[0], .events = POLLIN },
                };
                int timeout = -1;

                if (received_signal)
                        return -EINTR;
                if (deadline_ms >= 0) {
                        long long left = deadline_ms - now_ms();
                        if (left <= 0)
                                return -ETIMEDOUT;
                        timeout = left > 60000 ? 60000 : (int) left;
                }
                int n = poll(p, 2, timeout);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0 || p[1].revents)
                        continue; /* re-check deadline and signal */
                ssize_t r = read(t->in_fd, ret, 1);
                if (r == 1)
                        return 0;
                if (r == 0)
                        return -ENODATA;
                if (errno == EINTR || errno == EAGAIN)
                        continue;
                if (errno == EIO) /* the pty's other side closed */
                        return -ENODATA;
                return -errno;
        }
}

static void write_shown(int fd, const char *text, bool newline)
{
        char out[4 * 512 + 2];
        size_t o = escape_terminal(text, out, sizeof out - 1);

        if (newline)
                out[o++] = '\n';
        write_all(fd, out, o);
}

static void echo_byte(struct terminal *t, const struct lineedit *le, unsigned char c, size_t len_before)
{
        if (le->len > len_before)
                write_all(t->out_fd, (const char *) &c, 1);
        else if (le->len < len_before)
                write_str(t->out_fd, "\b \b");
}

int terminal_ask(struct terminal *t, const char *prompt, bool secret, unsigned timeout_s, char **ret_answer,
                 size_t *ret_len)
{
        const size_t cap = PASSWORD_BUFFER_SIZE;
        struct lineedit le;
        long long deadline = timeout_s ? now_ms() + (long long) timeout_s * 1000 : -1;
        char *buf;
        int r;

        buf = secmem_alloc(cap);
        if (!buf)
                return -ENOMEM;
        lineedit_init(&le, buf, cap);
        le.after_cr = t->after_cr;

        for (;;) {
                unsigned char c;
                enum lineedit_event ev;

                write_shown(t->out_fd, prompt, false);
                do {
                        size_t before = le.len;

                        r = read_byte(t, deadline, &c);
                        if (r < 0)
                                goto fail;
                        ev = lineedit_feed(&le, c);
                        if (!secret && t->is_tty)
                                echo_byte(t, &le, c, before);
                } while (ev == LINEEDIT_MORE);
                secure_wipe(&c, sizeof c);
                if (ev == LINEEDIT_EOF) {
                        r = -ENODATA;
                        goto fail;
                }
                write_str(t->out_fd, "\n");
                char problem[96];
                if (!lineedit_explain(&le, problem, sizeof problem))
                        break;
                terminal_say(t, problem);
                lineedit_reset(&le);
        }
        t->after_cr = le.after_cr;
        *ret_answer = buf;
        *ret_len = le.len;
        return 0;

fail:
        write_str(t->out_fd, "\n"); /* the prompt's line ends either way */
        t->after_cr = le.after_cr;
        secmem_free(buf, cap);
        return r;
}

void terminal_say(struct terminal *t, const char *text)
{
        write_shown(t ? t->out_fd : STDERR_FILENO, text, true);
}
