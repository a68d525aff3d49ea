/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: finding the Session Manager session this run belongs to.
 * Every backend provides this. Linux: linux/session-procfs.c (/proc);
 * Windows: win32/session-win32.c (Toolhelp snapshots). */
#pragma once

#include <stddef.h>

#include "session-id.h"

/* Walks up from the parent process to the nearest SESSION_WORKER_NAME and
 * copies its first argument. Returns 0, -ENOENT when there is none, or
 * -EINVAL when its first argument is not a valid session id. */
int session_find_worker_id(char *buf, size_t n);
