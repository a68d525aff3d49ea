/* SPDX-License-Identifier: Apache-2.0 */
/* Who asked: the Session Manager session this reset runs in. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define SESSION_ID_MAX 256

/* The session agent's worker process, whose first argument is the session id. */
#define SESSION_WORKER_NAME "ssm-session-worker"

/* Session ids and requester names: 1..256 of [A-Za-z0-9+=,.@_-], the
 * characters of an IAM role session name, plus '-'. */
bool session_token_valid(const char *s);

/* The requester is the session id up to its last '-'
 * ("alice@example.com-0a1b2c3d4e5f" -> "alice@example.com").
 * Returns 0, or -EINVAL when the id has no such prefix. */
int session_requester_from_id(const char *id, char *buf, size_t n);

/* Helper for that walk: is argv0 (a path or a name) the worker? */
bool session_is_worker_name(const char *argv0);
