/* SPDX-License-Identifier: Apache-2.0 */
/* The colon-separated account files (/etc/shadow, /etc/passwd,
 * /etc/security/opasswd): read without ever blocking, and written the way
 * shadow-utils and pam_unix write them, so that readers never see half a
 * file and a failure leaves the file as it was. */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* Far beyond any real /etc/shadow; a larger file is refused, not truncated. */
#define ACCOUNT_FILE_MAX (256 * 1024 * 1024)

/* Opens path for reading so that it cannot block: O_NONBLOCK (a FIFO would
 * wait for a writer), then it must be a regular file. Returns the
 * descriptor (O_CLOEXEC, blocking mode again), -ENOENT, -EINVAL when path is
 * not a regular file (a FIFO, a folder, a device), or -errno. */
int account_file_open(const char *path);

/* The same, as a stdio stream to read (fclose() it). Returns 0 and *ret, or
 * the errors of account_file_open(). */
int account_file_stream(const char *path, FILE **ret);

/* user's line in path (the first one "user:..."), without its newline,
 * malloc'ed; free it with account_file_line_free(). Returns 0, -ENOENT when
 * path has no such line (or does not exist; *ret_line is then NULL), -EINVAL
 * when path is not a regular file, -EIO on a read error, or -errno. */
int account_file_line(const char *path, const char *user, char **ret_line);
/* The same for text, the whole of a file in memory. */
int account_text_line(const char *text, const char *user, char **ret_line);
/* Wipes and frees a line account_file_line() returned; NULL is fine. */
void account_file_line_free(char *line);

/* The whole of path, malloc'ed and NUL-terminated, its length (without the
 * NUL) in *ret_len; wipe and free it with account_file_free(). Returns 0,
 * -ENOENT, -EINVAL (not a regular file), -EFBIG (over ACCOUNT_FILE_MAX), -EIO,
 * or -errno. */
int account_file_read(const char *path, char **ret, size_t *ret_len);
void account_file_free(char *text, size_t len);

/* Replaces the file path with text (len bytes). The new file is made in
 * path's folder as ".NAME.ssmreset-XXXXXX", given path's owner, mode and
 * SELinux context (libselinux, when built with it: the file is created with
 * the context when SELinux is enabled, the label is copied otherwise),
 * written, fsync'ed and renamed over path; then the folder is fsync'ed. Any
 * failure removes the new file and leaves path untouched. Files of that name
 * pattern owned by root that an earlier run left (killed between making and
 * renaming its copy) are removed first: the caller holds the shadow lock
 * (shadow-lock.h), under which every such copy is made, so none of them is
 * another run's work in progress. Returns 0, -ENOENT (path does not exist),
 * -EINVAL (not a regular file), -EIO, or -errno. */
int account_file_write(const char *path, const char *text, size_t len);

/* Writes path anew with user's first line replaced by line (a whole line
 * without newline), removed when line is NULL, appended when path had none;
 * every other byte stays as it was. As account_file_write(), whose returns it
 * shares; the caller holds the shadow lock. */
int account_file_replace_line(const char *path, const char *user, const char *line);
