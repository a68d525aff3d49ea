/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <unistd.h>

#include "os/privileges.h"

bool privileges_sufficient(void)
{
        /* Real uid too: pam_unix trusts it, and a setuid copy is not root. */
        return getuid() == 0 && geteuid() == 0;
}

const char *privileges_advice(void)
{
        return "ssmreset must run as root: run the session document with elevated "
               "rights (sudo ssmreset USER), or as root on the host";
}
