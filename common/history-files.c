/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "history-files.h"
#include "module-conf.h"
#include "pam-stack.h"

static void add(struct history_files *h, const char *path)
{
        for (size_t i = 0; i < h->n; i++)
                if (strcmp(h->path[i], path) == 0)
                        return;
        if (h->n < HISTORY_MAX_FILES && path[0] == '/' && strlen(path) < sizeof h->path[0])
                snprintf(h->path[h->n++], sizeof h->path[0], "%s", path);
}

int history_files_find(const char *pam_confdir, const char *service, struct history_files *ret, char *err,
                       size_t errlen)
{
        const char *dirs[] = { pam_confdir, PAM_VENDOR_DIR, NULL };
        struct pam_stack stack;
        char conf[PATH_MAX];
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
        /* "file = /path" in pwhistory.conf. */
        if ((r = module_conf_value(PWHISTORY_CONF, "file", conf, sizeof conf, err, errlen)) < 0)
                return r;
        if (r == 1)
                add(ret, conf);
        return 0;
}
