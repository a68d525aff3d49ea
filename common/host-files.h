/* SPDX-License-Identifier: Apache-2.0 */
/* The files a reset opens, or whatever it runs opens (libpam, pam_unix, NSS,
 * libpwquality, cracklib), checked before anyone is asked anything: a FIFO
 * in a file's place would block whoever opens it for ever, a folder reads as
 * an empty file and silently drops a policy. Checked without opening
 * anything that could block. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Is path a regular file (after symbolic links), or absent where allowed?
 * what names the file for people ("the password history"). Returns 0,
 * -ENOENT when it is absent and required, -EINVAL when it is something else
 * (a FIFO, a folder, a device, a socket), or -errno; on error why says which
 * file, what it is, and the fix. */
int host_file_check(const char *path, bool required, const char *what, char *why, size_t n);

/* The same for every entry of the folder dir whose name ends in suffix (""
 * for every name not beginning with a dot): a missing folder is fine. */
int host_folder_check(const char *dir, const char *suffix, const char *what, char *why, size_t n);
