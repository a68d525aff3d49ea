#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <pwquality.h>

#include "quality.h"

int quality_check(char *const *settings, const char *password, const char *user, char *msg, size_t n)
{
        pwquality_settings_t *pwq = pwquality_default_settings();
        void *aux = NULL;
        char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
        int r;

        if (!pwq)
                return -ENOMEM;
        /* A missing or unreadable file leaves libpwquality's defaults. */
        (void) pwquality_read_config(pwq, NULL, &aux);
        aux = NULL;
        for (char *const *s = settings; s && *s; s++) {
                r = pwquality_set_option(pwq, *s);
                if (r != 0) {
                        snprintf(msg, n, "pam_ssmreset: bad pwquality setting '%s': %s", *s,
                                 pwquality_strerror(buf, sizeof buf, r, NULL));
                        pwquality_free_settings(pwq);
                        return -EINVAL;
                }
        }
        r = pwquality_check(pwq, password, NULL, user, &aux);
        pwquality_free_settings(pwq);
        if (r >= 0)
                return 0;
        snprintf(msg, n, "BAD PASSWORD: %s", pwquality_strerror(buf, sizeof buf, r, aux));
        return 1;
}
