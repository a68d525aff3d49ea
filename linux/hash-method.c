/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <crypt.h>
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "account-file.h"
#include "hash-method.h"

/* pam_unix's method options, and what libxcrypt is asked for each: the
 * prefix of a setting to make, or the shape of a DES-based hash (bigcrypt
 * is DES over each 8 characters). hash_method_strength() judges both. */
static const struct {
        const char *word;
        const char *prefix; /* for crypt_gensalt(); NULL: DES-based */
} methods[] = {
        { "md5", "$1$" },       { "bigcrypt", NULL },        { "sha256", "$5$" },   { "sha512", "$6$" },
        { "blowfish", "$2b$" }, { "gost_yescrypt", "$gy$" }, { "yescrypt", "$y$" }, { "des", NULL },
};

static int find_method(const char *word, bool prefix_match)
{
        /* pam_unix compares ENCRYPT_METHOD's value with each word's length
         * (strncasecmp), in its table's order. */
        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
                if (prefix_match ? strncasecmp(word, methods[i].word, strlen(methods[i].word)) == 0 :
                                   strcmp(word, methods[i].word) == 0)
                        return (int) i;
        return -1;
}

static enum hash_strength strength_of(int m)
{
        char setting[CRYPT_GENSALT_OUTPUT_SIZE], name[64];

        if (!methods[m].prefix)
                return hash_method_strength("abJnggxhB/yWI", name, sizeof name);
        /* A method this libxcrypt cannot make is none pam_unix can store. */
        if (!crypt_gensalt_rn(methods[m].prefix, 0, NULL, 0, setting, sizeof setting))
                return HASH_INVALID;
        return hash_method_strength(setting, name, sizeof name);
}

/* ENCRYPT_METHOD's value in login.defs, as pam_modutil_search_key() reads
 * it: "KEY value", '#' comments. */
static int encrypt_method(const char *login_defs, char *buf, size_t n)
{
        char line[1024];
        FILE *f;
        int found = 0, r = account_file_stream(login_defs, &f); /* never a FIFO's wait */

        buf[0] = '\0';
        if (r < 0)
                return r == -ENOENT ? 0 : r;
        while (fgets(line, sizeof line, f)) {
                char *p = line, *key, *value;

                line[strcspn(line, "#\n")] = '\0';
                while (isspace((unsigned char) *p))
                        p++;
                key = p;
                while (*p && !isspace((unsigned char) *p))
                        p++;
                if (*p)
                        *p++ = '\0';
                while (isspace((unsigned char) *p))
                        p++;
                value = p;
                value[strcspn(value, " \t")] = '\0';
                if (strcmp(key, "ENCRYPT_METHOD") == 0 && *value) {
                        snprintf(buf, n, "%.63s", value);
                        found = 1;
                }
        }
        fclose(f);
        return found;
}

int unix_hash_method(const struct pam_stack *stack, const char *login_defs, struct unix_hash_method *ret)
{
        char defs[64];
        int from_defs, found = 0;

        from_defs = encrypt_method(login_defs, defs, sizeof defs);
        if (from_defs < 0)
                return from_defs;
        for (size_t i = 0; i < stack->n; i++) {
                const struct pam_stack_line *l = &stack->lines[i];
                struct unix_hash_method m = { 0 };
                int chosen = -1;
                const char *option = NULL;

                if (strcmp(pam_stack_module_name(l), "pam_unix.so") != 0)
                        continue;
                if (from_defs)
                        chosen = find_method(defs, true);
                for (size_t a = 0; a < l->n_args; a++) {
                        int k = find_method(l->args[a], false);
                        if (k >= 0) {
                                chosen = k;
                                option = l->args[a];
                        }
                }
                if (chosen < 0)
                        chosen = find_method("des", false);
                snprintf(m.method, sizeof m.method, "%s", methods[chosen].word);
                m.strength = strength_of(chosen);
                if (option)
                        snprintf(m.source, sizeof m.source, "the option %s of pam_unix.so at %s:%u", option, l->file,
                                 l->lineno);
                else if (from_defs && find_method(defs, true) >= 0)
                        snprintf(m.source, sizeof m.source,
                                 "ENCRYPT_METHOD %s in %s (no method on pam_unix.so at "
                                 "%s:%u)",
                                 defs, login_defs, l->file, l->lineno);
                else
                        snprintf(m.source, sizeof m.source,
                                 "pam_unix's default: no method on pam_unix.so at %s:%u "
                                 "and no ENCRYPT_METHOD%s in %s",
                                 l->file, l->lineno, from_defs ? " it knows" : "", login_defs);
                snprintf(m.fix, sizeof m.fix,
                         "add yescrypt (or sha512) to the pam_unix.so line at %s:%u, or set "
                         "ENCRYPT_METHOD YESCRYPT in %s",
                         l->file, l->lineno, login_defs);
                if (!found || (m.strength != HASH_STRONG && ret->strength == HASH_STRONG))
                        *ret = m;
                found = 1;
        }
        return found;
}
