/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-undo.h"

/* Edits between two files beyond which the merge gives up: the diff's trace
 * takes about MAX_EDITS^2 integers. */
#define MAX_EDITS 1000

const struct undo_rules undo_rules_shadow = { .by_field = 1, .follows = { [2] = 1 } };
const struct undo_rules undo_rules_passwd = { .by_field = 1 };
const struct undo_rules undo_rules_history = { .by_field = 0 };

struct line {
        const char *s;
        size_t len; /* without the newline */
        size_t id_len;
        bool has_colon;
};

struct lines {
        struct line *v;
        size_t n;
        bool ends_in_newline;
};

static int split(const char *text, size_t len, struct lines *ret)
{
        const char *p = text, *end = text + len;
        size_t n = 0;

        *ret = (struct lines){ .ends_in_newline = len == 0 || text[len - 1] == '\n' };
        for (const char *q = p; q < end; n++) {
                const char *nl = memchr(q, '\n', (size_t) (end - q));
                q = nl ? nl + 1 : end;
        }
        ret->v = calloc(n + 1, sizeof *ret->v);
        if (!ret->v)
                return -ENOMEM;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t) (end - p));
                struct line *l = &ret->v[ret->n++];
                const char *colon;

                l->s = p;
                l->len = nl ? (size_t) (nl - p) : (size_t) (end - p);
                colon = memchr(p, ':', l->len);
                l->has_colon = colon != NULL;
                l->id_len = colon ? (size_t) (colon - p) : l->len;
                p = nl ? nl + 1 : end;
        }
        return 0;
}

/* The same account (or the same comment): what lines are matched by. */
static bool same_id(const struct line *a, const struct line *b)
{
        return a->has_colon == b->has_colon && a->id_len == b->id_len && memcmp(a->s, b->s, a->id_len) == 0;
}

static bool same_text(const struct line *a, const struct line *b)
{
        return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* Myers' O(ND) difference between x and y by identity: x_to_y[i] is the line
 * of y that x[i] is matched with, or -1. Returns 0, -ENOMEM or -E2BIG. */
static int match(const struct lines *x, const struct lines *y, long *x_to_y)
{
        size_t pre = 0, suf = 0, n, m;
        const struct line *xs, *ys;
        long *v = NULL, **trace = NULL;
        long d, found = -1, max;
        int r = 0;

        for (size_t i = 0; i < x->n; i++)
                x_to_y[i] = -1;
        while (pre < x->n && pre < y->n && same_id(&x->v[pre], &y->v[pre])) {
                x_to_y[pre] = (long) pre;
                pre++;
        }
        while (suf < x->n - pre && suf < y->n - pre && same_id(&x->v[x->n - 1 - suf], &y->v[y->n - 1 - suf])) {
                x_to_y[x->n - 1 - suf] = (long) (y->n - 1 - suf);
                suf++;
        }
        n = x->n - pre - suf;
        m = y->n - pre - suf;
        if (n == 0 || m == 0)
                return 0;
        xs = x->v + pre;
        ys = y->v + pre;
        max = (long) (n + m) < MAX_EDITS ? (long) (n + m) : MAX_EDITS;
        v = calloc((size_t) (2 * max + 3), sizeof *v);
        trace = calloc((size_t) max + 1, sizeof *trace);
        if (!v || !trace) {
                r = -ENOMEM;
                goto done;
        }
        /* v[off + k]: the furthest x reached on diagonal k = x - y. */
        const long off = max + 1;
        for (d = 0; d <= max && found < 0; d++) {
                for (long k = -d; k <= d; k += 2) {
                        long xi = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] :
                                                                                             v[off + k - 1] + 1;
                        long yi = xi - k;

                        while (xi < (long) n && yi < (long) m && same_id(&xs[xi], &ys[yi])) {
                                xi++;
                                yi++;
                        }
                        v[off + k] = xi;
                        if (xi >= (long) n && yi >= (long) m)
                                found = d;
                }
                trace[d] = malloc((size_t) (2 * d + 1) * sizeof **trace);
                if (!trace[d]) {
                        r = -ENOMEM;
                        goto done;
                }
                memcpy(trace[d], v + off - d, (size_t) (2 * d + 1) * sizeof **trace);
        }
        if (found < 0) {
                r = -E2BIG;
                goto done;
        }
        /* Back from the end along the path, noting the diagonals' matches. */
        long xi = (long) n, yi = (long) m;
        for (d = found; d > 0; d--) {
                const long *prev = trace[d - 1] + (d - 1); /* prev[k], k in [-(d-1), d-1] */
                long k = xi - yi, prev_k, prev_x, start_x;

                prev_k = (k == -d || (k != d && prev[k - 1] < prev[k + 1])) ? k + 1 : k - 1;
                prev_x = prev[prev_k];
                start_x = prev_k == k + 1 ? prev_x : prev_x + 1;
                while (xi > start_x) {
                        xi--;
                        yi--;
                        x_to_y[pre + (size_t) xi] = (long) pre + yi;
                }
                xi = prev_x;
                yi = prev_x - prev_k;
        }
        while (xi > 0 && yi > 0) {
                xi--;
                yi--;
                x_to_y[pre + (size_t) xi] = (long) pre + yi;
        }
done:
        if (trace)
                for (d = 0; d <= max; d++)
                        free(trace[d]);
        free(trace);
        free(v);
        return r;
}

/* A growing output buffer; wiped when it grows, as it holds hashes. */
struct out {
        char *s;
        size_t len, cap;
        int error;
};

static void put(struct out *o, const char *s, size_t n)
{
        if (o->error)
                return;
        if (o->len + n + 1 > o->cap) {
                size_t cap = (o->len + n + 1) * 2;
                char *grown = malloc(cap);

                if (!grown) {
                        o->error = -ENOMEM;
                        return;
                }
                if (o->s) {
                        memcpy(grown, o->s, o->len);
                        explicit_bzero(o->s, o->cap);
                        free(o->s);
                }
                o->s = grown;
                o->cap = cap;
        }
        memcpy(o->s + o->len, s, n);
        o->len += n;
        o->s[o->len] = '\0';
}

static void stays(struct undo_report *report, const char *what, const struct line *l)
{
        if (report->stays++ == 0)
                snprintf(report->what, sizeof report->what, "%s %.*s", what, (int) (l->id_len > 64 ? 64 : l->id_len),
                         l->s);
}

/* Field f of l: its start and length. */
static size_t fields(const struct line *l, const char **start, size_t *len, size_t max)
{
        const char *p = l->s, *end = l->s + l->len;
        size_t n = 0;

        for (;;) {
                const char *colon = memchr(p, ':', (size_t) (end - p));
                if (n < max) {
                        start[n] = p;
                        len[n] = colon ? (size_t) (colon - p) : (size_t) (end - p);
                }
                n++;
                if (!colon)
                        return n;
                p = colon + 1;
        }
}

static bool field_eq(const char *a, size_t alen, const char *b, size_t blen)
{
        return alen == blen && memcmp(a, b, alen) == 0;
}

/* A line the write changed (after, from before) and someone changed since
 * (now): field by field, into o. */
static void merge_fields(const struct line *before, const struct line *after, const struct line *now,
                         const struct undo_rules *rules, struct out *o, struct undo_report *report)
{
        const char *b[UNDO_MAX_FIELDS], *a[UNDO_MAX_FIELDS], *w[UNDO_MAX_FIELDS];
        size_t bl[UNDO_MAX_FIELDS], al[UNDO_MAX_FIELDS], wl[UNDO_MAX_FIELDS];
        size_t nb = fields(before, b, bl, UNDO_MAX_FIELDS), na = fields(after, a, al, UNDO_MAX_FIELDS),
               nw = fields(now, w, wl, UNDO_MAX_FIELDS);
        bool back[UNDO_MAX_FIELDS] = { false }, ours[UNDO_MAX_FIELDS] = { false };

        if (!rules->by_field || nb != na || na != nw || nw > UNDO_MAX_FIELDS) {
                stays(report, "the changed line of", now);
                put(o, now->s, now->len);
                return;
        }
        for (size_t f = 0; f < nw; f++) {
                ours[f] = !field_eq(a[f], al[f], b[f], bl[f]);
                back[f] = ours[f] && field_eq(w[f], wl[f], a[f], al[f]);
        }
        for (size_t f = 0; f < nw; f++) {
                int g = rules->follows[f];

                if (back[f] && g > 0 && (size_t) g < nw && ours[g] && !back[g])
                        back[f] = false; /* what it went with was replaced since */
                if (f > 0)
                        put(o, ":", 1);
                put(o, back[f] ? b[f] : w[f], back[f] ? bl[f] : wl[f]);
        }
}

/* Where B's lines that the write dropped go back: before now's line at, or
 * at the end (at == now->n). */
struct insert {
        size_t at;
        bool after; /* after now's line at, not before it */
        size_t from;
};

int account_undo(const char *before, size_t before_len, const char *after, size_t after_len, const char *now,
                 size_t now_len, const struct undo_rules *rules, char **ret, size_t *ret_len,
                 struct undo_report *report)
{
        struct lines B = { 0 }, P = { 0 }, A = { 0 };
        long *p_to_b = NULL, *p_to_a = NULL, *b_to_p = NULL;
        enum { KEEP, REPLACE, MERGE, DROP } *act = NULL;
        size_t *from = NULL, n_ins = 0; /* from[k]: the write's line that now's line k is */
        bool last_kept = false;
        struct insert *ins = NULL;
        struct out o = { 0 };
        int r;

        *ret = NULL;
        *ret_len = 0;
        *report = (struct undo_report){ 0 };
        if ((r = split(before ? before : "", before ? before_len : 0, &B)) < 0 ||
            (r = split(after, after_len, &P)) < 0 || (r = split(now, now_len, &A)) < 0)
                goto done;
        p_to_b = calloc(P.n + 1, sizeof *p_to_b);
        p_to_a = calloc(P.n + 1, sizeof *p_to_a);
        b_to_p = calloc(B.n + 1, sizeof *b_to_p);
        act = calloc(A.n + 1, sizeof *act);
        from = calloc(A.n + 1, sizeof *from);
        ins = calloc(B.n + 1, sizeof *ins);
        if (!p_to_b || !p_to_a || !b_to_p || !act || !from || !ins) {
                r = -ENOMEM;
                goto done;
        }
        if ((r = match(&P, &B, p_to_b)) < 0 || (r = match(&P, &A, p_to_a)) < 0)
                goto done;
        for (size_t j = 0; j < B.n; j++)
                b_to_p[j] = -1;
        for (size_t i = 0; i < P.n; i++)
                if (p_to_b[i] >= 0)
                        b_to_p[p_to_b[i]] = (long) i;

        /* The lines the write changed or added. */
        for (size_t i = 0; i < P.n; i++) {
                long j = p_to_b[i], k = p_to_a[i];

                if (k < 0)
                        continue; /* gone since, with whatever the write put there */
                if (j < 0) {
                        if (same_text(&A.v[k], &P.v[i]))
                                act[k] = DROP;
                        else
                                stays(report, "the line the write added, changed since, of", &A.v[k]);
                } else if (!same_text(&P.v[i], &B.v[j]) && !same_text(&A.v[k], &B.v[j])) {
                        act[k] = same_text(&A.v[k], &P.v[i]) ? REPLACE : MERGE;
                        from[k] = i;
                }
        }
        /* The lines the write dropped: next to the nearest line before them
         * that is still there, else the nearest after. */
        for (size_t j = 0; j < B.n; j++) {
                long anchor = -1;
                bool placed = false;

                if (b_to_p[j] >= 0)
                        continue;
                for (long q = (long) j - 1; q >= 0 && anchor < 0; q--)
                        if (b_to_p[q] >= 0 && p_to_a[b_to_p[q]] >= 0)
                                anchor = p_to_a[b_to_p[q]];
                if (anchor >= 0) {
                        ins[n_ins++] = (struct insert){ .at = (size_t) anchor, .after = true, .from = j };
                        continue;
                }
                for (size_t q = j + 1; q < B.n && !placed; q++)
                        if (b_to_p[q] >= 0 && p_to_a[b_to_p[q]] >= 0) {
                                ins[n_ins++] = (struct insert){ .at = (size_t) p_to_a[b_to_p[q]], .from = j };
                                placed = true;
                        }
                if (!placed && A.n == 0)
                        ins[n_ins++] = (struct insert){ .at = 0, .from = j };
                else if (!placed)
                        stays(report, "the dropped line", &B.v[j]);
        }

        /* Now's lines in order, with the changes taken back. */
        for (size_t k = 0; k <= A.n; k++) {
                for (size_t t = 0; t < n_ins; t++)
                        if (ins[t].at == k && !ins[t].after) {
                                put(&o, B.v[ins[t].from].s, B.v[ins[t].from].len);
                                put(&o, "\n", 1);
                                last_kept = false;
                        }
                if (k == A.n)
                        break;
                last_kept = act[k] == KEEP;
                switch (act[k]) {
                case DROP:
                        break;
                case REPLACE:
                        put(&o, B.v[p_to_b[from[k]]].s, B.v[p_to_b[from[k]]].len);
                        put(&o, "\n", 1);
                        break;
                case MERGE:
                        merge_fields(&B.v[p_to_b[from[k]]], &P.v[from[k]], &A.v[k], rules, &o, report);
                        put(&o, "\n", 1);
                        break;
                default:
                        put(&o, A.v[k].s, A.v[k].len);
                        put(&o, "\n", 1);
                }
                for (size_t t = 0; t < n_ins; t++)
                        if (ins[t].at == k && ins[t].after) {
                                put(&o, B.v[ins[t].from].s, B.v[ins[t].from].len);
                                put(&o, "\n", 1);
                                last_kept = false;
                        }
        }
        if (o.error) {
                r = o.error;
                goto done;
        }
        /* Now's last line keeps its missing newline when it is still last. */
        if (!A.ends_in_newline && last_kept)
                o.s[--o.len] = '\0';
        if (!o.s)
                put(&o, "", 0);
        if (o.error) {
                r = o.error;
                goto done;
        }
        *ret = o.s;
        *ret_len = o.len;
        o.s = NULL;
done:
        if (o.s) {
                explicit_bzero(o.s, o.cap);
                free(o.s);
        }
        free(B.v);
        free(P.v);
        free(A.v);
        free(p_to_b);
        free(p_to_a);
        free(b_to_p);
        free(act);
        free(from);
        free(ins);
        return r;
}
