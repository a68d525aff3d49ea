/* SPDX-License-Identifier: Apache-2.0 */
/* The local password-quality policy through libpwquality (pwquality(3)):
 * enforced by pam_ssmreset.so whoever the caller is, and used by ssmreset
 * --doctor to tell whether the check can run at all. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <pwquality.h>

/* Is arg ("minlen=12") one of libpwquality's settings, to be passed to it
 * as it is from the pam_ssmreset.so line? */
bool quality_is_setting(const char *arg);

/* The settings in force: libpwquality's defaults, then its configuration
 * (/etc/security/pwquality.conf and pwquality.conf.d, a missing file being
 * libpwquality's defaults), then settings in order (NULL or NULL-terminated
 * "key=value" strings, as on the pam_ssmreset.so line). Returns 0 and
 * *ret (free with pwquality_free_settings()), or -EINVAL with the file or
 * the setting and what is wrong named in msg, or -ENOMEM. */
int quality_settings_load(char *const *settings, pwquality_settings_t **ret, char *msg, size_t n);

/* Can every check of pwq run? With dictcheck on, the cracklib dictionary
 * (dictpath, else cracklib's default) must load: without it libpwquality
 * refuses every password ("error loading dictionary"). Returns 0, or
 * -ENOENT with the dictionary's path and the fix in msg. */
int quality_ready(pwquality_settings_t *pwq, char *msg, size_t n);

/* libpwquality's own generator (pwquality_generate(3)): a password of at
 * least entropy_bits bits (56 to 256), from the OS's random source, into
 * buf (n bytes, secure memory), the library's copy wiped. Returns 0,
 * -ENOSPC when it is longer than n - 1, or -EAGAIN when the library cannot
 * make one these settings accept (PWQ_ERROR_GENERATION_FAILED), -EIO when
 * it cannot read random numbers. */
int quality_generate(pwquality_settings_t *pwq, int entropy_bits, char *buf, size_t n);

/* Checks password for user against pwq. Returns 0 when acceptable, 1 when
 * not (msg says why, "BAD PASSWORD: " and libpwquality's words). */
int quality_check(pwquality_settings_t *pwq, const char *password, const char *user, char *msg, size_t n);
