/* SPDX-License-Identifier: Apache-2.0 */
/* Can pam_unix store a new password? It writes a full new copy of
 * /etc/shadow as /etc/nshadow (and of /etc/passwd as /etc/npasswd, of
 * /etc/security/opasswd as /etc/security/nopasswd, and pam_pwhistory of its
 * history file) and renames it over the old one; when that fails it returns
 * PAM_AUTHTOK_ERR, the code of a refused password, and says nothing. So it
 * is checked before: by the module before any prompt and under the shadow
 * lock, by ssmreset --doctor, and by ssmreset after an unexplained failure,
 * to name the cause. The history files are those of the ssmreset service
 * (history-files.h). */
#pragma once

#include <stddef.h>

/* Returns 0 when nothing stands in the way, else a negative errno with the
 * cause and its fix, for people, in why:
 *   -EINVAL   the shadow lock file, /etc/shadow, /etc/passwd or a password
 *             history file is not a regular file (a FIFO would block every
 *             writer for ever: host-files.h);
 *   -EROFS    the file system of one of them is mounted read-only;
 *   -ENOSPC   it has no room for a new copy of the file (or no free inode);
 *   -EISDIR   /etc/nshadow, /etc/npasswd or /etc/security/nopasswd is a
 *             folder or another non-file pam_unix cannot write;
 *   -EPERM    /etc, /etc/shadow, /etc/passwd, the lock file or a history
 *             file is immutable or append-only (chattr);
 *   -errno    one of them cannot be examined. */
int account_store_check(char *why, size_t n);
