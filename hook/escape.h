/* SPDX-License-Identifier: Apache-2.0 */
/* Untrusted text made safe to show and to log. */
#pragma once

#include <stddef.h>

/* Copies in[0..len) to out, writing control bytes, DEL, backslash and bytes
 * that are not valid UTF-8 as \xNN; always NUL-terminates, cuts with "..."
 * when out is too small. */
void escape_display(const char *in, size_t len, char *out, size_t outlen);

/* Text from the OS for a terminal, as it is but never as escape sequences
 * that could rewrite the person's screen: C0 controls other than newline and
 * tab, DEL, C1 controls (which xterm obeys in UTF-8 too: U+009B is CSI) and
 * bytes that are not UTF-8 become \xNN. Cut at whole characters to fit
 * outlen; not NUL-terminated. Returns the length written. */
size_t escape_terminal(const char *text, char *out, size_t outlen);

/* One line of text for people, from an untrusted source (what a PAM module
 * said, a path the caller gave): as it is, but every control (C0, newline
 * and tab too, DEL, C1) and every byte that is not UTF-8 as \xNN; cut at
 * whole characters to fit, always NUL-terminated. */
void escape_line(const char *text, char *out, size_t outlen);
