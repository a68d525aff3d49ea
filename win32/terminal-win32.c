/* SPDX-License-Identifier: Apache-2.0 */
/* The terminal through the Windows console API. Console input is read as
 * UTF-16 with ReadConsoleW, so non-ASCII passwords arrive intact whatever
 * the code page, and fed to lineedit as UTF-8. Echo and line input are off
 * from open to close; the console mode comes back in terminal_close(), at
 * exit, and in the control handler on Ctrl+C and console close. Input that
 * is not a console (a pipe, a file) is read byte by byte. */
#include "config.h"

#include <errno.h>
#include <io.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "escape.h"
#include "lineedit.h"
#include "os/secmem.h"
#include "os/terminal.h"
#include "terminal-win32.h"
#include "utf16.h"
#include "utf16-feed.h"

/* How long the control handler holds a closing console open so that the
 * attempt is still recorded: Windows ends the process after 5 s. */
#define CLOSE_GRACE_MS 4000
#define PIPE_POLL_MS 20

struct terminal {
        HANDLE in, out;
        bool in_console, out_console;
        DWORD saved_mode;
        bool after_cr;
        struct utf16_feed feed;
};

/* What the handler and the exit hook need; one terminal at a time. */
static volatile LONG received_event = -1;
static HANDLE interrupt_event, closed_event;
static HANDLE restore_handle = INVALID_HANDLE_VALUE;
static DWORD restore_mode;

static void restore_now(void)
{
        if (restore_handle != INVALID_HANDLE_VALUE)
                SetConsoleMode(restore_handle, restore_mode);
}

BOOL WINAPI terminal_win32_ctrl_handler(DWORD type)
{
        InterlockedCompareExchange(&received_event, (LONG) type, -1);
        if (interrupt_event)
                SetEvent(interrupt_event);
        if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT)
                return TRUE; /* handled: the prompt ends, the run finishes */
        /* Close, logoff, shutdown: Windows ends the process when we return.
         * Echo first, then give main() time to record the attempt. */
        restore_now();
        if (closed_event)
                WaitForSingleObject(closed_event, CLOSE_GRACE_MS);
        return TRUE;
}

static HANDLE handle_of(int fd)
{
        intptr_t h = _get_osfhandle(fd);

        return h == -1 ? INVALID_HANDLE_VALUE : (HANDLE) h;
}

int terminal_open(int in_fd, int out_fd, struct terminal **ret)
{
        static bool exit_hook;
        struct terminal *t;
        DWORD mode;

        t = calloc(1, sizeof *t);
        if (!t)
                return -ENOMEM;
        t->in = handle_of(in_fd);
        t->out = handle_of(out_fd);
        if (t->in == INVALID_HANDLE_VALUE || t->out == INVALID_HANDLE_VALUE) {
                free(t);
                return -EBADF;
        }
        received_event = -1;
        if (!interrupt_event)
                interrupt_event = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!closed_event)
                closed_event = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!interrupt_event || !closed_event) {
                free(t);
                return -ENOMEM;
        }
        ResetEvent(interrupt_event);
        ResetEvent(closed_event);
        SetConsoleCtrlHandler(terminal_win32_ctrl_handler, TRUE);

        t->out_console = GetConsoleMode(t->out, &mode) != 0;
        t->in_console = GetConsoleMode(t->in, &t->saved_mode) != 0;
        if (t->in_console) {
                restore_mode = t->saved_mode;
                restore_handle = t->in;
                if (!exit_hook)
                        exit_hook = atexit(restore_now) == 0;
                /* Key by key, no echo: lineedit does the editing. Processed
                 * input stays on so Ctrl+C reaches the control handler. */
                mode = (t->saved_mode & ~(DWORD) (ENABLE_ECHO_INPUT | ENABLE_LINE_INPUT)) | ENABLE_PROCESSED_INPUT;
                if (!SetConsoleMode(t->in, mode)) {
                        terminal_close(t);
                        return -EIO;
                }
        }
        *ret = t;
        return 0;
}

void terminal_close(struct terminal *t)
{
        if (!t)
                return;
        if (t->in_console) {
                SetConsoleMode(t->in, t->saved_mode);
                restore_handle = INVALID_HANDLE_VALUE;
        }
        SetConsoleCtrlHandler(terminal_win32_ctrl_handler, FALSE);
        if (closed_event)
                SetEvent(closed_event);
        free(t);
}

int terminal_signal(const struct terminal *t)
{
        switch (received_event) {
        case -1:
                return 0;
        case CTRL_C_EVENT:
                return SIGINT;
        case CTRL_BREAK_EVENT:
                return SIGBREAK;
        default:
                return SIGTERM;
        }
}

const char *terminal_interrupt_name(const struct terminal *t)
{
        switch (received_event) {
        case -1:
                return NULL;
        case CTRL_C_EVENT:
                return "Ctrl+C";
        case CTRL_BREAK_EVENT:
                return "Ctrl+Break";
        case CTRL_CLOSE_EVENT:
                return "the console closing";
        case CTRL_LOGOFF_EVENT:
                return "a logoff";
        default:
                return "a shutdown";
        }
}

static void write_bytes(struct terminal *t, HANDLE out, bool console, const char *s, size_t n)
{
        DWORD w;

        if (console) {
                wchar_t wide[4 * 512 + 4];
                size_t wlen;
                if (utf16_from_utf8(s, n, wide, sizeof wide / sizeof wide[0], &wlen) == 0)
                        WriteConsoleW(out, wide, (DWORD) wlen, &w, NULL);
                return;
        }
        while (n > 0 && WriteFile(out, s, (DWORD) n, &w, NULL) && w > 0) {
                s += w;
                n -= w;
        }
}

static void write_shown(struct terminal *t, HANDLE out, bool console, const char *text, bool newline)
{
        char buf[4 * 512 + 3];
        size_t o = escape_terminal(text, buf, sizeof buf - 2);

        if (newline) {
                if (console)
                        buf[o++] = '\r';
                buf[o++] = '\n';
        }
        write_bytes(t, out, console, buf, o);
}

static int wait_for(struct terminal *t, HANDLE h, DWORD deadline_tick, bool has_deadline)
{
        HANDLE hs[2] = { interrupt_event, h };
        DWORD timeout = INFINITE;

        if (received_event != -1)
                return -EINTR;
        if (has_deadline) {
                LONG left = (LONG) (deadline_tick - GetTickCount());
                if (left <= 0)
                        return -ETIMEDOUT;
                timeout = (DWORD) left;
        }
        switch (WaitForMultipleObjects(h ? 2 : 1, hs, FALSE,
                                       h ? timeout : (timeout < PIPE_POLL_MS ? timeout : PIPE_POLL_MS))) {
        case WAIT_OBJECT_0:
                return -EINTR;
        case WAIT_OBJECT_0 + 1:
                return 0;
        case WAIT_TIMEOUT:
                return h || (has_deadline && (LONG) (deadline_tick - GetTickCount()) <= 0) ? -ETIMEDOUT : 1;
        default:
                return -EIO;
        }
}

/* One UTF-16 unit typed at the console. Events other than typed characters
 * (focus, mouse, key releases) are taken out of the way so that ReadConsoleW
 * never blocks past the deadline. */
static int read_console_unit(struct terminal *t, DWORD deadline, bool has_deadline, wchar_t *ret)
{
        for (;;) {
                INPUT_RECORD rec;
                DWORD n = 0;
                int r = wait_for(t, t->in, deadline, has_deadline);

                if (r < 0)
                        return r;
                if (!PeekConsoleInputW(t->in, &rec, 1, &n))
                        return -EIO;
                if (n == 0)
                        continue;
                if (rec.EventType == KEY_EVENT && rec.Event.KeyEvent.bKeyDown &&
                    rec.Event.KeyEvent.uChar.UnicodeChar != 0) {
                        if (!ReadConsoleW(t->in, ret, 1, &n, NULL))
                                return -EIO;
                        if (n == 1)
                                return 0;
                        continue;
                }
                if (!ReadConsoleInputW(t->in, &rec, 1, &n))
                        return -EIO;
        }
}

/* One byte from a pipe or a file. Anonymous pipes cannot be waited on:
 * poll them, so the deadline and Ctrl+C still count. A pipe that cannot be
 * peeked (Wine's view of a Unix pipe) is read blocking: no deadline there. */
static int read_stream_byte(struct terminal *t, DWORD deadline, bool has_deadline, unsigned char *ret)
{
        bool pipe = GetFileType(t->in) == FILE_TYPE_PIPE;

        for (;;) {
                DWORD avail = 0, got = 0;

                if (pipe) {
                        if (!PeekNamedPipe(t->in, NULL, 0, NULL, &avail, NULL)) {
                                DWORD err = GetLastError();
                                if (err == ERROR_BROKEN_PIPE)
                                        return -ENODATA;
                                if (err != ERROR_NOT_SUPPORTED && err != ERROR_INVALID_FUNCTION)
                                        return -EIO;
                                pipe = false;
                                continue;
                        }
                        if (avail == 0) {
                                int r = wait_for(t, NULL, deadline, has_deadline);
                                if (r < 0)
                                        return r;
                                continue;
                        }
                } else if (received_event != -1)
                        return -EINTR;
                if (!ReadFile(t->in, ret, 1, &got, NULL))
                        return GetLastError() == ERROR_BROKEN_PIPE ? -ENODATA : -EIO;
                return got == 1 ? 0 : -ENODATA;
        }
}

static void echo_change(struct terminal *t, const struct lineedit *le, size_t len_before)
{
        if (le->len > len_before)
                write_bytes(t, t->out, t->out_console, le->buf + len_before, le->len - len_before);
        else if (le->len < len_before)
                write_bytes(t, t->out, t->out_console, "\b \b", 3);
}

int terminal_ask(struct terminal *t, const char *prompt, bool secret, unsigned timeout_s, char **ret_answer,
                 size_t *ret_len)
{
        const size_t cap = PASSWORD_BUFFER_SIZE;
        bool has_deadline = timeout_s != 0;
        DWORD deadline = GetTickCount() + timeout_s * 1000u;
        struct lineedit le;
        char *buf;
        int r;

        buf = secmem_alloc(cap);
        if (!buf)
                return -ENOMEM;
        lineedit_init(&le, buf, cap);
        le.after_cr = t->after_cr;

        for (;;) {
                enum lineedit_event ev = LINEEDIT_MORE;

                write_shown(t, t->out, t->out_console, prompt, false);
                t->feed = (struct utf16_feed){ 0 };
                do {
                        size_t before = le.len;

                        if (t->in_console) {
                                wchar_t u = 0;
                                r = read_console_unit(t, deadline, has_deadline, &u);
                                if (r < 0)
                                        goto fail;
                                ev = utf16_feed_unit(&t->feed, &le, u);
                                SecureZeroMemory(&u, sizeof u);
                        } else {
                                unsigned char c = 0;
                                r = read_stream_byte(t, deadline, has_deadline, &c);
                                if (r < 0)
                                        goto fail;
                                ev = lineedit_feed(&le, c);
                                SecureZeroMemory(&c, sizeof c);
                        }
                        if (!secret && t->in_console)
                                echo_change(t, &le, before);
                } while (ev == LINEEDIT_MORE);
                if (ev == LINEEDIT_EOF) {
                        r = -ENODATA;
                        goto fail;
                }
                write_shown(t, t->out, t->out_console, "", true);
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
        write_shown(t, t->out, t->out_console, "", true); /* the prompt's line ends either way */
        t->after_cr = le.after_cr;
        secmem_free(buf, cap);
        return r;
}

void terminal_say(struct terminal *t, const char *text)
{
        HANDLE out = t ? t->out : GetStdHandle(STD_ERROR_HANDLE);
        DWORD mode;

        write_shown(t, out, t ? t->out_console : GetConsoleMode(out, &mode) != 0, text, true);
}
