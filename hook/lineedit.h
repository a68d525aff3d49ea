/* SPDX-License-Identifier: Apache-2.0 */
/* Turns raw terminal bytes into lines: CR, LF and CRLF end a line (session
 * clients send CR), backspace and ^U edit, ^D on an empty line is end of
 * input. Pure logic, no I/O, so it can be fuzzed. The buffer belongs to the
 * caller (secure memory for passwords). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum lineedit_event {
        LINEEDIT_MORE, /* byte consumed, line not finished */
        LINEEDIT_LINE, /* a line ended; see len and flags */
        LINEEDIT_EOF,  /* ^D on an empty line */
};

enum {
        LINEEDIT_HAD_CONTROL = 1 << 0, /* a control byte other than the editing ones */
        LINEEDIT_TOO_LONG = 1 << 1,    /* more bytes than fit: the line is cut */
};

struct lineedit {
        char *buf;  /* cap bytes, NUL-terminated at len */
        size_t cap; /* at least 1 */
        size_t len;
        unsigned flags;
        bool after_cr; /* the last line ended in CR: one LF that follows belongs to it */
};

void lineedit_init(struct lineedit *le, char *buf, size_t cap);
/* Starts a new line, wiping what the buffer held. after_cr survives. */
void lineedit_reset(struct lineedit *le);
enum lineedit_event lineedit_feed(struct lineedit *le, unsigned char c);
/* Why a finished line is unusable as a password, for people, with the
 * limit for one too long: false when the line is fine. */
bool lineedit_explain(const struct lineedit *le, char *buf, size_t n);
/* Why a finished line is unusable as a password, or NULL when it is fine. */
const char *lineedit_problem(const struct lineedit *le);
