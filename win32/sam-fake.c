/* SPDX-License-Identifier: Apache-2.0 */
/* A stand-in SAM for tests only: Wine aborts in NetUserSetInfo and its
 * LogonUserW accepts any password. With SSMRESET_FAKE_SAM naming a file
 * (the fake ssmreset under Wine), the accounts come from there, one per
 * line: "user NAME DOMAIN RID FLAGS local|domain", "fullname NAME TEXT...",
 * "minlen N", "fail OPERATION CODE", "dc", and "require HEX..." (the UTF-16
 * code units of the only password the policy takes, so a test can tell
 * that a password arrived intact without the fake ever writing one down).
 * Each password the fake stores is appended to that file as
 * "password NAME SHA256" (of its UTF-16LE code units, as a SAM keeps a hash
 * of them): how a test in another process learns what the SAM now holds. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <windows.h>
#include <bcrypt.h>
#include <lm.h>

#include "sam-fake.h"
#include "utf16.h"

struct sam_fake_account sam_fake_accounts[8];
size_t sam_fake_count;
DWORD sam_fake_error[_SAM_FAKE_OPS];
unsigned sam_fake_calls[_SAM_FAKE_OPS];
size_t sam_fake_min_length;
bool sam_fake_host_is_dc;
static wchar_t required[128];

void sam_fake_reset(void)
{
        SecureZeroMemory(sam_fake_accounts, sizeof sam_fake_accounts);
        sam_fake_count = 0;
        memset(sam_fake_error, 0, sizeof sam_fake_error);
        memset(sam_fake_calls, 0, sizeof sam_fake_calls);
        sam_fake_min_length = 0;
        sam_fake_host_is_dc = false;
        required[0] = L'\0';
}

struct sam_fake_account *sam_fake_add(const wchar_t *name, const wchar_t *domain, DWORD rid, DWORD flags)
{
        struct sam_fake_account *a;

        if (sam_fake_count == sizeof sam_fake_accounts / sizeof sam_fake_accounts[0])
                abort();
        a = &sam_fake_accounts[sam_fake_count++];
        *a = (struct sam_fake_account){ .use = SidTypeUser,
                                        .rid = rid,
                                        .in_account_domain = true,
                                        .flags = flags | UF_NORMAL_ACCOUNT,
                                        .acct_expires = TIMEQ_FOREVER };
        wcsncpy(a->name, name, 63);
        wcsncpy(a->domain, domain, 63);
        return a;
}

static struct sam_fake_account *find(const wchar_t *name);

static const char *const op_names[_SAM_FAKE_OPS] = {
        "lookup", "get_info", "set_password", "set_flags", "expire", "verify", "policy",
};

static void load_file(void)
{
        static bool loaded;
        const char *path = getenv("SSMRESET_FAKE_SAM");
        char line[256];
        FILE *f;

        if (loaded || !path)
                return;
        loaded = true;
        if (!(f = fopen(path, "r")))
                return;
        while (fgets(line, sizeof line, f)) {
                char name[64], domain[64], where[16], op[32], full[128];
                unsigned long rid, flags, v;
                wchar_t wname[64], wdomain[64];
                struct sam_fake_account *a;

                if (sscanf(line, "user %63s %63s %lu %lx %15s", name, domain, &rid, &flags, where) == 5 &&
                    utf16_from_utf8(name, strlen(name), wname, 64, NULL) == 0 &&
                    utf16_from_utf8(domain, strlen(domain), wdomain, 64, NULL) == 0)
                        sam_fake_add(wname, wdomain, rid, flags)->in_account_domain = strcmp(where, "local") == 0;
                else if (sscanf(line, "fullname %63s %127[^\r\n]", name, full) == 2 &&
                         utf16_from_utf8(name, strlen(name), wname, 64, NULL) == 0 && (a = find(wname)))
                        (void) utf16_from_utf8(full, strlen(full), a->full_name, 128, NULL);
                else if (sscanf(line, "minlen %lu", &v) == 1)
                        sam_fake_min_length = v;
                else if (strncmp(line, "require ", 8) == 0) {
                        char *p = line + 8, *end;
                        size_t n = 0;
                        unsigned long u;
                        while (n < 127 && (u = strtoul(p, &end, 16), end != p)) {
                                required[n++] = (wchar_t) u;
                                p = end;
                        }
                        required[n] = L'\0';
                } else if (strncmp(line, "dc", 2) == 0)
                        sam_fake_host_is_dc = true;
                else if (sscanf(line, "fail %31s %lu", op, &v) == 2)
                        for (int i = 0; i < _SAM_FAKE_OPS; i++)
                                if (strcmp(op, op_names[i]) == 0)
                                        sam_fake_error[i] = v;
        }
        fclose(f);
}

/* name, DOMAIN\name or name@domain, as Windows compares: ignoring case. */
static struct sam_fake_account *find(const wchar_t *name)
{
        for (size_t i = 0; i < sam_fake_count; i++) {
                struct sam_fake_account *a = &sam_fake_accounts[i];
                wchar_t qualified[160], upn[160];

                swprintf(qualified, 160, L"%ls\\%ls", a->domain, a->name);
                swprintf(upn, 160, L"%ls@%ls", a->name, a->domain);
                if (_wcsicmp(name, a->name) == 0 || _wcsicmp(name, qualified) == 0 || _wcsicmp(name, upn) == 0)
                        return a;
        }
        return NULL;
}

static DWORD begin(enum sam_fake_op op)
{
        load_file();
        sam_fake_calls[op]++;
        return sam_fake_error[op];
}

DWORD sam_lookup(const wchar_t *name, struct sam_account *ret)
{
        DWORD err = begin(SAM_FAKE_LOOKUP);
        struct sam_fake_account *a = find(name);

        if (err)
                return err;
        if (!a)
                return ERROR_NONE_MAPPED;
        *ret = (struct sam_account){ .use = a->use,
                                     .rid = a->rid,
                                     .in_account_domain = a->in_account_domain,
                                     .host_is_dc = sam_fake_host_is_dc };
        wcscpy(ret->user, a->name);
        wcscpy(ret->domain, a->domain);
        return 0;
}

DWORD sam_get_info(const struct sam_account *acct, struct sam_info *ret)
{
        DWORD err = begin(SAM_FAKE_GET_INFO);
        struct sam_fake_account *a = find(acct->user);

        if (err)
                return err;
        if (!a || !a->in_account_domain)
                return NERR_UserNotFound;
        *ret = (struct sam_info){ .flags = a->flags, .acct_expires = a->acct_expires };
        wcscpy(ret->full_name, a->full_name);
        return 0;
}

DWORD sam_password_policy(struct sam_policy *ret)
{
        DWORD err = begin(SAM_FAKE_POLICY);

        if (err)
                return err;
        ret->min_length = (DWORD) sam_fake_min_length;
        return 0;
}

/* "password NAME SHA256" into the file the accounts came from. */
static void record_password(const struct sam_fake_account *a)
{
        const char *path = getenv("SSMRESET_FAKE_SAM");
        BCRYPT_ALG_HANDLE alg = NULL;
        unsigned char hash[32];
        char name[256];
        FILE *f;

        if (!path || utf16_to_utf8(a->name, wcslen(a->name), name, sizeof name, NULL) < 0)
                return;
        if (!BCRYPT_SUCCESS(BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0)))
                abort();
        if (!BCRYPT_SUCCESS(BCryptHash(alg, NULL, 0, (PUCHAR) a->password,
                                       (ULONG) (wcslen(a->password) * sizeof(wchar_t)), hash, sizeof hash)))
                abort();
        BCryptCloseAlgorithmProvider(alg, 0);
        if (!(f = fopen(path, "ab")))
                abort();
        fprintf(f, "password %s ", name);
        for (size_t i = 0; i < sizeof hash; i++)
                fprintf(f, "%02x", hash[i]);
        fputc('\n', f);
        fclose(f);
}

DWORD sam_set_password(const struct sam_account *acct, const wchar_t *password)
{
        DWORD err = begin(SAM_FAKE_SET_PASSWORD);
        struct sam_fake_account *a = find(acct->user);

        if (err)
                return err;
        if (!a)
                return NERR_UserNotFound;
        if (wcslen(password) < sam_fake_min_length)
                return NERR_PasswordTooShort;
        if (required[0] && wcscmp(password, required) != 0)
                return ERROR_PASSWORD_RESTRICTION;
        wcsncpy(a->password, password, 511);
        record_password(a);
        return 0;
}

DWORD sam_set_flags(const struct sam_account *acct, DWORD flags)
{
        DWORD err = begin(SAM_FAKE_SET_FLAGS);
        struct sam_fake_account *a = find(acct->user);

        if (err)
                return err;
        if (!a)
                return NERR_UserNotFound;
        a->flags = flags;
        return 0;
}

DWORD sam_expire_password(const struct sam_account *acct)
{
        DWORD err = begin(SAM_FAKE_EXPIRE);
        struct sam_fake_account *a = find(acct->user);

        if (err)
                return err;
        if (!a)
                return NERR_UserNotFound;
        a->password_expired = true;
        return 0;
}

DWORD sam_verify_password(const struct sam_account *acct, const wchar_t *password)
{
        DWORD err = begin(SAM_FAKE_VERIFY);
        struct sam_fake_account *a = find(acct->user);

        if (err)
                return err;
        if (!a || wcscmp(a->password, password) != 0)
                return ERROR_LOGON_FAILURE;
        return a->password_expired ? ERROR_PASSWORD_MUST_CHANGE : 0;
}
