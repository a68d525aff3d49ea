/* SPDX-License-Identifier: Apache-2.0 */
/* --generate on Linux: a password every quality check of the ssmreset
 * service accepts. The settings in force are pwquality.conf with the
 * pwquality settings on the pam_ssmreset.so line, and again with those of
 * each pam_pwquality.so line of the stack (which, with enforce_for_root,
 * checks the password too). libpwquality's generator makes candidates at
 * 128 bits of entropy and more; where its passwords cannot meet the
 * settings (a minlen beyond what 256 bits give), uniform passwords of the
 * needed length do. Every candidate is checked against every settings set
 * by libpwquality, for the account it is for. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "backend-pam.h"
#include "generate.h"
#include "os/backend.h"
#include "pam-client.h"
#include "pam-stack.h"
#include "passphrase.h"
#include "quality.h"

#define MAX_SETS 8
/* Candidates per entropy level of libpwquality's generator (128, 160, ...
 * 256 bits), and per length of the uniform ones (minlen, then a quarter
 * longer each time, up to PASSWORD_MAX): a policy random passwords keep
 * once in a few tries passes in the first rounds. */
#define TRIES_PER_ROUND 25

struct policy {
        pwquality_settings_t *sets[MAX_SETS];
        size_t n;
        const char *user;
        int min_length;                /* the largest minlen of the sets */
        struct passphrase_shape shape; /* what the sets ask of a passphrase */
        unsigned tried;                /* candidates made */
        char last_refusal[256];        /* libpwquality's words for the last one refused (no part of it) */
};

static void policy_free(struct policy *p)
{
        for (size_t i = 0; i < p->n; i++)
                pwquality_free_settings(p->sets[i]);
        p->n = 0;
}

static int setting(pwquality_settings_t *pwq, int which)
{
        int v = 0;

        return pwquality_get_int_value(pwq, which, &v) == 0 ? v : 0;
}

static void at_least(unsigned *have, int want)
{
        if (want > 0 && (unsigned) want > *have)
                *have = (unsigned) want;
}

static void at_most(unsigned *have, int limit)
{
        if (limit > 0 && (*have == 0 || (unsigned) limit < *have))
                *have = (unsigned) limit;
}

/* What one settings set asks of a passphrase of lowercase words and '-':
 * the classes it lacks (negative credits, minclass) come as capitals and
 * digits; the rules a word can break leave such words out. */
static void add_to_shape(struct passphrase_shape *s, pwquality_settings_t *pwq)
{
        unsigned capitals = 0, digits = 0, classes;

        at_least(&digits, -setting(pwq, PWQ_SETTING_DIG_CREDIT));
        at_least(&capitals, -setting(pwq, PWQ_SETTING_UP_CREDIT));
        at_least(&s->separators, -setting(pwq, PWQ_SETTING_OTH_CREDIT));
        classes = 2 + (digits > 0) + (capitals > 0); /* lowercase and '-', then these */
        for (int want = setting(pwq, PWQ_SETTING_MIN_CLASS); (int) classes < want; classes++)
                *(digits == 0 ? &digits : &capitals) = 1;
        at_least(&s->digits, (int) digits);
        at_least(&s->capitals, (int) capitals);
        at_most(&s->max_class_run, setting(pwq, PWQ_SETTING_MAX_CLASS_REPEAT));
        at_most(&s->max_repeat, setting(pwq, PWQ_SETTING_MAX_REPEAT));
        at_most(&s->max_sequence, setting(pwq, PWQ_SETTING_MAX_SEQUENCE));
        if (setting(pwq, PWQ_SETTING_MIN_LENGTH) > 0 && (size_t) setting(pwq, PWQ_SETTING_MIN_LENGTH) > s->min_length)
                s->min_length = (size_t) setting(pwq, PWQ_SETTING_MIN_LENGTH);
}

/* One settings set from a line's pwquality arguments (none: the config
 * alone). */
static int add_set(struct policy *p, const struct pam_stack_line *line, char *err, size_t errlen)
{
        char *settings[PAM_STACK_MAX_ARGS + 1] = { NULL };
        size_t k = 0;
        int minlen = 0, r;

        if (p->n == MAX_SETS)
                return 0;
        for (size_t i = 0; line && i < line->n_args; i++)
                if (quality_is_setting(line->args[i]))
                        settings[k++] = line->args[i];
        if ((r = quality_settings_load(settings, &p->sets[p->n], err, errlen)) < 0)
                return r;
        if (pwquality_get_int_value(p->sets[p->n], PWQ_SETTING_MIN_LENGTH, &minlen) == 0 && minlen > p->min_length)
                p->min_length = minlen;
        add_to_shape(&p->shape, p->sets[p->n]);
        p->n++;
        return 0;
}

static int load_policy(const char *user, struct policy *p, char *err, size_t errlen)
{
        struct pam_stack stack;
        bool first = true;
        int r;

        *p = (struct policy){ .user = user };
        if ((r = pamc_read_stack(SSMRESET_PAM_SERVICE, &stack, err, errlen)) < 0)
                return r;
        for (size_t i = 0; i < stack.n && r == 0; i++) {
                const struct pam_stack_line *l = &stack.lines[i];
                const char *name = pam_stack_module_name(l);

                if (strcmp(name, "pam_ssmreset.so") == 0 && first) {
                        first = false;
                        r = add_set(p, l, err, errlen);
                } else if (strcmp(name, "pam_pwquality.so") == 0)
                        r = add_set(p, l, err, errlen);
        }
        if (r == 0 && p->n == 0)
                r = add_set(p, NULL, err, errlen); /* pwquality.conf alone */
        pam_stack_free(&stack);
        if (r < 0)
                policy_free(p);
        return r;
}

static int accepted_by_all(void *userdata, const char *candidate)
{
        struct policy *p = userdata;

        p->tried++;
        if (strlen(candidate) < GENERATE_MIN_LENGTH)
                return 0;
        for (size_t i = 0; i < p->n; i++)
                if (quality_check(p->sets[i], candidate, p->user, p->last_refusal, sizeof p->last_refusal) != 0)
                        return 0;
        return 1;
}

/* Can every check run (the cracklib dictionary there)? Not: SYSTEM_ERROR
 * naming the file and the fix, as a typed password would get. */
static int ready(const struct policy *p, char *msg, size_t n)
{
        for (size_t i = 0; i < p->n; i++)
                if (quality_ready(p->sets[i], msg, n) < 0)
                        return -ENOENT;
        return 0;
}

/* libpwquality's generator, from 128 bits up to its 256. */
static int with_libpwquality(struct policy *p, char *buf, size_t n)
{
        for (int bits = GENERATE_MIN_ENTROPY_BITS; bits <= 256; bits += 32)
                for (int t = 0; t < TRIES_PER_ROUND; t++) {
                        int r = quality_generate(p->sets[0], bits, buf, n);
                        if (r == -EAGAIN)
                                break; /* too short for these settings: more bits */
                        if (r < 0)
                                return r;
                        if (accepted_by_all(p, buf) == 1)
                                return 0;
                        explicit_bzero(buf, n);
                }
        return -EAGAIN;
}

/* Uniform passwords, of minlen and then longer: settings such as negative
 * credits (dcredit=-10) ask for more characters than minlen to be met. */
static int uniform(struct policy *p, char *buf, size_t n)
{
        size_t length = p->min_length > GENERATE_MIN_LENGTH ? (size_t) p->min_length : GENERATE_MIN_LENGTH;

        for (;;) {
                int r = generate_uniform(length, accepted_by_all, p, TRIES_PER_ROUND, buf, n);
                if (r != -EAGAIN || length == n - 1)
                        return r;
                length = length + length / 4 < n - 1 ? length + length / 4 : n - 1;
        }
}

/* Candidates for a passphrase: its words avoid what the policy forbids in
 * a word, so a refusal is rare (the user's name, a dictionary word made of
 * the whole): hundreds in a row mean a rule words cannot keep. */
#define PASSPHRASE_TRIES 200

static int passphrase_outcome(const struct policy *p, int r, size_t n, struct ssr_outcome *out)
{
        if (r == 0)
                return 0;
        out->status = SSR_SYSTEM_ERROR;
        if (r == -EAGAIN)
                snprintf(out->reason, sizeof out->reason,
                         "no generated passphrase met the local quality policy in %u tries; the last was refused with "
                         "\"%.100s\": a setting passphrases cannot keep (--generate without --passphrase makes a "
                         "password of characters)",
                         p->tried, p->last_refusal);
        else if (r == -EDOM)
                snprintf(out->reason, sizeof out->reason,
                         "the local quality policy (maxclassrepeat, maxrepeat, maxsequence) leaves no words a "
                         "passphrase could be made of (--generate without --passphrase makes a password of "
                         "characters)");
        else if (r == -EINVAL)
                snprintf(out->reason, sizeof out->reason,
                         "a passphrase for the local quality policy could be longer than the longest password "
                         "ssmreset handles (%zu characters): lower minlen, or generate without --passphrase",
                         n - 1);
        else
                snprintf(out->reason, sizeof out->reason, "cannot generate a passphrase: %s", strerror(-r));
        return r;
}

static int generate(const char *username, bool words, char *buf, size_t n, struct ssr_outcome *out)
{
        struct policy p;
        char err[512];
        int r;

        if (backend_pam_service_missing(out))
                return -ENOENT;
        if ((r = load_policy(username, &p, err, sizeof err)) < 0) {
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason,
                         "cannot read the quality policy to generate a password: %.190s", err[0] ? err : strerror(-r));
                return r;
        }
        if ((size_t) p.min_length + 1 > n) {
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason,
                         "the local quality policy asks for minlen=%d, longer than "
                         "the longest password ssmreset handles (%zu characters): lower minlen",
                         p.min_length, n - 1);
                policy_free(&p);
                return -ENAMETOOLONG;
        }
        if (ready(&p, err, sizeof err) < 0) {
                policy_free(&p);
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason, "%s", err);
                return -ENOENT;
        }
        if (words) {
                r = passphrase_generate(&p.shape, accepted_by_all, &p, PASSPHRASE_TRIES, buf, n);
                policy_free(&p);
                return passphrase_outcome(&p, r, n, out);
        }
        r = with_libpwquality(&p, buf, n);
        if (r == -EAGAIN)
                r = uniform(&p, buf, n);
        policy_free(&p);
        if (r == -EAGAIN) {
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason,
                         "no generated password met the local quality policy in %u tries, up to %zu characters; the "
                         "last was refused with \"%.100s\": a setting random passwords cannot keep",
                         p.tried, n - 1, p.last_refusal);
        } else if (r < 0) {
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason, "cannot generate a password: %s", strerror(-r));
        }
        return r;
}

int backend_generate_password(const char *username, char *buf, size_t n, struct ssr_outcome *out)
{
        return generate(username, false, buf, n, out);
}

int backend_generate_passphrase(const char *username, char *buf, size_t n, struct ssr_outcome *out)
{
        return generate(username, true, buf, n, out);
}
