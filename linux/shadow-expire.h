/* SPDX-License-Identifier: Apache-2.0 */
/* --expire: the new password must be changed at the next login, as
 * `chage -d 0` or `passwd --expire` mark it: last-change day 0 in
 * /etc/shadow (shadow(5)). */
#pragma once

#include <stddef.h>

/* line ("user:hash:lastchg:...") with its third field set to day, in out.
 * Returns 0, -EINVAL when line has fewer than three fields, -ENOSPC when
 * out is too small. Pure: no I/O. */
int shadow_line_set_last_change(const char *line, long day, char *out, size_t n);

/* Sets user's last-change day in /etc/shadow to 0. The caller holds the
 * shadow lock. Returns 0, -ENOENT when user has no line, or -errno. */
int shadow_expire(const char *user);
