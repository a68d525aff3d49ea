/* SPDX-License-Identifier: Apache-2.0 */
/* The walk of session_find_worker_id() (os/session.h) over a /proc-like
 * tree, so that tests can give it one of their own making. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* From pid up through its ancestors as proc (normally "/proc") shows them:
 * PID/status for the user ids (the walk ends, -ENOENT, at the first that is
 * not root by real and effective uid), PID/cmdline for the name and first
 * argument, PID/exe for the executable (only the agent's counts), PID/stat
 * for the parent. Returns as session_find_worker_id() does. */
int session_find_worker_in(const char *proc, pid_t pid, char *buf, size_t n);

/* Is exe (a path, as /proc/PID/exe links it) the agent's worker as its
 * packages install it: /usr/bin/ssm-session-worker, or
 * /snap/amazon-ssm-agent/REVISION/ssm-session-worker? */
bool session_worker_exe_trusted(const char *exe);
