/* SPDX-License-Identifier: Apache-2.0 */
/* What this process wrote to the account files: the record a failed try
 * needs to put back exactly its own writes and nothing else.
 *
 * Every writer of the account files that ssmreset runs -- pam_unix
 * (passverify.c: /etc/nshadow, /etc/npasswd, /etc/security/nopasswd),
 * pam_pwhistory (opasswd.c), ssmreset itself (account-file.h) -- writes a
 * whole new copy and rename(2)s it over the file. The program defines
 * rename() and exports it (linux/ssmreset.dynamic), so that the modules
 * libpam loads call it in place of the C library's (the ELF lookup order
 * puts the executable first). While a log is armed, each rename onto one of
 * its files notes the bytes the file held just before (read from the old
 * file, held open across the rename) and just after (the copy renamed in);
 * then, and always, the rename itself happens as the C library's would.
 * Nothing else is changed: a rename onto any other path, or with no log
 * armed, is the plain system call.
 *
 * What it cannot see: a writer that edits a file in place, or a helper
 * process (pam_unix's unix_update, run only when SELinux confines the
 * caller). A try whose files changed without an entry here is treated as
 * someone else's change. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define STACK_WRITES_MAX_FILES 8
#define STACK_WRITES_MAX 16

struct stack_write {
        const char *path; /* one of the armed paths */
        char *before;     /* the file's bytes before the rename; NULL when it did not exist */
        size_t before_len;
        char *after; /* the file's bytes the rename put in place */
        size_t after_len;
};

struct stack_writes {
        const char *paths[STACK_WRITES_MAX_FILES]; /* the files watched; strings owned by the caller */
        size_t n_paths;
        struct stack_write writes[STACK_WRITES_MAX]; /* in the order they happened */
        size_t n;
        /* A rename onto a watched file that could not be noted in full (no
         * memory, too many, a copy that could not be read): the log does not
         * tell everything this process wrote, and nothing may be put back on
         * its word alone. 0, or the -errno of the first such failure. */
        int incomplete;
};

/* Watches paths (n at most STACK_WRITES_MAX_FILES; the strings must outlive
 * the log) from now until stack_writes_disarm(), noting into log, which
 * starts empty. One log at a time per process. */
void stack_writes_arm(struct stack_writes *log, const char *const *paths, size_t n);
/* Stops noting; the log keeps what it holds. */
void stack_writes_disarm(void);
/* Wipes (the copies hold password hashes) and frees what log holds. */
void stack_writes_free(struct stack_writes *log);
