/* SPDX-License-Identifier: Apache-2.0 */
/* What reaches the person's screen from the PAM stack: messages and prompts
 * are shown as they are, but never as escape sequences (found by
 * tests/fuzz/fuzz-pam-conversation: C1 controls such as U+009B, CSI, and
 * bytes that are not UTF-8 went through unescaped, and prompts were not
 * escaped at all). No tty needed: the terminal reads a pipe and writes a
 * memfd. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "os/secmem.h"
#include "os/terminal.h"

static int out_fd = -1;
static char shown[8192];

static int setup(void **state)
{
        out_fd = memfd_create("terminal", MFD_CLOEXEC);
        return out_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        close(out_fd);
        return 0;
}

/* The terminal reading keys (then end of input), writing to the memfd. */
static struct terminal *open_with_keys(const char *keys, size_t n)
{
        int fds[2];
        struct terminal *t = NULL;

        assert_int_equal(pipe(fds), 0);
        assert_int_equal(write(fds[1], keys, n), (ssize_t) n);
        close(fds[1]);
        assert_int_equal(ftruncate(out_fd, 0), 0);
        assert_int_equal(lseek(out_fd, 0, SEEK_SET), 0);
        assert_int_equal(terminal_open(fds[0], out_fd, &t), 0);
        return t;
}

static size_t output(void)
{
        ssize_t n = pread(out_fd, shown, sizeof shown - 1, 0);

        assert_true(n >= 0);
        shown[n] = '\0';
        return (size_t) n;
}

static void say(const char *text, const char *want)
{
        struct terminal *t = open_with_keys("", 0);

        terminal_say(t, text);
        terminal_close(t);
        output();
        assert_string_equal(shown, want);
}

static void messages_are_shown_as_they_are(void **state)
{
        say("BAD PASSWORD: The password is shorter than 8 characters",
            "BAD PASSWORD: The password is shorter than 8 characters\n");
        say("Mot de passe : tr\xc3\xa8s\tcourt\nfin", "Mot de passe : tr\xc3\xa8s\tcourt\nfin\n");
        say("\xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0", "\xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0\n");
}

static void controls_and_bad_bytes_are_made_visible(void **state)
{
        say("a\x1b[2Jb", "a\\x1b[2Jb\n");
        say("a\x7f"
            "b",
            "a\\x7fb\n");
        say("a\r\x07", "a\\x0d\\x07\n");
        /* C1 controls: xterm obeys U+009B (CSI) in UTF-8 too. */
        say("a\xc2\x9b"
            "2Jb",
            "a\\xc2\\x9b2Jb\n");
        say("\xc2\x85", "\\xc2\\x85\n");
        /* Not UTF-8: a stray continuation byte, a lone lead byte. */
        say("a\x9b"
            "2J",
            "a\\x9b2J\n");
        say("a\xff\xc3", "a\\xff\\xc3\n");
}

static void long_messages_are_cut(void **state)
{
        char *text = malloc(100000);
        struct terminal *t;
        size_t n;

        assert_non_null(text);
        memset(text, '\x1b', 99999);
        text[99999] = '\0';
        t = open_with_keys("", 0);
        terminal_say(t, text);
        terminal_close(t);
        n = output();
        assert_true(n <= 4 * 512 + 2);
        assert_int_equal(shown[n - 1], '\n');
        assert_int_equal((n - 1) % 4, 0); /* whole \xNN pieces only */
        free(text);
}

static void prompts_are_escaped_too(void **state)
{
        struct terminal *t = open_with_keys("abc\r", 4);
        char *answer = NULL;
        size_t len = 0;

        assert_int_equal(terminal_ask(t, "\x1b]0;owned\x07\xc2\x9bNew password: ", true, 0, &answer, &len), 0);
        terminal_close(t);
        output();
        assert_string_equal(shown, "\\x1b]0;owned\\x07\\xc2\\x9bNew password: \n");
        assert_int_equal(len, 3);
        assert_string_equal(answer, "abc");
        secmem_free(answer, PASSWORD_BUFFER_SIZE);
}

static void c1_controls_in_an_answer_are_refused(void **state)
{
        static const char keys[] = "a\xc2\x85"
                                   "b\rgood\r";
        struct terminal *t = open_with_keys(keys, sizeof keys - 1);
        char *answer = NULL;
        size_t len = 0;

        assert_int_equal(terminal_ask(t, "Password: ", true, 0, &answer, &len), 0);
        terminal_close(t);
        output();
        assert_non_null(strstr(shown, "Control characters are not allowed"));
        assert_string_equal(answer, "good");
        secmem_free(answer, PASSWORD_BUFFER_SIZE);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(messages_are_shown_as_they_are),
                cmocka_unit_test(controls_and_bad_bytes_are_made_visible),
                cmocka_unit_test(long_messages_are_cut),
                cmocka_unit_test(prompts_are_escaped_too),
                cmocka_unit_test(c1_controls_in_an_answer_are_refused),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
