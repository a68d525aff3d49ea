/* SPDX-License-Identifier: Apache-2.0 */
/* The Session Manager agent on this host, as its package manager and /proc
 * see it: installed (deb, rpm or snap) and which version, and running. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define AGENT_NAME "amazon-ssm-agent"

/* The installed agent's version and how it was installed ("deb package",
 * "rpm package", "snap"); NULL when no package holds it. dpkg-query and rpm
 * are asked, without a shell; a snap's version comes from its snap.yaml. */
const char *agent_installed(char *version, size_t n);
/* Does a process run the agent (argv[0] named AGENT_NAME)? */
bool agent_running(void);
