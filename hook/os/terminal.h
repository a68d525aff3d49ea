/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: talking to the person: prompts, answers with echo off,
 * messages. Every backend provides these. Linux: linux/terminal-posix.c
 * (termios); Windows: win32/terminal-win32.c (the console API). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "password.h"

struct terminal;

/* Input from in_fd, prompts and messages to out_fd. Echo goes off now and
 * comes back in terminal_close(), and on exit or a fatal signal. Catches
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT so that a prompt can end cleanly.
 * Returns 0 or -errno. */
int terminal_open(int in_fd, int out_fd, struct terminal **ret);
/* Restores the terminal and the signal handlers; NULL is fine. */
void terminal_close(struct terminal *t);

/* Shows prompt and reads one line. Secret answers are not echoed and live in
 * secure memory: free them with secmem_free(answer, PASSWORD_BUFFER_SIZE).
 * timeout_s 0 waits for ever. Unusable lines (too long, control bytes, not
 * UTF-8) are refused with a message and asked again. Returns 0, or
 * -ENODATA (end of input), -ETIMEDOUT, -EINTR (a signal: terminal_signal()
 * says which), or another -errno. */
int terminal_ask(struct terminal *t, const char *prompt, bool secret, unsigned timeout_s, char **ret_answer,
                 size_t *ret_len);

/* Writes text and a newline, control characters made visible; with t NULL
 * (no terminal opened) to standard error. */
void terminal_say(struct terminal *t, const char *text);

/* The signal that interrupted a prompt, or 0. */
int terminal_signal(const struct terminal *t);
/* What interrupted a prompt, for people ("SIGINT (Ctrl+C)", "Ctrl+Break",
 * "the console closing"), or NULL when nothing did. */
const char *terminal_interrupt_name(const struct terminal *t);
