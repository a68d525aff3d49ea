/* The walk of session_find_worker_id() (os/session.h) over a /proc-like
 * tree, so that tests can give it one of their own making. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* From pid up through its ancestors as proc (normally "/proc") shows them:
 * PID/stat for the parent, PID/cmdline for the name and first argument.
 * Returns as session_find_worker_id() does. */
int session_find_worker_in(const char *proc, pid_t pid, char *buf, size_t n);
