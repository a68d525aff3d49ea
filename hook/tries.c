/* SPDX-License-Identifier: Apache-2.0 */
/* What every backend does the same way between tries. */
#include "config.h"

#include <stdio.h>

#include "tries.h"

void backend_password_refused(const struct ssr_conv *conv, unsigned attempt, unsigned tries, struct ssr_outcome *out)
{
        if (attempt < tries) {
                char msg[96];
                snprintf(msg, sizeof msg, "Password not changed. Try again (%u of %u).", attempt + 1, tries);
                conv->say(conv->userdata, msg, true);
        } else {
                char last[sizeof out->reason];
                snprintf(last, sizeof last, "%s", out->reason);
                snprintf(out->reason, sizeof out->reason,
                         "the new password was refused on every try (%u of %u); last: %.180s", attempt, tries, last);
        }
}
