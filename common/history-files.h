/* SPDX-License-Identifier: Apache-2.0 */
/* Where password history is kept: pam_unix's remember= writes
 * /etc/security/opasswd; pam_pwhistory writes there too, or (Linux-PAM 1.5.3
 * and later) to the file= of its line in the ssmreset service or of
 * /etc/security/pwhistory.conf. pam_ssmreset checks every one, and ssmreset
 * puts back what a failed try added to any. */
#pragma once

#include <limits.h>
#include <stddef.h>

#define HISTORY_DEFAULT_FILE "/etc/security/opasswd"
#define PWHISTORY_CONF "/etc/security/pwhistory.conf"
#define HISTORY_MAX_FILES 4

struct history_files {
        char path[HISTORY_MAX_FILES][PATH_MAX];
        size_t n;
};

/* The history files in use for the service (read from pam_confdir):
 * HISTORY_DEFAULT_FILE first, then each other file= named on a
 * pam_pwhistory.so line of the service's password stack or in
 * PWHISTORY_CONF, each once. Returns 0, or -errno with the file named in err
 * when the configuration cannot be read (a missing pwhistory.conf or
 * service is fine: it names nothing). */
int history_files_find(const char *pam_confdir, const char *service, struct history_files *ret, char *err,
                       size_t errlen);
