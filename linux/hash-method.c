/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <crypt.h>
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "account-file.h"
#include "hash-method.h"

/* pam_unix's option words in the order of its table (support.h, the same
 * from Linux-PAM 1.4 to 1.7): an option is the first word it begins with
 * (pam_str_skip_prefix_len(), case counts), so "md5x" is md5 and
 * "shadowsha512" is shadow. The hash methods carry what libxcrypt is asked
 * for each: the prefix of a setting to make, or NULL for the DES-based ones
 * (bigcrypt is DES over each 8 characters). hash_method_strength() judges
 * both. */
static const struct {
        const char *word;
        bool method;
        const char *prefix;
} words[] = {
        { "audit", false, NULL },
        { "use_first_pass", false, NULL },
        { "try_first_pass", false, NULL },
        { "authtok_type=", false, NULL },
        { "use_authtok", false, NULL },
        { "shadow", false, NULL },
        { "md5", true, "$1$" },
        { "nullok", false, NULL },
        { "debug", false, NULL },
        { "nodelay", false, NULL },
        { "nis", false, NULL },
        { "bigcrypt", true, NULL },
        { "likeauth", false, NULL },
        { "remember=", false, NULL },
        { "noreap", false, NULL },
        { "broken_shadow", false, NULL },
        { "sha256", true, "$5$" },
        { "sha512", true, "$6$" },
        { "rounds=", false, NULL },
        { "blowfish", true, "$2b$" },
        { "minlen=", false, NULL },
        { "quiet", false, NULL },
        { "no_pass_expiry", false, NULL },
        { "des", true, NULL },
        { "gost_yescrypt", true, "$gy$" },
        { "yescrypt", true, "$y$" },
        { "nullresetok", false, NULL },
};

/* The method an option of the pam_unix.so line names, or -1 (another
 * option, or none pam_unix knows). */
static int option_method(const char *arg)
{
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
                if (strncmp(arg, words[i].word, strlen(words[i].word)) == 0)
                        return words[i].method ? (int) i : -1;
        return -1;
}

/* The method ENCRYPT_METHOD's value names, as pam_unix reads it: the first
 * method word, in table order, that the value begins with, whatever the
 * case; -1 for none. */
static int defs_method(const char *value)
{
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
                if (words[i].method && strncasecmp(value, words[i].word, strlen(words[i].word)) == 0)
                        return (int) i;
        return -1;
}

static enum hash_strength strength_of(int m)
{
        char setting[CRYPT_GENSALT_OUTPUT_SIZE], name[64];

        if (!words[m].prefix)
                return hash_method_strength("abJnggxhB/yWI", name, sizeof name);
        /* A method this libxcrypt cannot make is none pam_unix can store. */
        if (!crypt_gensalt_rn(words[m].prefix, 0, NULL, 0, setting, sizeof setting))
                return HASH_INVALID;
        return hash_method_strength(setting, name, sizeof name);
}

/* ENCRYPT_METHOD's value in login.defs, as pam_modutil_search_key() reads
 * it for pam_unix: the first line whose key matches whatever the case, the
 * key ending at a blank or '=', the value what follows blanks and '=' up to
 * a '#'. Returns 1 with the value, 0 when no line has the key, or -errno.
 * *ret_lines counts the lines that have it (shadow-utils, which useradd and
 * chpasswd use, takes the last instead). */
static int encrypt_method(const char *login_defs, char *buf, size_t n, unsigned *ret_lines)
{
        char *line = NULL;
        size_t cap = 0;
        FILE *f;
        int found = 0, r = account_file_stream(login_defs, &f); /* never a FIFO's wait */

        buf[0] = '\0';
        *ret_lines = 0;
        if (r < 0)
                return r == -ENOENT ? 0 : r;
        while (getline(&line, &cap, f) > 0) {
                char *p = line, *key;

                line[strcspn(line, "#\n")] = '\0';
                while (isspace((unsigned char) *p))
                        p++;
                key = p;
                p += strcspn(p, " \t=");
                if (*p)
                        *p++ = '\0';
                while (isspace((unsigned char) *p) || *p == '=')
                        p++;
                if (*key && strcasecmp(key, "ENCRYPT_METHOD") == 0) {
                        if (!found++)
                                snprintf(buf, n, "%.63s", p);
                        (*ret_lines)++;
                }
        }
        free(line);
        fclose(f);
        return found > 0;
}

int unix_hash_method(const struct pam_stack *stack, const char *login_defs, struct unix_hash_method *ret)
{
        char defs[64], also[160] = "";
        unsigned defs_lines = 0;
        int from_defs, defs_m, found = 0;

        from_defs = encrypt_method(login_defs, defs, sizeof defs, &defs_lines);
        if (from_defs < 0)
                return from_defs;
        defs_m = from_defs ? defs_method(defs) : -1;
        if (defs_lines > 1)
                snprintf(also, sizeof also, "; %s has %u ENCRYPT_METHOD lines: pam_unix reads the first", login_defs,
                         defs_lines);
        for (size_t i = 0; i < stack->n; i++) {
                const struct pam_stack_line *l = &stack->lines[i];
                struct unix_hash_method m = { 0 };
                int chosen = defs_m;
                const char *option = NULL;

                if (strcmp(pam_stack_module_name(l), "pam_unix.so") != 0)
                        continue;
                /* Each method option turns the others off: the last one wins. */
                for (size_t a = 0; a < l->n_args; a++) {
                        int k = option_method(l->args[a]);
                        if (k >= 0) {
                                chosen = k;
                                option = l->args[a];
                        }
                }
                if (chosen < 0)
                        chosen = defs_method("des"); /* pam_unix's default */
                snprintf(m.method, sizeof m.method, "%s", words[chosen].word);
                m.strength = strength_of(chosen);
                if (option)
                        snprintf(m.source, sizeof m.source, "the option %s of pam_unix.so at %s:%u", option, l->file,
                                 l->lineno);
                else if (defs_m >= 0)
                        snprintf(m.source, sizeof m.source,
                                 "ENCRYPT_METHOD %s in %s (no method on pam_unix.so at "
                                 "%s:%u)%s",
                                 defs, login_defs, l->file, l->lineno, also);
                else
                        snprintf(m.source, sizeof m.source,
                                 "pam_unix's default: no method on pam_unix.so at %s:%u "
                                 "and no ENCRYPT_METHOD%s in %s%s",
                                 l->file, l->lineno, from_defs ? " it knows" : "", login_defs, also);
                snprintf(m.fix, sizeof m.fix,
                         "add yescrypt (or sha512) to the pam_unix.so line at %s:%u, or set "
                         "ENCRYPT_METHOD YESCRYPT in %s%s",
                         l->file, l->lineno, login_defs, defs_lines > 1 ? ", once" : "");
                if (!found || (m.strength != HASH_STRONG && ret->strength == HASH_STRONG))
                        *ret = m;
                found = 1;
        }
        return found;
}
