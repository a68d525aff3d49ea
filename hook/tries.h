/* SPDX-License-Identifier: Apache-2.0 */
/* What every backend does the same way between tries. */
#pragma once

#include "os/backend.h"

/* After a refused password: tells the person another try is coming, or,
 * after the last, makes out->reason say that every try was refused (keeping
 * the last refusal's words). */
void backend_password_refused(const struct ssr_conv *conv, unsigned attempt, unsigned tries, struct ssr_outcome *out);
