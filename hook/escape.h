/* Untrusted text made safe to show and to log. */
#pragma once

#include <stddef.h>

/* Copies in[0..len) to out, writing control bytes, DEL, backslash and bytes
 * that are not valid UTF-8 as \xNN; always NUL-terminates, cuts with "..."
 * when out is too small. */
void escape_display(const char *in, size_t len, char *out, size_t outlen);
