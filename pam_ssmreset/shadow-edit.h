/* Safe edits of /etc/shadow: under the shadow lock, through a new file
 * renamed over the old one, as shadow-utils and pam_unix do. */
#pragma once

/* Sets the last-change field of user to day (0: change at next login).
 * Returns 0, -ENOENT when user has no line, -EBUSY when the lock cannot be
 * taken, or -errno. */
int shadow_set_last_change(const char *user, long day);
