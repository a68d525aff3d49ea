/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 <-> UTF-16 for the Windows seams: strict both ways (no lone
 * surrogates, no invalid bytes). The caller owns the buffers, so secrets
 * can be converted from secure memory into secure memory. */
#pragma once

#include <stddef.h>
#include <wchar.h>

/* s[0..len) into out (cap wide characters, NUL-terminated); *ret_len gets
 * the length without the NUL. Returns 0, -EINVAL (not UTF-8) or -ENOSPC. */
int utf16_from_utf8(const char *s, size_t len, wchar_t *out, size_t cap, size_t *ret_len);
/* The other way; cap in bytes. Returns 0, -EINVAL (lone surrogate) or -ENOSPC. */
int utf16_to_utf8(const wchar_t *s, size_t len, char *out, size_t cap, size_t *ret_len);
