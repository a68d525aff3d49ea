/* SPDX-License-Identifier: Apache-2.0 */
/* A PAM module for the tests only (never installed): in the update phase of
 * pam_chauthtok it writes the new password (PAM_AUTHTOK) to the file named
 * by its argument, then fails with PAM_AUTHTOK_ERR, as a module further down
 * a stack may refuse a password the modules above have stored. The tests of
 * generated passwords learn that way a password ssmreset made and never
 * delivered, and look for it where it must not be. With the argument
 * "abort" it calls abort() instead, as a library's failed assertion would,
 * with the new password in the process's memory. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_modules.h>

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
        const void *item = NULL;
        int fd;

        if (flags & PAM_PRELIM_CHECK)
                return PAM_SUCCESS;
        if (argc != 1 || pam_get_item(pamh, PAM_AUTHTOK, &item) != PAM_SUCCESS || !item)
                return PAM_SYSTEM_ERR;
        if (strcmp(argv[0], "abort") == 0)
                abort();
        fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
                return PAM_SYSTEM_ERR;
        if (write(fd, item, strlen(item)) != (ssize_t) strlen(item)) {
                close(fd);
                return PAM_SYSTEM_ERR;
        }
        close(fd);
        return PAM_AUTHTOK_ERR;
}
