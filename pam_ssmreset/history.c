/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account-file.h"
#include "history.h"
#include "verify-crypt.h"

static int reused_in(const char *path, const char *user, const char *password, const char *current_hash, int remember)
{
        char *line = NULL;
        size_t cap = 0, ulen = strlen(user);
        int found = 0, r;
        FILE *f;

        if (remember == 0)
                return 0;
        if ((r = account_file_stream(path, &f)) < 0)
                return r == -ENOENT ? 0 : r;
        while (getline(&line, &cap, f) > 0) {
                char *hashes, *save = NULL, *h;
                size_t count = 0, skip = 0, i = 0;

                if (strncmp(line, user, ulen) != 0 || line[ulen] != ':')
                        continue;
                hashes = line + ulen + 1;
                for (int field = 0; field < 2 && hashes; field++)
                        hashes = strchr(hashes, ':') ? strchr(hashes, ':') + 1 : NULL;
                if (!hashes)
                        break;
                hashes[strcspn(hashes, "\n")] = '\0';
                for (const char *p = hashes; *p; p++)
                        count += *p == ',';
                count += *hashes != '\0';
                if (remember > 0 && count > (size_t) remember)
                        skip = count - (size_t) remember;
                /* History is recorded for this user: the current password counts too. */
                found = current_hash && verify_password_hash(password, current_hash) == 1;
                for (h = strtok_r(hashes, ",", &save); h && !found; h = strtok_r(NULL, ",", &save), i++)
                        if (i >= skip && verify_password_hash(password, h) == 1)
                                found = 1;
                break;
        }
        if (line) {
                explicit_bzero(line, cap);
                free(line);
        }
        fclose(f);
        return found;
}

int history_reused(const struct history_files *files, const char *user, const char *password, const char *current_hash,
                   int remember)
{
        for (size_t i = 0; i < files->n; i++) {
                int r = reused_in(files->path[i], user, password, current_hash, remember);
                if (r != 0)
                        return r;
        }
        return 0;
}
