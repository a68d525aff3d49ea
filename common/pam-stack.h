/* SPDX-License-Identifier: Apache-2.0 */
/* Reads a PAM service's stack of one type ("password") as libpam would
 * assemble it, following @include, include and substack, for --doctor and
 * for what the backend must know of the stack before it starts (the hash
 * method pam_unix will use). Pure file parsing: no module is loaded, so it is
 * unit-tested over fixture folders (tests/unit/pam.d/).
 *
 * Follows Linux-PAM 1.5's pam.d(5): "type control module [args]" lines,
 * '#' comments, '\' line continuation, a leading '-' on the type (a module
 * that may be missing), bracketed controls ("[success=1 default=ignore]",
 * which may hold blanks), bracketed arguments ("[a b]"), "@include FILE"
 * (every type of FILE), "TYPE include FILE" and "TYPE substack FILE" (FILE's
 * lines of TYPE), FILE looked up in each of dirs in turn (libpam: /etc/pam.d,
 * then the vendor folder /usr/lib/pam.d) or taken as it is when absolute. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Where libpam looks for a service its configuration folder does not have
 * (Linux-PAM built with --enable-vendordir). */
#define PAM_VENDOR_DIR "/usr/lib/pam.d"

#define PAM_STACK_MAX_DEPTH 8
#define PAM_STACK_MAX_ARGS 32

struct pam_stack_line {
        char *file;                         /* the service file the line is in (a path) */
        unsigned lineno;                    /* where it starts there, from 1 */
        unsigned depth;                     /* 0: the service's own file; +1 per include */
        bool in_substack;                   /* inside a substack at some level */
        bool optional;                      /* "-password": libpam skips it if the module is missing */
        char *control;                      /* "required", "[success=1 default=ignore]", ... */
        char *module;                       /* as written: "pam_unix.so" or a path */
        char *args[PAM_STACK_MAX_ARGS + 1]; /* NULL-terminated */
        size_t n_args;
};

struct pam_stack {
        struct pam_stack_line *lines;
        size_t n;
};

/* Reads service's lines of type (for example "password") from the first of
 * dirs (NULL-terminated) that has it. Returns 0 and the lines in order, or
 * -ENOENT (no such service, or an include names a file that is nowhere),
 * -ELOOP (includes nested deeper than PAM_STACK_MAX_DEPTH), -EINVAL (a
 * line libpam would refuse), -E2BIG (more than PAM_STACK_MAX_ARGS arguments),
 * -EISDIR (a file of the stack is not a regular file: a FIFO, which would hold
 * libpam and this reader for ever, is never opened so that it could block),
 * -ENOMEM or another -errno; then err says which file and line, for people.
 * Free *ret with pam_stack_free() on success. */
int pam_stack_read(const char *const *dirs, const char *service, const char *type, struct pam_stack *ret, char *err,
                   size_t errlen);
void pam_stack_free(struct pam_stack *stack);

/* The module's file name without its folder: "pam_unix.so". */
const char *pam_stack_module_name(const struct pam_stack_line *line);
/* Does the line carry the argument arg, or "arg=..." when arg ends in '='?
 * Returns the argument's value after '=' ("" for a bare flag), or NULL. */
const char *pam_stack_arg(const struct pam_stack_line *line, const char *arg);
