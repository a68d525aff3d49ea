/* The local password-quality policy, enforced whoever the caller is. */
#pragma once

#include <stddef.h>

/* Checks password against /etc/security/pwquality.conf plus settings (NULL
 * or NULL-terminated "key=value" strings). Returns 0 when acceptable, 1 when
 * not (msg says why, in libpwquality's words), -EINVAL with msg for a bad
 * setting. */
int quality_check(char *const *settings, const char *password, const char *user, char *msg, size_t n);
