/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <crack.h>
#include <pwquality.h>

#include "host-files.h"
#include "quality.h"

/* libpwquality's own configuration file (pwqprivate.h). */
#define PWQUALITY_CONF "/etc/security/pwquality.conf"

/* libpwquality's settings (pwquality.conf(5)). */
static const char *const quality_keys[] = {
        "difok",     "minlen",     "dcredit",     "ucredit",        "lcredit",    "ocredit",
        "minclass",  "maxrepeat",  "maxsequence", "maxclassrepeat", "gecoscheck", "dictcheck",
        "usercheck", "usersubstr", "dictpath",    "badwords",       NULL,
};

bool quality_is_setting(const char *arg)
{
        size_t len = strcspn(arg, "=");

        if (arg[len] != '=')
                return false;
        for (const char *const *k = quality_keys; *k; k++)
                if (strlen(*k) == len && strncmp(*k, arg, len) == 0)
                        return true;
        return false;
}

int quality_settings_load(char *const *settings, pwquality_settings_t **ret, char *msg, size_t n)
{
        pwquality_settings_t *pwq = pwquality_default_settings();
        char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
        void *aux = NULL;
        int r;

        if (!pwq)
                return -ENOMEM;
        /* libpwquality reads a folder in its place as an empty file, and a
         * FIFO would hold it for ever: neither in pwquality.conf's place nor
         * among the files it reads from pwquality.conf.d. */
        if ((r = host_file_check(PWQUALITY_CONF, false, "the password quality settings", msg, n)) < 0 ||
            (r = host_folder_check(PWQUALITY_CONF ".d", ".conf", "the password quality settings", msg, n)) < 0) {
                pwquality_free_settings(pwq);
                return -EINVAL;
        }
        r = pwquality_read_config(pwq, NULL, &aux);
        if (r != 0) {
                /* aux names the setting when there is one, and
                 * pwquality_strerror() frees it. */
                snprintf(msg, n, "%s (or a file in %s.d) cannot be used: %s; fix or remove it", PWQUALITY_CONF,
                         PWQUALITY_CONF, pwquality_strerror(buf, sizeof buf, r, aux));
                pwquality_free_settings(pwq);
                return -EINVAL;
        }
        for (char *const *s = settings; s && *s; s++) {
                r = pwquality_set_option(pwq, *s);
                if (r != 0) {
                        snprintf(msg, n, "bad pwquality setting '%s' on the pam_ssmreset.so line: %s", *s,
                                 pwquality_strerror(buf, sizeof buf, r, NULL));
                        pwquality_free_settings(pwq);
                        return -EINVAL;
                }
        }
        *ret = pwq;
        return 0;
}

/* cracklib opens "<path>.pwd", "<path>.pwi" and "<path>.hwm" (packer.h). */
int quality_ready(pwquality_settings_t *pwq, char *msg, size_t n)
{
        static const char *const parts[] = { ".pwd", ".pwi", NULL };
        const char *path = NULL;
        int dictcheck = 1;

        if (pwquality_get_int_value(pwq, PWQ_SETTING_DICT_CHECK, &dictcheck) == 0 && !dictcheck)
                return 0;
        if (pwquality_get_str_value(pwq, PWQ_SETTING_DICT_PATH, &path) != 0 || !path || !*path)
                path = GetDefaultCracklibDict();
        for (const char *const *p = parts; *p; p++) {
                char file[4096];

                snprintf(file, sizeof file, "%s%s", path, *p);
                if (host_file_check(file, true, "the cracklib dictionary", msg, n) == -EINVAL)
                        return -EINVAL;
                if (access(file, R_OK) != 0) {
                        int r = -errno;
                        snprintf(msg, n,
                                 "the password quality check cannot run: its cracklib dictionary %s cannot "
                                 "be read (%s); install cracklib-runtime (Debian) or cracklib-dicts (RPM), "
                                 "or correct dictpath= in %s or on the pam_ssmreset.so line",
                                 file, strerror(-r), PWQUALITY_CONF);
                        return -ENOENT;
                }
        }
        return 0;
}

int quality_check(pwquality_settings_t *pwq, const char *password, const char *user, char *msg, size_t n)
{
        char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
        void *aux = NULL;
        int r;

        r = pwquality_check(pwq, password, NULL, user, &aux);
        if (r >= 0)
                return 0;
        /* aux is a number or cracklib's own text here: nothing to free. */
        snprintf(msg, n, "BAD PASSWORD: %s", pwquality_strerror(buf, sizeof buf, r, aux));
        return 1;
}

int quality_generate(pwquality_settings_t *pwq, int entropy_bits, char *buf, size_t n)
{
        char *made = NULL;
        size_t len;
        int r = pwquality_generate(pwq, entropy_bits, &made);

        if (r != 0)
                return r == PWQ_ERROR_RNG ? -EIO : r == PWQ_ERROR_MEM_ALLOC ? -ENOMEM : -EAGAIN;
        len = strlen(made);
        r = len + 1 > n ? -ENOSPC : 0;
        if (r == 0)
                memcpy(buf, made, len + 1);
        explicit_bzero(made, len);
        free(made);
        return r;
}
