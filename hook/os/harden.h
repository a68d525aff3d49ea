/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: process-wide protections taken before any secret exists.
 * Every backend provides this. Linux: linux/harden-linux.c; Windows:
 * win32/harden-win32.c. */
#pragma once

/* No core dumps, no ptrace by unprivileged processes. Returns 0 or -errno. */
int harden_process(void);
