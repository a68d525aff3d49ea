/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "account-file.h"
#include "pam-stack.h"

struct reader {
        const char *const *dirs;
        const char *type;
        struct pam_stack *stack;
        size_t cap;
        char *err;
        size_t errlen;
};

static void line_free(struct pam_stack_line *l)
{
        free(l->file);
        free(l->control);
        free(l->module);
        for (size_t i = 0; i < l->n_args; i++)
                free(l->args[i]);
}

void pam_stack_free(struct pam_stack *stack)
{
        for (size_t i = 0; i < stack->n; i++)
                line_free(&stack->lines[i]);
        free(stack->lines);
        *stack = (struct pam_stack){ 0 };
}

__attribute__((format(printf, 3, 4))) static int fail(struct reader *rd, int r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(rd->err, rd->errlen, fmt, ap);
        va_end(ap);
        return r;
}

/* The next token of a line: a word, or a bracketed group that may hold
 * blanks and "\]" (libpam's own rule for controls and arguments). Returns
 * its length, 0 at the end, -1 for an unclosed bracket; *p moves past it. */
static long next_token(const char **p, const char **ret)
{
        const char *s = *p;

        while (isspace((unsigned char) *s))
                s++;
        *ret = s;
        if (*s == '\0') {
                *p = s;
                return 0;
        }
        if (*s == '[') {
                const char *e = s + 1;
                while (*e && *e != ']')
                        e += e[0] == '\\' && e[1] ? 2 : 1;
                if (*e != ']')
                        return -1;
                *p = e + 1;
                return e + 1 - s;
        }
        while (*s && !isspace((unsigned char) *s))
                s++;
        *p = s;
        return s - *ret;
}

/* A file named in an include: absolute as it is, else in the first of dirs
 * that has it. */
static int resolve(struct reader *rd, const char *name, char *path, size_t n)
{
        if (name[0] == '/') {
                if ((size_t) snprintf(path, n, "%s", name) >= n)
                        return -ENAMETOOLONG;
                return access(path, R_OK) == 0 ? 0 : -errno;
        }
        for (const char *const *d = rd->dirs; *d; d++) {
                if ((size_t) snprintf(path, n, "%s/%s", *d, name) >= n)
                        return -ENAMETOOLONG;
                if (access(path, F_OK) == 0)
                        return 0;
        }
        return -ENOENT;
}

static int read_file(struct reader *rd, const char *name, unsigned depth, bool substack);

static int add_line(struct reader *rd, const char *file, unsigned lineno, unsigned depth, bool substack, bool optional,
                    const char *control, size_t control_len, const char *rest)
{
        struct pam_stack_line l = {
                .lineno = lineno,
                .depth = depth,
                .in_substack = substack,
                .optional = optional,
        };
        const char *tok, *p = rest;
        long len;

        if (rd->stack->n == rd->cap) {
                size_t cap = rd->cap ? rd->cap * 2 : 16;
                struct pam_stack_line *grown = realloc(rd->stack->lines, cap * sizeof *grown);
                if (!grown)
                        return -ENOMEM;
                rd->stack->lines = grown;
                rd->cap = cap;
        }
        if ((len = next_token(&p, &tok)) <= 0)
                return fail(rd, -EINVAL, "%s:%u: no module named", file, lineno);
        if (!(l.file = strdup(file)) || !(l.control = strndup(control, control_len)) ||
            !(l.module = strndup(tok, (size_t) len))) {
                line_free(&l);
                return -ENOMEM;
        }
        while ((len = next_token(&p, &tok)) != 0) {
                if (len < 0) {
                        line_free(&l);
                        return fail(rd, -EINVAL, "%s:%u: an argument's '[' is never closed", file, lineno);
                }
                if (l.n_args == PAM_STACK_MAX_ARGS) {
                        line_free(&l);
                        return fail(rd, -E2BIG, "%s:%u: more than %d arguments", file, lineno, PAM_STACK_MAX_ARGS);
                }
                if (!(l.args[l.n_args++] = strndup(tok, (size_t) len))) {
                        line_free(&l);
                        return -ENOMEM;
                }
        }
        rd->stack->lines[rd->stack->n++] = l;
        return 0;
}

/* One logical line of file: comment gone, continuation lines joined. */
static int parse_line(struct reader *rd, const char *file, unsigned lineno, char *line, unsigned depth, bool substack)
{
        const char *p = line, *tok, *type, *control;
        long len, type_len, control_len;
        bool optional;

        if ((type_len = next_token(&p, &type)) == 0)
                return 0;
        if (type_len == 8 && strncmp(type, "@include", 8) == 0) {
                char name[PATH_MAX];
                if ((len = next_token(&p, &tok)) <= 0 || (size_t) len >= sizeof name)
                        return fail(rd, -EINVAL, "%s:%u: @include names no file", file, lineno);
                memcpy(name, tok, (size_t) len);
                name[len] = '\0';
                return read_file(rd, name, depth + 1, substack);
        }
        optional = type[0] == '-';
        if (optional) {
                type++;
                type_len--;
        }
        if ((control_len = next_token(&p, &control)) <= 0)
                return fail(rd, -EINVAL, "%s:%u: no control after the type", file, lineno);
        if ((size_t) type_len != strlen(rd->type) || strncasecmp(type, rd->type, (size_t) type_len) != 0)
                return 0;
        if ((control_len == 7 && strncmp(control, "include", 7) == 0) ||
            (control_len == 8 && strncmp(control, "substack", 8) == 0)) {
                char name[PATH_MAX];
                bool sub = control_len == 8;
                if ((len = next_token(&p, &tok)) <= 0 || (size_t) len >= sizeof name)
                        return fail(rd, -EINVAL, "%s:%u: %.*s names no file", file, lineno, (int) control_len, control);
                memcpy(name, tok, (size_t) len);
                name[len] = '\0';
                return read_file(rd, name, depth + 1, substack || sub);
        }
        return add_line(rd, file, lineno, depth, substack, optional, control, (size_t) control_len, p);
}

static int read_file(struct reader *rd, const char *name, unsigned depth, bool substack)
{
        char path[PATH_MAX], *line = NULL, *logical = NULL;
        size_t cap = 0, used = 0;
        unsigned lineno = 0, start = 0;
        ssize_t n;
        FILE *f;
        int r = 0;

        if (depth > PAM_STACK_MAX_DEPTH)
                return fail(rd, -ELOOP, "%s: includes nested deeper than %d (a loop?)", name, PAM_STACK_MAX_DEPTH);
        if ((r = resolve(rd, name, path, sizeof path)) < 0)
                return fail(rd, r, "%s: %s%s", name, depth ? "included, but " : "", strerror(-r));
        /* Never a FIFO, which would hold libpam (and this reader) for ever. */
        if ((r = account_file_stream(path, &f)) == -EINVAL)
                return fail(rd, -EISDIR, "%s is not a regular file (a FIFO or a folder in the file's place)", path);
        if (r < 0)
                return fail(rd, r, "%s: %s", path, strerror(-r));
        while (r == 0 && (n = getline(&line, &cap, f)) >= 0) {
                bool more;
                char *grown;

                lineno++;
                if (used == 0)
                        start = lineno;
                line[strcspn(line, "\n")] = '\0';
                n = (ssize_t) strlen(line);
                more = n > 0 && line[n - 1] == '\\';
                if (more)
                        line[--n] = ' ';
                if (!(grown = realloc(logical, used + (size_t) n + 2))) {
                        r = -ENOMEM;
                        break;
                }
                logical = grown;
                memcpy(logical + used, line, (size_t) n + 1);
                used += (size_t) n;
                if (more)
                        continue;
                logical[strcspn(logical, "#")] = '\0';
                r = parse_line(rd, path, start, logical, depth, substack);
                used = 0;
        }
        if (r == 0 && ferror(f))
                r = fail(rd, -EIO, "%s: read error", path);
        if (r == 0 && used > 0) {
                logical[strcspn(logical, "#")] = '\0';
                r = parse_line(rd, path, start, logical, depth, substack);
        }
        free(line);
        free(logical);
        fclose(f);
        return r;
}

int pam_stack_read(const char *const *dirs, const char *service, const char *type, struct pam_stack *ret, char *err,
                   size_t errlen)
{
        struct pam_stack stack = { 0 };
        struct reader rd = { .dirs = dirs, .type = type, .stack = &stack, .err = err, .errlen = errlen };
        int r;

        err[0] = '\0';
        r = read_file(&rd, service, 0, false);
        if (r < 0) {
                if (!err[0])
                        snprintf(err, errlen, "%s: %s", service, strerror(-r));
                pam_stack_free(&stack);
                return r;
        }
        *ret = stack;
        return 0;
}

const char *pam_stack_module_name(const struct pam_stack_line *line)
{
        const char *slash = strrchr(line->module, '/');

        return slash ? slash + 1 : line->module;
}

const char *pam_stack_arg(const struct pam_stack_line *line, const char *arg)
{
        size_t n = strlen(arg);
        bool valued = n > 0 && arg[n - 1] == '=';

        for (size_t i = 0; i < line->n_args; i++) {
                const char *a = line->args[i];
                if (valued ? strncmp(a, arg, n) == 0 : strcmp(a, arg) == 0)
                        return valued ? a + n : "";
        }
        return NULL;
}
