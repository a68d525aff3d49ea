/* SPDX-License-Identifier: Apache-2.0 */
/* common/scheduler.h through systemd's own tools, run as pam_unix runs its
 * helpers (spawn.h): systemd-run makes a transient timer and service, which
 * systemd runs as root with a clean environment and collects afterwards
 * (--collect, also when it failed); systemctl stop on the timer cancels it.
 * systemctl is-active on both says whether it is still to come or under
 * way. Transient units live in /run: a reboot drops them, which the break-glass
 * state on disk makes up for (break-glass-state.h). The tools' paths are
 * fixed, looked for in /usr/bin then /bin (Debian 11 keeps systemctl in
 * /bin): nothing is looked up through PATH. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scheduler.h"
#include "helper-run.h"

/* systemd-run and systemctl talk to systemd over its private socket: a few
 * milliseconds, far less on an idle host than this bound. */
#define TOOL_TIMEOUT_MS (15 * 1000)
/* What sd_booted(3) looks at: systemd is the service manager here. */
#define SYSTEMD_RUNNING "/run/systemd/system"

static const char *tool(const char *name, char *buf, size_t n)
{
        static const char *const dirs[] = { "/usr/bin", "/bin" };

        for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
                snprintf(buf, n, "%s/%s", dirs[i], name);
                if (access(buf, X_OK) == 0)
                        return buf;
        }
        return NULL;
}

int scheduler_ready(char *why, size_t n)
{
        char path[64];
        struct stat st;

        if (stat(SYSTEMD_RUNNING, &st) < 0 || !S_ISDIR(st.st_mode)) {
                snprintf(why, n,
                         "systemd is not this host's service manager (no %s): a break-glass password closes "
                         "through a systemd timer",
                         SYSTEMD_RUNNING);
                return -EOPNOTSUPP;
        }
        if (!tool("systemd-run", path, sizeof path) || !tool("systemctl", path, sizeof path)) {
                snprintf(why, n, "systemd-run or systemctl is missing from /usr/bin and /bin: install systemd");
                return -ENOENT;
        }
        return 0;
}

/* Runs a tool: 0, its exit status when not 0, or -errno; what it said, on
 * failure, goes into why. */
static int run_tool(char *const argv[], const char *what, char *why, size_t n)
{
        char said[256];
        int r = helper_run(argv, TOOL_TIMEOUT_MS, true, said, sizeof said);

        said[strcspn(said, "\n")] = '\0';
        if (r == 0)
                return 0;
        if (r > 0)
                snprintf(why, n, "%s failed (exit status %d): %.160s", what, r, said);
        else if (r == -ETIMEDOUT)
                snprintf(why, n, "%s did not end within %d s", what, TOOL_TIMEOUT_MS / 1000);
        else
                snprintf(why, n, "cannot run %s: %s", what, strerror(-r));
        return r;
}

int scheduler_start(const char *unit, unsigned delay_s, const char *description, char *const command[], char *why,
                    size_t n)
{
        char path[64], unit_arg[200], delay_arg[64], desc_arg[300];
        char *argv[32] = { NULL };
        size_t k = 0;
        int r;

        if (scheduler_ready(why, n) < 0)
                return -ENOENT;
        tool("systemd-run", path, sizeof path);
        snprintf(unit_arg, sizeof unit_arg, "--unit=%s", unit);
        snprintf(delay_arg, sizeof delay_arg, "--on-active=%us", delay_s);
        snprintf(desc_arg, sizeof desc_arg, "--description=%s", description);
        argv[k++] = path;
        argv[k++] = "--quiet";
        argv[k++] = "--collect";
        argv[k++] = unit_arg;
        argv[k++] = delay_arg;
        /* Within a second of its time, not within systemd's default minute. */
        argv[k++] = "--timer-property=AccuracySec=1s";
        /* Gone once it fired, not "active (elapsed)": is-active then says
         * whether its command still runs (scheduler_pending()). */
        argv[k++] = "--timer-property=RemainAfterElapse=no";
        argv[k++] = desc_arg;
        argv[k++] = "--";
        for (size_t i = 0; command[i] && k < sizeof argv / sizeof argv[0] - 1; i++)
                argv[k++] = command[i];
        r = run_tool(argv, "systemd-run", why, n);
        return r > 0 ? -EIO : r;
}

int scheduler_pending(const char *unit, char *why, size_t n)
{
        char path[64], timer[200], service[200];
        char *argv[] = { path, "--quiet", "is-active", timer, service, NULL };
        int r;

        if (!tool("systemctl", path, sizeof path)) {
                snprintf(why, n, "systemctl is missing from /usr/bin and /bin");
                return -ENOENT;
        }
        snprintf(timer, sizeof timer, "%s.timer", unit);
        snprintf(service, sizeof service, "%s.service", unit);
        r = run_tool(argv, "systemctl is-active", why, n);
        /* is-active: 0 when one of them is active (or activating); 3 when
         * neither is, loaded or not. */
        return r == 0 ? 1 : r == 3 ? 0 : r > 0 ? -EIO : r;
}

int scheduler_cancel(const char *unit, char *why, size_t n)
{
        char path[64], timer[200];
        char *argv[] = { path, "--quiet", "stop", timer, NULL };
        int r;

        if (!tool("systemctl", path, sizeof path)) {
                snprintf(why, n, "systemctl is missing from /usr/bin and /bin");
                return -ENOENT;
        }
        snprintf(timer, sizeof timer, "%s.timer", unit);
        r = run_tool(argv, "systemctl stop", why, n);
        /* systemctl's 5: no such unit loaded: it ran, or a reboot took it. */
        return r == 5 ? 0 : r > 0 ? -EIO : r;
}
