/* SPDX-License-Identifier: Apache-2.0 */
/* Lines of the colon-separated account files (/etc/shadow, /etc/passwd,
 * /etc/security/opasswd): one account's line read, or replaced the way
 * shadow-utils and pam_unix replace it, so that readers never see half a
 * file and a failure leaves the file as it was. */
#pragma once

/* user's line in path (the first one "user:..."), without its newline,
 * malloc'ed; free it with account_file_line_free(). Returns 0, -ENOENT when
 * path has no such line (or does not exist; *ret_line is then NULL), -EIO
 * on a read error, or -errno. */
int account_file_line(const char *path, const char *user, char **ret_line);
/* Wipes and frees a line account_file_line() returned; NULL is fine. */
void account_file_line_free(char *line);

/* Writes path anew with user's first line replaced by line (a whole line
 * without newline), removed when line is NULL, appended when path had none.
 * Every other byte stays as it was. The new file is made in path's folder,
 * given path's owner, mode and SELinux context (libselinux, when built
 * with it: the file is created with the context when SELinux is enabled,
 * the label is copied otherwise), written, fsync'ed and renamed over path;
 * then the folder is fsync'ed. A read error of path, a short write or any
 * other failure removes the new file and leaves path untouched. The caller
 * holds the shadow lock (shadow-lock.h). Returns 0, -ENOENT (path does not
 * exist), -EIO, or -errno. */
int account_file_replace_line(const char *path, const char *user, const char *line);
