/* SPDX-License-Identifier: Apache-2.0 */
/* A private folder for one unit test's files, under $TMPDIR (or /tmp), and
 * its removal without a shell: paths are never spliced into a command. */
#pragma once

#include <stddef.h>

/* Makes "$TMPDIR/NAME.XXXXXX" (mkdtemp(3)) into buf (n bytes). Returns 0,
 * or -errno (-ENAMETOOLONG when buf is too small). */
int scratch_dir_make(char *buf, size_t n, const char *name);

/* Removes path and everything below it, not following symbolic links
 * (nftw(3), depth first). Returns 0, or -errno of the first failure. */
int scratch_dir_remove(const char *path);
