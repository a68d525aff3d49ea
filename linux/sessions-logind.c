/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sessions-logind.h"
#include "helper-run.h"

#define LOGINCTL_TIMEOUT_MS (15 * 1000)

int sessions_end(const char *user, char *why, size_t n)
{
        static const char *const paths[] = { "/usr/bin/loginctl", "/bin/loginctl" };
        char said[256];
        const char *path = NULL;
        int r;

        for (size_t i = 0; i < sizeof paths / sizeof paths[0] && !path; i++)
                if (access(paths[i], X_OK) == 0)
                        path = paths[i];
        if (!path) {
                snprintf(why, n, "loginctl is missing from /usr/bin and /bin");
                return -ENOENT;
        }
        char *argv[] = { (char *) path, "terminate-user", "--", (char *) user, NULL };
        r = helper_run(argv, LOGINCTL_TIMEOUT_MS, true, said, sizeof said);
        said[strcspn(said, "\n")] = '\0';
        if (r == 0)
                return 0;
        if (r > 0)
                snprintf(why, n, "loginctl terminate-user failed (exit status %d): %.160s", r, said);
        else
                snprintf(why, n, "loginctl terminate-user: %s", r == -ETIMEDOUT ? "no answer" : strerror(-r));
        return r > 0 ? -EIO : r;
}
