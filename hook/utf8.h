/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 well-formedness, shared by user names and terminal input. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if it is not one
 * (overlong, surrogate, beyond U+10FFFF, truncated, stray continuation). */
size_t utf8_sequence_length(const unsigned char *s, size_t n);
bool utf8_valid(const unsigned char *s, size_t n);
/* The code point of a sequence utf8_sequence_length() accepted. */
unsigned utf8_decode(const unsigned char *s, size_t len);
/* Is there a C1 control (U+0080..U+009F) in the well-formed sequences of s?
 * They arrive as two bytes, C2 80..C2 9F, which byte-wise checks miss. */
bool utf8_has_c1_control(const unsigned char *s, size_t n);
/* C1 controls, Unicode blanks and line separators: invisible in a name. */
bool unicode_is_space_or_control(unsigned cp);
