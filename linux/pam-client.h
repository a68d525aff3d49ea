/* SPDX-License-Identifier: Apache-2.0 */
/* The libpam calls of the Linux backend, behind a seam, as win32/sam.h is for
 * the Windows one: linux/pam-client-libpam.c calls libpam;
 * tests/unit/pam-client-fake.c plays a scripted PAM stack, so that the
 * backend's retry, verification, check and partial-change logic is unit
 * tested. Each function means and returns what the libpam function of the
 * same name (without "c") does (Linux-PAM 1.5, pam_start(3) and friends). */
#pragma once

#include <security/pam_appl.h>

#include "pam-stack.h"

/* Can the service file libpam will read be read? Without it Linux-PAM
 * quietly runs the "other" service: the distribution's stack without the
 * local reset policy. 0, or -errno. */
int pamc_service_readable(const char *service);
/* The service's password stack as pam-stack.h reads it from where libpam
 * reads it, and the login.defs pam_unix reads. */
int pamc_read_stack(const char *service, struct pam_stack *ret, char *err, size_t errlen);
const char *pamc_login_defs(void);
int pamc_start(const char *service, const char *user, const struct pam_conv *conv, pam_handle_t **ret);
int pamc_chauthtok(pam_handle_t *pamh, int flags);
int pamc_set_item(pam_handle_t *pamh, int item, const void *value);
int pamc_putenv(pam_handle_t *pamh, const char *name_value);
const char *pamc_getenv(pam_handle_t *pamh, const char *name);
const char *pamc_strerror(pam_handle_t *pamh, int rc);
int pamc_end(pam_handle_t *pamh, int rc);
