/* ssmreset --doctor on Linux: what makes resets fail on real instances, as
 * far as the host can see it. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "audit.h"
#include "doctor.h"

#define AGENT_NAME "amazon-ssm-agent"
#define SNAP_YAML "/snap/amazon-ssm-agent/current/meta/snap.yaml"
#define PAM_DIR "/etc/pam.d"

static void check_root(struct doctor_check *c)
{
        c->ok = getuid() == 0 && geteuid() == 0;
        if (c->ok)
                doctor_set(c->detail, "running with root rights");
        else {
                doctor_set(c->detail, "not running with root rights (uid %d)", (int) getuid());
                doctor_set(c->fix, "run ssmreset as root; in a session document set \"runAsElevated\": true");
        }
}

static bool snap_version(char *version, size_t n)
{
        char line[256];
        FILE *f = fopen(SNAP_YAML, "re");
        bool found = false;

        if (!f)
                return false;
        while (!found && fgets(line, sizeof line, f))
                if (strncmp(line, "version:", 8) == 0) {
                        char *v = line + 8;
                        while (*v == ' ' || *v == '\'' || *v == '"')
                                v++;
                        v[strcspn(v, "'\"\n ")] = '\0';
                        snprintf(version, n, "%.100s", v);
                        found = version[0] != '\0';
                }
        fclose(f);
        return found;
}

/* Package databases are their tools' business (dpkg's files are an internal
 * interface, rpm's are not text): ask the query tool, without a shell. */
static bool query_tool(const char *path, char *const argv[], char *out, size_t n)
{
        char *envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };
        posix_spawn_file_actions_t fa;
        int pipefd[2], status;
        ssize_t len = 0, r;
        pid_t pid;

        out[0] = '\0';
        if (access(path, X_OK) != 0 || pipe2(pipefd, O_CLOEXEC) < 0)
                return false;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        r = posix_spawn(&pid, path, &fa, NULL, argv, envp);
        posix_spawn_file_actions_destroy(&fa);
        close(pipefd[1]);
        if (r != 0) {
                close(pipefd[0]);
                return false;
        }
        while ((size_t) len < n - 1 && (r = read(pipefd[0], out + len, n - 1 - (size_t) len)) > 0)
                len += r;
        close(pipefd[0]);
        out[len] = '\0';
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return false;
        return len > 0;
}

/* The status comes first: a package removed but not purged is not installed. */
static bool dpkg_version(const char *package, char *version, size_t n)
{
        char *argv[] = { "dpkg-query", "-W", "-f", "${db:Status-Status} ${Version}", (char *) package, NULL };
        static const char installed[] = "installed ";
        char out[160];

        version[0] = '\0';
        if (!query_tool("/usr/bin/dpkg-query", argv, out, sizeof out) ||
            strncmp(out, installed, sizeof installed - 1) != 0)
                return false;
        snprintf(version, n, "%.100s", out + sizeof installed - 1);
        return version[0] != '\0';
}

static bool rpm_version(const char *package, char *version, size_t n)
{
        char *argv[] = { "rpm", "-q", "--qf", "%{VERSION}", (char *) package, NULL };

        return query_tool("/usr/bin/rpm", argv, version, n) && isdigit((unsigned char) version[0]);
}

static bool agent_process_running(void)
{
        DIR *d = opendir("/proc");
        struct dirent *e;
        bool found = false;

        if (!d)
                return false;
        while (!found && (e = readdir(d))) {
                char path[300], argv0[PATH_MAX];
                ssize_t r;
                int fd;

                if (!isdigit((unsigned char) e->d_name[0]))
                        continue;
                snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
                fd = open(path, O_RDONLY | O_CLOEXEC);
                if (fd < 0)
                        continue;
                r = read(fd, argv0, sizeof argv0 - 1);
                close(fd);
                if (r <= 0)
                        continue;
                argv0[r] = '\0';
                const char *base = strrchr(argv0, '/');
                found = strcmp(base ? base + 1 : argv0, AGENT_NAME) == 0;
        }
        closedir(d);
        return found;
}

static void check_agent(struct doctor_check *installed, struct doctor_check *version,
                        struct doctor_check *running)
{
        char v[128] = "";
        const char *how = NULL;

        if (dpkg_version(AGENT_NAME, v, sizeof v))
                how = "deb package";
        else if (rpm_version(AGENT_NAME, v, sizeof v))
                how = "rpm package";
        else if (snap_version(v, sizeof v))
                how = "snap";

        installed->ok = how != NULL;
        if (how)
                doctor_set(installed->detail, "Session Manager agent %s installed (%s)", v, how);
        else {
                doctor_set(installed->detail, "no Session Manager agent found (deb, rpm or snap)");
                doctor_set(installed->fix, "install amazon-ssm-agent (snap install amazon-ssm-agent --classic, "
                    "or the deb/rpm package of your distribution or of AWS)");
        }

        if (!how) {
                doctor_set(version->detail, "unknown: the agent is not installed");
                doctor_set(version->fix, "install agent %s or later", AGENT_MIN_VERSION);
        } else if (doctor_version_compare(v, AGENT_MIN_VERSION) >= 0) {
                version->ok = true;
                doctor_set(version->detail, "agent %s supports InteractiveCommands sessions (%s or later)",
                    v, AGENT_MIN_VERSION);
        } else {
                doctor_set(version->detail, "agent %s is older than %s, the first with InteractiveCommands sessions",
                    v, AGENT_MIN_VERSION);
                doctor_set(version->fix, "update the agent, for example with the AWS-UpdateSSMAgent document");
        }

        running->ok = agent_process_running();
        if (running->ok)
                doctor_set(running->detail, "the agent is running");
        else {
                doctor_set(running->detail, "no running %s process", AGENT_NAME);
                doctor_set(running->fix, "start it: systemctl enable --now amazon-ssm-agent "
                    "(snap: snap start --enable amazon-ssm-agent)");
        }
}

/* Where this libpam looks for modules: "security" beside libpam itself. */
static void module_dir(char *buf, size_t n)
{
        Dl_info info;

        if (dladdr((void *) pam_start, &info) && info.dli_fname && strrchr(info.dli_fname, '/')) {
                snprintf(buf, n, "%.*s/security", (int) (strrchr(info.dli_fname, '/') - info.dli_fname),
                         info.dli_fname);
                return;
        }
        snprintf(buf, n, "/lib/security");
}

struct stack_walk {
        char moddir[PATH_MAX];
        char missing[256];      /* modules that do not load */
        char optional_missing[256];
        bool policy_line, finish_line, quality;
        int lines;
};

static void append(char *list, size_t n, const char *name)
{
        size_t used = strlen(list);

        if (used + strlen(name) + 3 < n)
                snprintf(list + used, n - used, "%s%s", used ? ", " : "", name);
}

/* Reads the password lines of one PAM file, following includes. */
static int walk_service(struct stack_walk *w, const char *service, int depth)
{
        char path[PATH_MAX], line[1024];
        FILE *f;

        if (depth > 4)
                return 0;
        snprintf(path, sizeof path, "%s/%s", PAM_DIR, service);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        while (fgets(line, sizeof line, f)) {
                char *tok[8] = { 0 }, *save = NULL, *p;
                int n = 0;

                line[strcspn(line, "#\n")] = '\0';
                for (p = strtok_r(line, " \t", &save); p && n < 8; p = strtok_r(NULL, " \t", &save))
                        tok[n++] = p;
                if (n == 0)
                        continue;
                if (strcmp(tok[0], "@include") == 0 && n >= 2) {
                        walk_service(w, tok[1], depth + 1);
                        continue;
                }
                bool optional = tok[0][0] == '-';
                if (strcmp(tok[0] + optional, "password") != 0 || n < 3)
                        continue;
                w->lines++;
                if (tok[1][0] == '[') {         /* "[value=action ...]" spans tokens */
                        int i = 1, k = 2;
                        while (i < n - 1 && !strchr(tok[i], ']'))
                                i++;
                        for (int j = i + 1; j < n; j++)
                                tok[k++] = tok[j];
                        while (k < 8)
                                tok[k++] = NULL;
                }
                if (strcmp(tok[1], "include") == 0 || strcmp(tok[1], "substack") == 0) {
                        walk_service(w, tok[2], depth + 1);
                        continue;
                }
                if (!tok[2])
                        continue;
                char modpath[PATH_MAX + 256];
                const char *base = strrchr(tok[2], '/') ? strrchr(tok[2], '/') + 1 : tok[2];
                if (tok[2][0] == '/')
                        snprintf(modpath, sizeof modpath, "%s", tok[2]);
                else
                        snprintf(modpath, sizeof modpath, "%s/%s", w->moddir, tok[2]);
                void *h = dlopen(modpath, RTLD_NOW | RTLD_LOCAL);
                if (!h)
                        append(optional ? w->optional_missing : w->missing,
                               sizeof w->missing, base);
                else
                        dlclose(h);
                if (strcmp(base, "pam_ssmreset.so") == 0) {
                        bool finish = false;
                        for (int i = 3; i < 8 && tok[i]; i++)
                                finish |= strcmp(tok[i], "finish") == 0;
                        if (finish)
                                w->finish_line = w->policy_line;
                        else
                                w->policy_line = true;
                        w->quality |= h != NULL && !finish;
                }
                if (strcmp(base, "pam_pwquality.so") == 0 && h)
                        w->quality = true;
        }
        fclose(f);
        return 0;
}

static void check_pam(struct doctor_check *service, struct doctor_check *policy, struct doctor_check *quality)
{
        struct stack_walk w = { 0 };
        int r;

        module_dir(w.moddir, sizeof w.moddir);
        r = walk_service(&w, SSMRESET_PAM_SERVICE, 0);
        if (r < 0) {
                doctor_set(service->detail, "%s/%s: %s", PAM_DIR, SSMRESET_PAM_SERVICE, strerror(-r));
                doctor_set(service->fix, "install the ssmreset package, which ships %s/%s", PAM_DIR, SSMRESET_PAM_SERVICE);
        } else if (w.missing[0]) {
                doctor_set(service->detail, "%s/%s names modules that do not load: %s", PAM_DIR, SSMRESET_PAM_SERVICE,
                    w.missing);
                doctor_set(service->fix, "install them or remove their lines (modules are looked up in %s)", w.moddir);
        } else if (w.lines == 0) {
                doctor_set(service->detail, "%s/%s has no password lines", PAM_DIR, SSMRESET_PAM_SERVICE);
                doctor_set(service->fix, "restore the file shipped with the ssmreset package");
        } else {
                service->ok = true;
                doctor_set(service->detail, "%s/%s: %d password lines, every module loads%s%s%s", PAM_DIR,
                    SSMRESET_PAM_SERVICE, w.lines, w.optional_missing[0] ? " (optional, absent: " : "",
                    w.optional_missing, w.optional_missing[0] ? ")" : "");
        }

        policy->ok = w.policy_line && w.finish_line;
        if (policy->ok)
                doctor_set(policy->detail, "pam_ssmreset.so decides and finishes every reset");
        else {
                doctor_set(policy->detail, "pam_ssmreset.so %s", !w.policy_line ? "is not in the password stack" :
                    "has no 'finish' line after the password stack");
                doctor_set(policy->fix, "put 'password requisite pam_ssmreset.so' first and "
                    "'password required pam_ssmreset.so finish' last in %s/%s (see pam_ssmreset(8))",
                    PAM_DIR, SSMRESET_PAM_SERVICE);
        }

        quality->ok = w.quality;
        if (quality->ok)
                doctor_set(quality->detail, "a quality check runs for root (pam_ssmreset.so or pam_pwquality.so)");
        else {
                doctor_set(quality->detail, "no loadable quality module in the password stack");
                doctor_set(quality->fix, "install libpwquality and use pam_ssmreset.so (it enforces pwquality.conf for root)");
        }
}

static void check_audit(struct doctor_check *c)
{
        enum audit_sink sink = audit_probe();

        c->ok = sink == AUDIT_JOURNAL;
        c->warning = sink == AUDIT_SYSLOG;
        if (sink == AUDIT_JOURNAL)
                doctor_set(c->detail, "journald is reachable");
        else if (sink == AUDIT_SYSLOG) {
                doctor_set(c->detail, "journald is not reachable; records go to syslog");
                doctor_set(c->fix, "start systemd-journald for structured records");
        } else {
                doctor_set(c->detail, "neither journald nor syslog is reachable: every reset would be refused");
                doctor_set(c->fix, "start systemd-journald (or a syslog daemon on /dev/log)");
        }
}

size_t backend_doctor(struct doctor_check *checks, size_t max)
{
        size_t n = 0;
        struct doctor_check *root = doctor_add(checks, &n, max, "root");
        struct doctor_check *agent = doctor_add(checks, &n, max, "agent");
        struct doctor_check *agent_version = doctor_add(checks, &n, max, "agent-version");
        struct doctor_check *agent_running = doctor_add(checks, &n, max, "agent-running");
        struct doctor_check *service = doctor_add(checks, &n, max, "pam-service");
        struct doctor_check *policy = doctor_add(checks, &n, max, "reset-policy");
        struct doctor_check *quality = doctor_add(checks, &n, max, "quality");
        struct doctor_check *audit = doctor_add(checks, &n, max, "audit");

        if (!audit)
                return 0;
        check_root(root);
        check_agent(agent, agent_version, agent_running);
        check_pam(service, policy, quality);
        check_audit(audit);
        return n;
}
