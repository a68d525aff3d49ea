/* SPDX-License-Identifier: Apache-2.0 */
/* The one limit on a password, the same wherever it comes from (terminal,
 * console, --batch request, generator). */
#pragma once

/* Longest password, in bytes of UTF-8: PAM's own limit (PAM_MAX_RESP_SIZE,
 * 512) less the NUL. */
#define PASSWORD_MAX 511
/* The secure buffer every copy of a password lives in: PASSWORD_MAX bytes
 * and a NUL. Freed with secmem_free(p, PASSWORD_BUFFER_SIZE). */
#define PASSWORD_BUFFER_SIZE (PASSWORD_MAX + 1)
