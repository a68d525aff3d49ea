/* Process-wide protections taken before any secret exists. */
#pragma once

/* No core dumps, no ptrace by unprivileged processes. Returns 0 or -errno. */
int harden_process(void);
