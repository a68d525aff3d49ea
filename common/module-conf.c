/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "account-file.h"
#include "module-conf.h"

int module_conf_value(const char *path, const char *key, char *buf, size_t n, char *err, size_t errlen)
{
        char line[PATH_MAX + 64];
        size_t k = strlen(key);
        FILE *f;
        int found = 0, r = account_file_stream(path, &f);

        if (r == -ENOENT)
                return 0;
        if (r < 0) {
                snprintf(err, errlen, "%.200s: %s", path,
                         r == -EINVAL ? "not a regular file (a FIFO or a folder in its place)" : strerror(-r));
                return r;
        }
        while (fgets(line, sizeof line, f)) {
                char *v = line;

                while (isspace((unsigned char) *v))
                        v++;
                if (strncmp(v, key, k) != 0)
                        continue;
                v += k;
                while (isspace((unsigned char) *v))
                        v++;
                if (*v++ != '=')
                        continue;
                while (isspace((unsigned char) *v))
                        v++;
                v[strcspn(v, " \t\r\n#")] = '\0';
                snprintf(buf, n, "%s", v);
                found = 1;
        }
        fclose(f);
        return found;
}
