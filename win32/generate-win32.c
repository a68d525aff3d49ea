/* SPDX-License-Identifier: Apache-2.0 */
/* --generate on Windows: a password the SAM takes. Uniform printable ASCII
 * (hook/generate.c) of the SAM's minimum length, and at least
 * GENERATE_MIN_LENGTH characters, that meets the complexity rule
 * (complexity-win32.c) for the account's name and display name. Whether
 * the rule is on cannot be read (no public API reports the setting): it is
 * always met, which costs nothing where it is off. History and the minimum
 * age do not matter: a random password repeats none, and an administrator's
 * reset is not a change by the user. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <windows.h>
#include <lm.h>

#include "complexity-win32.h"
#include "generate.h"
#include "netmsg.h"
#include "passphrase.h"
#include "os/backend.h"
#include "os/secmem.h"
#include "password.h"
#include "sam.h"
#include "utf16.h"

/* A uniform password of 20 characters misses a category or holds a name
 * about once in a million: 200 refusals in a row mean a rule it cannot meet. */
#define TRIES 200
#define WIDE_PASSWORD_BYTES ((PASSWORD_BUFFER_SIZE) * sizeof(wchar_t))

struct rules {
        const wchar_t *account;
        const wchar_t *full_name;
        wchar_t *wide; /* the candidate in UTF-16, as the SAM sees it: secure memory */
};

static int complex_enough(void *userdata, const char *candidate)
{
        struct rules *r = userdata;
        size_t len = 0;
        bool ok;

        if (utf16_from_utf8(candidate, strlen(candidate), r->wide, PASSWORD_BUFFER_SIZE, &len) < 0)
                return -EINVAL;
        ok = win_password_complex(r->wide, len, r->account, r->full_name);
        secure_wipe(r->wide, WIDE_PASSWORD_BYTES);
        return ok;
}

__attribute__((format(printf, 3, 4))) static int refuse(struct ssr_outcome *out, int e, const char *fmt, ...)
{
        va_list ap;

        out->status = SSR_SYSTEM_ERROR;
        va_start(ap, fmt);
        vsnprintf(out->reason, sizeof out->reason, fmt, ap);
        va_end(ap);
        return e;
}

static int refuse_win32(struct ssr_outcome *out, DWORD err, const char *what)
{
        char msg[200];

        win32_error_message(err, msg, sizeof msg);
        return refuse(out, -EIO, "%s: %s", what, msg);
}

static int generate(const char *username, bool words, char *buf, size_t n, struct ssr_outcome *out)
{
        wchar_t name[SAM_NAME_MAX + 1];
        struct sam_account acct;
        struct sam_info info = { .acct_expires = TIMEQ_FOREVER };
        struct sam_policy policy = { 0 };
        struct rules rules;
        size_t length;
        DWORD err;
        int r;

        if (utf16_from_utf8(username, strlen(username), name, SAM_NAME_MAX + 1, NULL) < 0)
                return refuse(out, -EINVAL, "the user name is too long for Windows");
        if ((err = sam_lookup(name, &acct)) != 0)
                return refuse_win32(out, err, "cannot look the account up to generate its password");
        /* Only this host's SAM is asked: the reset refuses other domains' accounts. */
        if (acct.use == SidTypeUser && acct.in_account_domain && (err = sam_get_info(&acct, &info)) != 0)
                return refuse_win32(out, err, "cannot read the account's display name to generate its password");
        if ((err = sam_password_policy(&policy)) != 0)
                return refuse_win32(out, err, "cannot read the password policy to generate a password");
        length = policy.min_length > GENERATE_MIN_LENGTH ? policy.min_length : GENERATE_MIN_LENGTH;
        if (length + 1 > n)
                return refuse(out, -EINVAL,
                              "the password policy asks for %lu characters or more: more than the %lu of a generated "
                              "password",
                              (unsigned long) length, (unsigned long) (n - 1));

        rules = (struct rules){ .account = acct.user, .full_name = info.full_name };
        if (!(rules.wide = secmem_alloc(WIDE_PASSWORD_BYTES)))
                return refuse(out, -ENOMEM, "cannot allocate locked memory for the generated password");
        if (words) {
                /* Lowercase words, '-' between them and a trailing digit: three
                 * of the rule's categories. */
                struct passphrase_shape shape = { .min_length = length, .digits = 1 };
                r = passphrase_generate(&shape, complex_enough, &rules, TRIES, buf, n);
        } else
                r = generate_uniform(length, complex_enough, &rules, TRIES, buf, n);
        secmem_free(rules.wide, WIDE_PASSWORD_BYTES);
        if (r == -EAGAIN)
                return refuse(out, r, "no generated %s met Windows' complexity rule for '%s' in %d tries",
                              words ? "passphrase" : "password", username, TRIES);
        if (r < 0)
                return refuse(out, r, "cannot generate a password: %s", strerror(-r));
        return 0;
}

int backend_generate_password(const char *username, char *buf, size_t n, struct ssr_outcome *out)
{
        return generate(username, false, buf, n, out);
}

int backend_generate_passphrase(const char *username, char *buf, size_t n, struct ssr_outcome *out)
{
        return generate(username, true, buf, n, out);
}
