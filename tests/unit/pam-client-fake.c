/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account-nss.h"
#include "account-transaction.h"
#include "pam-client-fake.h"
#include "pam-client.h"
#include "verify-crypt.h"

struct fake_pam fake_pam;

static const struct pam_conv *conv;
static char *last_answer;
static pam_handle_t *const fake_handle = (pam_handle_t *) &fake_pam;

static char *hash_of(const char *password)
{
        char salt[CRYPT_GENSALT_OUTPUT_SIZE];
        struct crypt_data data = { 0 };
        const char *h;

        if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
                abort();
        h = crypt_rn(password, salt, &data, sizeof data);
        if (!h || h[0] == '*')
                abort();
        return strdup(h);
}

static void forget_answer(void)
{
        if (last_answer) {
                explicit_bzero(last_answer, strlen(last_answer));
                free(last_answer);
        }
        last_answer = NULL;
}

void fake_pam_reset(fake_stack_fn stack)
{
        free(fake_pam.stored_hash);
        free(fake_pam.before);
        forget_answer();
        fake_pam = (struct fake_pam){ .stack = stack, .account_exists = true, .stored_hash = hash_of("old") };
        conv = NULL;
}

int fake_ask(int style, const char *prompt, const char **ret_answer)
{
        struct pam_message m = { .msg_style = style, .msg = prompt };
        const struct pam_message *mp = &m;
        struct pam_response *r = NULL;
        int rc;

        forget_answer();
        rc = conv->conv(1, &mp, &r, conv->appdata_ptr);
        if (rc != PAM_SUCCESS)
                return rc;
        last_answer = r[0].resp;
        free(r);
        *ret_answer = last_answer;
        return PAM_SUCCESS;
}

int fake_say(int style, const char *text)
{
        struct pam_message m = { .msg_style = style, .msg = text };
        const struct pam_message *mp = &m;
        struct pam_response *r = NULL;
        int rc = conv->conv(1, &mp, &r, conv->appdata_ptr);

        if (r) {
                free(r[0].resp);
                free(r);
        }
        return rc;
}

void fake_store(const char *password)
{
        free(fake_pam.stored_hash);
        fake_pam.stored_hash = hash_of(password);
        fake_pam.written = true;
}

void fake_store_as(const char *password, const char *setting)
{
        struct crypt_data data = { 0 };
        const char *h = crypt_rn(password, setting, &data, sizeof data);

        if (!h || h[0] == '*')
                abort();
        free(fake_pam.stored_hash);
        fake_pam.stored_hash = strdup(h);
        fake_pam.written = true;
}

const char *fake_getenv(const char *name)
{
        size_t n = strlen(name);

        for (size_t i = 0; i < fake_pam.n_env; i++)
                if (strncmp(fake_pam.env[i], name, n) == 0 && fake_pam.env[i][n] == '=')
                        return fake_pam.env[i] + n + 1;
        return NULL;
}

/* As pam_putenv(3): "NAME=value" sets, "NAME" alone removes. */
void fake_putenv(const char *name_value)
{
        size_t n = strcspn(name_value, "=");

        for (size_t i = 0; i < fake_pam.n_env; i++)
                if (strncmp(fake_pam.env[i], name_value, n) == 0 && fake_pam.env[i][n] == '=') {
                        if (name_value[n] == '=')
                                snprintf(fake_pam.env[i], sizeof fake_pam.env[i], "%s", name_value);
                        else
                                memmove(&fake_pam.env[i], &fake_pam.env[i + 1],
                                        (--fake_pam.n_env - i) * sizeof fake_pam.env[0]);
                        return;
                }
        if (name_value[n] == '=' && fake_pam.n_env < 8)
                snprintf(fake_pam.env[fake_pam.n_env++], sizeof fake_pam.env[0], "%s", name_value);
}

/* The seam: what linux/pam-client-libpam.c does with libpam. */

int pamc_service_readable(const char *service)
{
        if (fake_pam.stack_dir) {
                char path[512];
                snprintf(path, sizeof path, "%s/%s", fake_pam.stack_dir, service);
                return access(path, R_OK) == 0 ? 0 : -errno;
        }
        return fake_pam.service_readable;
}

int pamc_read_stack(const char *service, struct pam_stack *ret, char *err, size_t errlen)
{
        struct pam_stack_line *l;
        char *args, *save = NULL;

        if (fake_pam.stack_dir) {
                const char *const dirs[] = { fake_pam.stack_dir, NULL };
                return pam_stack_read(dirs, service, "password", ret, err, errlen);
        }
        if (!fake_pam.unix_args)
                return -ENOENT;
        l = calloc(1, sizeof *l);
        args = strdup(fake_pam.unix_args);
        if (!l || !args)
                abort();
        *l = (struct pam_stack_line){ .file = strdup("/fake/common-password"),
                                      .lineno = 2,
                                      .control = strdup("[success=1 default=ignore]"),
                                      .module = strdup("pam_unix.so") };
        for (char *a = strtok_r(args, " ", &save); a; a = strtok_r(NULL, " ", &save))
                l->args[l->n_args++] = strdup(a);
        free(args);
        *ret = (struct pam_stack){ .lines = l, .n = 1 };
        return 0;
}

const char *pamc_login_defs(void)
{
        return "/nonexistent/login.defs";
}

int pamc_start(const char *service, const char *user, const struct pam_conv *c, pam_handle_t **ret)
{
        if (fake_pam.start_rc != PAM_SUCCESS)
                return fake_pam.start_rc;
        conv = c;
        fake_pam.user = user;
        fake_pam.started = true;
        *ret = fake_handle;
        return PAM_SUCCESS;
}

int pamc_chauthtok(pam_handle_t *pamh, int flags)
{
        if (pamh != fake_handle || flags != 0)
                abort();
        return fake_pam.stack(++fake_pam.chauthtok_calls);
}

int pamc_set_item(pam_handle_t *pamh, int item, const void *value)
{
        return PAM_SUCCESS;
}

int pamc_putenv(pam_handle_t *pamh, const char *name_value)
{
        fake_putenv(name_value);
        return PAM_SUCCESS;
}

const char *pamc_getenv(pam_handle_t *pamh, const char *name)
{
        return fake_getenv(name);
}

const char *pamc_strerror(pam_handle_t *pamh, int rc)
{
        return rc == PAM_AUTHTOK_ERR ? "Authentication token manipulation error" : "Some PAM error";
}

int pamc_end(pam_handle_t *pamh, int rc)
{
        fake_pam.ended = true;
        fake_pam.end_rc = rc;
        forget_answer();
        return PAM_SUCCESS;
}

/* And the NSS reads of linux/account-nss.c. */

int account_lookup(const char *user, uid_t *ret_uid)
{
        if (!fake_pam.account_exists)
                return -ENOENT;
        *ret_uid = 1000;
        return 0;
}

int account_read_hash(const char *user, char **ret_hash)
{
        if (!fake_pam.stored_hash)
                return -ENOENT;
        *ret_hash = strdup(fake_pam.stored_hash);
        return *ret_hash ? 0 : -ENOMEM;
}

/* And the transaction of linux/account-transaction.c, over the stored hash
 * alone: what fake_store() writes during a try is the try's write. */

int account_txn_begin(struct account_txn *t, const char *user, char *err, size_t errlen)
{
        *t = (struct account_txn){ .user = user };
        free(fake_pam.before);
        fake_pam.before = strdup(fake_pam.stored_hash ? fake_pam.stored_hash : "");
        fake_pam.written = false;
        fake_pam.transactions++;
        return fake_pam.before ? 0 : -ENOMEM;
}

int account_txn_verify_hash(struct account_txn *t, const char *password, char *method, size_t n)
{
        int r;

        fake_pam.verifications++;
        method[0] = '\0';
        if (!fake_pam.stored_hash)
                return -ENOENT;
        r = verify_password_hash(password, fake_pam.stored_hash);
        if (r == 1 && hash_method_strength(fake_pam.stored_hash, method, n) != HASH_STRONG)
                return -EKEYREJECTED;
        if (r == 1)
                t->verified_hash = strdup(fake_pam.stored_hash);
        return r;
}

const char *account_txn_verified_hash(const struct account_txn *t)
{
        return t->verified_hash;
}

void account_txn_finish(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out)
{
        if (!t->verified_hash || strcmp(t->verified_hash, fake_pam.stored_hash) != 0) {
                out->status = SSR_SYSTEM_ERROR;
                snprintf(out->reason, sizeof out->reason, "the stored password hash is not one of the new password");
                return;
        }
        out->expired = plan->expire;
        out->faillock_cleared = !plan->keep_faillock && fake_pam.tally_held;
}

void account_txn_undo(struct account_txn *t, const struct reset_plan *plan, struct ssr_outcome *out)
{
        char why[128];

        if (!fake_pam.written)
                return;
        if (fake_pam.restore_fails) {
                snprintf(why, sizeof why, "%.100s", out->reason);
                out->status = SSR_SYSTEM_ERROR;
                out->changed = true;
                snprintf(out->reason, sizeof out->reason,
                         "%s; what the try wrote could not all be put back: what it wrote to /etc/shadow (cannot "
                         "write it: Read-only file system) stays",
                         why);
                return;
        }
        free(fake_pam.stored_hash);
        fake_pam.stored_hash = strdup(fake_pam.before);
        fake_pam.restores++;
        out->rolled_back = true;
        out->changed = false;
}

void account_txn_end(struct account_txn *t)
{
        free(t->verified_hash);
        *t = (struct account_txn){ 0 };
}
