/* SPDX-License-Identifier: Apache-2.0 */
/* The console seam over pipes (what Wine can give without a console):
 * lines, time-outs, end of input, Ctrl+C and console close. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>

#include "os/secmem.h"
#include "os/terminal.h"
#include "terminal-win32.h"

static HANDLE in_w, out_r;
static struct terminal *t;

static int setup(void **state)
{
        HANDLE in_r, out_w;
        int in_fd, out_fd;

        assert_int_equal(secmem_init(), 0);
        assert_true(CreatePipe(&in_r, &in_w, NULL, 0));
        assert_true(CreatePipe(&out_r, &out_w, NULL, 1 << 16));
        in_fd = _open_osfhandle((intptr_t) in_r, _O_RDONLY);
        out_fd = _open_osfhandle((intptr_t) out_w, _O_WRONLY);
        assert_true(in_fd >= 0 && out_fd >= 0);
        assert_int_equal(terminal_open(in_fd, out_fd, &t), 0);
        return 0;
}

static int teardown(void **state)
{
        terminal_close(t);
        if (in_w)
                CloseHandle(in_w);
        CloseHandle(out_r);
        in_w = NULL;
        return 0;
}

static void type(const char *s)
{
        DWORD w;

        assert_true(WriteFile(in_w, s, (DWORD) strlen(s), &w, NULL));
}

/* What the terminal wrote so far. */
static const char *shown(void)
{
        static char buf[4096];
        DWORD avail = 0, got = 0;

        buf[0] = '\0';
        if (PeekNamedPipe(out_r, NULL, 0, NULL, &avail, NULL) && avail > 0 &&
            ReadFile(out_r, buf, avail < sizeof buf - 1 ? avail : sizeof buf - 1, &got, NULL))
                buf[got] = '\0';
        return buf;
}

static void reads_lines_as_utf8_with_cr_lf_or_crlf(void **state)
{
        char *a;
        size_t n;

        type("p\xc3\xa4ss\r\nsecond\r");
        assert_int_equal(terminal_ask(t, "New password: ", true, 5, &a, &n), 0);
        assert_int_equal(n, 5);
        assert_string_equal(a, "p\xc3\xa4ss");
        secmem_free(a, PASSWORD_BUFFER_SIZE);
        /* The LF of the CRLF belonged to the first line. */
        assert_int_equal(terminal_ask(t, "Retype new password: ", true, 5, &a, &n), 0);
        assert_string_equal(a, "second");
        secmem_free(a, PASSWORD_BUFFER_SIZE);
        const char *out = shown();
        assert_non_null(strstr(out, "New password: "));
        assert_non_null(strstr(out, "Retype new password: "));
        assert_null(strstr(out, "second")); /* never echoed */
}

static void unusable_lines_are_refused_and_asked_again(void **state)
{
        char *a;
        size_t n;

        type("bad\x01line\rgood\r");
        assert_int_equal(terminal_ask(t, "New password: ", true, 5, &a, &n), 0);
        assert_string_equal(a, "good");
        secmem_free(a, PASSWORD_BUFFER_SIZE);
        assert_non_null(strstr(shown(), "Control characters are not allowed"));
}

static void silence_times_out(void **state)
{
        char *a = NULL;
        size_t n;
        DWORD start = GetTickCount();

        assert_int_equal(terminal_ask(t, "New password: ", true, 1, &a, &n), -ETIMEDOUT);
        assert_true(GetTickCount() - start >= 900);
        assert_null(a);
}

static void end_of_input_is_nodata(void **state)
{
        char *a = NULL;
        size_t n;

        type("half");
        CloseHandle(in_w);
        in_w = NULL;
        assert_int_equal(terminal_ask(t, "New password: ", true, 5, &a, &n), -ENODATA);
        assert_null(a);
}

static DWORD WINAPI deliver(void *type)
{
        Sleep(200);
        return terminal_win32_ctrl_handler((DWORD) (uintptr_t) type);
}

static void ctrl_c_interrupts_the_prompt(void **state)
{
        char *a = NULL;
        size_t n;
        HANDLE th = CreateThread(NULL, 0, deliver, (void *) (uintptr_t) CTRL_C_EVENT, 0, NULL);

        assert_null(terminal_interrupt_name(t));
        assert_int_equal(terminal_ask(t, "New password: ", true, 0, &a, &n), -EINTR);
        assert_string_equal(terminal_interrupt_name(t), "Ctrl+C");
        assert_int_equal(WaitForSingleObject(th, 2000), WAIT_OBJECT_0);
        CloseHandle(th);
}

static void console_close_waits_for_the_record(void **state)
{
        char *a = NULL;
        size_t n;
        HANDLE th = CreateThread(NULL, 0, deliver, (void *) (uintptr_t) CTRL_CLOSE_EVENT, 0, NULL);

        assert_int_equal(terminal_ask(t, "New password: ", true, 0, &a, &n), -EINTR);
        assert_string_equal(terminal_interrupt_name(t), "the console closing");
        /* Windows ends the process when the handler returns: it must hold
         * on until terminal_close() says the attempt was recorded. */
        assert_int_equal(WaitForSingleObject(th, 300), WAIT_TIMEOUT);
        terminal_close(t);
        t = NULL;
        assert_int_equal(WaitForSingleObject(th, 2000), WAIT_OBJECT_0);
        CloseHandle(th);
}

static void messages_are_shown_without_escape_sequences(void **state)
{
        terminal_say(t, "BAD PASSWORD: \x1b[2Jtoo short");
        const char *out = shown();
        assert_non_null(strstr(out, "BAD PASSWORD: \\x1b[2Jtoo short\n"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
        const struct CMUnitTest tests[] = {
                T(reads_lines_as_utf8_with_cr_lf_or_crlf),
                T(unusable_lines_are_refused_and_asked_again),
                T(silence_times_out),
                T(end_of_input_is_nodata),
                T(ctrl_c_interrupts_the_prompt),
                T(console_close_waits_for_the_record),
                T(messages_are_shown_without_escape_sequences),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
