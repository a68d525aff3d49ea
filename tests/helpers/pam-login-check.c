/* SPDX-License-Identifier: Apache-2.0 */
/* pam-login-check USER [SERVICE [--session [--real-uid UID]]]: reads a
 * password from standard input and says whether it opens the account
 * through a PAM service (default ssmreset-login-check: pam_unix auth +
 * account); with --session, then opens and closes a session as a login
 * would, the service's messages on standard output; with --real-uid, the
 * session runs with that real user id and root's effective one, as in su
 * (setuid) run by that user. Exit 0 yes, 1 no, 2 error. Test helper only. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* setresuid() */
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

static char password[512];

static int conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data)
{
        struct pam_response *r = calloc((size_t) n, sizeof *r);

        if (!r)
                return PAM_BUF_ERR;
        for (int i = 0; i < n; i++)
                if (msg[i]->msg_style == PAM_PROMPT_ECHO_OFF)
                        r[i].resp = strdup(password);
                else if (msg[i]->msg_style == PAM_TEXT_INFO || msg[i]->msg_style == PAM_ERROR_MSG)
                        printf("%s\n", msg[i]->msg);
        *resp = r;
        return PAM_SUCCESS;
}

int main(int argc, char **argv)
{
        struct pam_conv pc = { conv, NULL };
        pam_handle_t *pamh;
        int rc;

        bool session = argc >= 4 && strcmp(argv[3], "--session") == 0;
        bool real_uid = session && argc == 6 && strcmp(argv[4], "--real-uid") == 0;

        if (argc < 2 || (argc > 3 && !session) || (argc > 4 && !real_uid) || !fgets(password, sizeof password, stdin))
                return 2;
        password[strcspn(password, "\n")] = '\0';
        if (pam_start(argc >= 3 ? argv[2] : "ssmreset-login-check", argv[1], &pc, &pamh) != PAM_SUCCESS)
                return 2;
        rc = pam_authenticate(pamh, 0);
        if (rc == PAM_SUCCESS)
                rc = pam_acct_mgmt(pamh, 0);
        /* Set in-process, after the program started: a setuid program
         * would lose the sanitizer build's preloads. */
        if (rc == PAM_SUCCESS && real_uid && setresuid((uid_t) strtoul(argv[5], NULL, 10), 0, 0) < 0)
                return 2;
        if (rc == PAM_SUCCESS && session && (rc = pam_open_session(pamh, 0)) == PAM_SUCCESS)
                rc = pam_close_session(pamh, 0);
        printf("%s\n", pam_strerror(pamh, rc));
        pam_end(pamh, rc);
        return rc == PAM_SUCCESS ? 0 : 1;
}
