#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verify-crypt.h"

int verify_password_hash(const char *password, const char *hash)
{
        struct crypt_data *data;
        const char *out;
        int r;

        /* Lock markers and empty hashes match nothing. */
        if (hash[0] == '\0' || hash[0] == '!' || hash[0] == '*')
                return 0;
        /* Holds state derived from the password: wiped below. Plain heap, not
         * the secure heap, because the PAM module links this file too. */
        data = calloc(1, sizeof *data);
        if (!data)
                return -ENOMEM;
        out = crypt_rn(password, hash, data, sizeof *data);
        if (!out)
                r = errno ? -errno : -EINVAL;
        else
                r = out[0] != '*' && strcmp(out, hash) == 0;
        explicit_bzero(data, sizeof *data);
        free(data);
        return r;
}
