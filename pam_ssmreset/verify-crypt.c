#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "secmem.h"
#include "verify-crypt.h"

int verify_password_hash(const char *password, const char *hash)
{
        struct crypt_data *data;
        const char *out;
        int r;

        /* Lock markers and empty hashes match nothing. */
        if (hash[0] == '\0' || hash[0] == '!' || hash[0] == '*')
                return 0;
        /* Holds intermediate state derived from the password. */
        data = secmem_alloc(sizeof *data);
        if (!data)
                return -ENOMEM;
        out = crypt_rn(password, hash, data, sizeof *data);
        if (!out)
                r = errno ? -errno : -EINVAL;
        else
                r = out[0] != '*' && strcmp(out, hash) == 0;
        secmem_free(data, sizeof *data);
        return r;
}
