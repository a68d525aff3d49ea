/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "history-files.h"
#include "pam-stack.h"

static void add(struct history_files *h, const char *path)
{
        for (size_t i = 0; i < h->n; i++)
                if (strcmp(h->path[i], path) == 0)
                        return;
        if (h->n < HISTORY_MAX_FILES && path[0] == '/' && strlen(path) < sizeof h->path[0])
                snprintf(h->path[h->n++], sizeof h->path[0], "%s", path);
}

/* "file = /path" in pwhistory.conf, as pam_pwhistory's reader takes it. */
static int conf_file(struct history_files *h, char *err, size_t errlen)
{
        char line[PATH_MAX + 64];
        FILE *f = fopen(PWHISTORY_CONF, "re");

        if (!f) {
                if (errno == ENOENT)
                        return 0;
                snprintf(err, errlen, "%s: %s", PWHISTORY_CONF, strerror(errno));
                return -errno;
        }
        while (fgets(line, sizeof line, f)) {
                char *p = line, *v;

                while (isspace((unsigned char) *p))
                        p++;
                if (strncmp(p, "file", 4) != 0)
                        continue;
                v = p + 4;
                while (isspace((unsigned char) *v))
                        v++;
                if (*v++ != '=')
                        continue;
                while (isspace((unsigned char) *v))
                        v++;
                v[strcspn(v, " \t\r\n#")] = '\0';
                add(h, v);
        }
        fclose(f);
        return 0;
}

int history_files_find(const char *pam_confdir, const char *service, struct history_files *ret, char *err,
                       size_t errlen)
{
        const char *dirs[] = { pam_confdir, PAM_VENDOR_DIR, NULL };
        struct pam_stack stack;
        int r;

        *ret = (struct history_files){ 0 };
        err[0] = '\0';
        add(ret, HISTORY_DEFAULT_FILE);
        r = pam_stack_read(dirs, service, "password", &stack, err, errlen);
        if (r == 0) {
                for (size_t i = 0; i < stack.n; i++) {
                        const char *file = pam_stack_arg(&stack.lines[i], "file=");
                        if (file && strcmp(pam_stack_module_name(&stack.lines[i]), "pam_pwhistory.so") == 0)
                                add(ret, file);
                }
                pam_stack_free(&stack);
        } else
                err[0] = '\0'; /* libpam reports a broken service itself */
        return conf_file(ret, err, errlen);
}
