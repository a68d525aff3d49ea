/* SPDX-License-Identifier: Apache-2.0 */
/* Undoing one write to a colon-separated account file (shadow(5),
 * passwd(5), the password history) when others may have written the file
 * since: a three-way merge, as diff3 and git do, of
 *
 *   before  the file just before the write (stack-writes.h),
 *   after   the file the write left,
 *   now     the file as it is, read under the shadow lock,
 *
 * into a file that is `now` with every change from `before` to `after` taken
 * back where `now` still holds what the write put there, and kept where
 * anyone else has changed it since:
 *
 *   - lines are matched by their name (the first field; comments and blank
 *     lines by their whole text), in order, so that duplicate names and
 *     lines others added, removed or moved are told apart (Myers' diff);
 *   - a line the write changed goes back to its bytes from before when it is
 *     still the write's; when someone else changed it since, field by field:
 *     a field goes back only where it still holds the write's value
 *     (compare and swap), and a field that follows another (the shadow
 *     last-change day follows the hash) goes back only with it;
 *   - a line the write dropped (a comment, a blank line, a line the writer
 *     could not parse) comes back next to the lines it stood by;
 *   - a line the write added goes away when it is still as written.
 *
 * Where the write's change cannot be told apart from a later one (a history
 * line others wrote again, a line the write added that was edited since, a
 * dropped line with no neighbour left), the later state stays and the report
 * says what. Pure: no I/O. */
#pragma once

#include <stddef.h>

#define UNDO_MAX_FIELDS 16

struct undo_rules {
        /* Whether a line changed by both sides may be merged field by field
         * (shadow, passwd); otherwise it stays as it is now and is
         * reported (a history line: its entries are a list, not fields). */
        int by_field;
        /* follows[f] = g (g > 0): field f goes back only when field g does,
         * or when the write did not change g. 0: none. */
        int follows[UNDO_MAX_FIELDS];
};

/* The shadow(5) rule: the last-change day (field 2) follows the hash (1). */
extern const struct undo_rules undo_rules_shadow;
extern const struct undo_rules undo_rules_passwd;
extern const struct undo_rules undo_rules_history;

struct undo_report {
        unsigned stays; /* how many of the write's changes stay */
        char what[256]; /* the first of them, for people: "the line of alice" */
};

/* The merged file, malloc'ed in *ret (NUL-terminated, *ret_len bytes
 * without it, wipe it: it holds hashes) and what stays in *report. before
 * may be NULL (the write made the file). Returns 0, -ENOMEM, or -E2BIG when
 * `now` differs from `after` in more lines than can be matched (beyond
 * about a thousand): then nothing is merged and the caller must say that
 * the write stays. */
int account_undo(const char *before, size_t before_len, const char *after, size_t after_len, const char *now,
                 size_t now_len, const struct undo_rules *rules, char **ret, size_t *ret_len,
                 struct undo_report *report);
