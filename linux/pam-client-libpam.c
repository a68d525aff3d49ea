/* SPDX-License-Identifier: Apache-2.0 */
/* The backend's PAM calls, made to libpam. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "pam-client.h"

int pamc_service_readable(const char *service)
{
        char path[PATH_MAX];

        if ((size_t) snprintf(path, sizeof path, "%s/%s", SSMRESET_PAM_CONFDIR, service) >= sizeof path)
                return -ENAMETOOLONG;
        return access(path, R_OK) == 0 ? 0 : -errno;
}

int pamc_read_stack(const char *service, struct pam_stack *ret, char *err, size_t errlen)
{
        static const char *const dirs[] = { SSMRESET_PAM_CONFDIR, PAM_VENDOR_DIR, NULL };

        return pam_stack_read(dirs, service, "password", ret, err, errlen);
}

const char *pamc_login_defs(void)
{
        return "/etc/login.defs";
}

int pamc_start(const char *service, const char *user, const struct pam_conv *conv, pam_handle_t **ret)
{
        return pam_start(service, user, conv, ret);
}

int pamc_chauthtok(pam_handle_t *pamh, int flags)
{
        return pam_chauthtok(pamh, flags);
}

int pamc_set_item(pam_handle_t *pamh, int item, const void *value)
{
        return pam_set_item(pamh, item, value);
}

int pamc_putenv(pam_handle_t *pamh, const char *name_value)
{
        return pam_putenv(pamh, name_value);
}

const char *pamc_getenv(pam_handle_t *pamh, const char *name)
{
        return pam_getenv(pamh, name);
}

const char *pamc_strerror(pam_handle_t *pamh, int rc)
{
        return pam_strerror(pamh, rc);
}

int pamc_end(pam_handle_t *pamh, int rc)
{
        return pam_end(pamh, rc);
}
