/* SPDX-License-Identifier: Apache-2.0 */
/* A message for people in a caller's buffer, and -EINVAL for the caller. */
#pragma once

#include <stddef.h>

__attribute__((format(printf, 3, 4))) int errmsg(char *err, size_t errlen, const char *fmt, ...);
