/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset --doctor on Linux: what makes resets fail on real instances, as
 * far as the host can see it. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <security/pam_appl.h>

#include "account-store.h"
#include "agent-probe.h"
#include "hash-method.h"
#include "host-files.h"
#include "os/audit.h"
#include "os/doctor.h"
#include "os/privileges.h"
#include "pam-protocol.h"
#include "pam-stack.h"
#include "quality.h"

#define LOGIN_DEFS "/etc/login.defs"

static void check_root(struct doctor_check *c)
{
        c->ok = privileges_sufficient();
        if (c->ok)
                doctor_set(c->detail, "running with root rights");
        else {
                doctor_set(c->detail, "not running with root rights (uid %d)", (int) getuid());
                doctor_set(c->fix, "%s; in a session document set \"runAsElevated\": true", privileges_advice());
        }
}

static void check_agent(struct doctor_check *installed, struct doctor_check *version, struct doctor_check *running)
{
        char v[128] = "";
        const char *how = agent_installed(v, sizeof v);

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
                doctor_set(version->detail, "agent %s supports InteractiveCommands sessions (%s or later)", v,
                           AGENT_MIN_VERSION);
        } else {
                doctor_set(version->detail, "agent %s is older than %s, the first with InteractiveCommands sessions", v,
                           AGENT_MIN_VERSION);
                doctor_set(version->fix, "update the agent, for example with the AWS-UpdateSSMAgent document");
        }

        running->ok = agent_running();
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

static void append(char *list, size_t n, const char *name)
{
        size_t used = strlen(list);

        if (used + strlen(name) + 3 < n)
                snprintf(list + used, n - used, "%s%s", used ? ", " : "", name);
}

/* Does the module of this line load, as libpam would load it (RTLD_NOW)? */
static bool module_loads(const char *moddir, const struct pam_stack_line *l)
{
        char path[PATH_MAX + 256];
        void *h;

        if (l->module[0] == '/')
                snprintf(path, sizeof path, "%s", l->module);
        else
                snprintf(path, sizeof path, "%s/%s", moddir, l->module);
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (h)
                dlclose(h);
        return h != NULL;
}

static bool is_finish_line(const struct pam_stack_line *l)
{
        return pam_stack_arg(l, SSMRESET_PAM_FINISH_OPTION) != NULL;
}

/* Can the quality check of the first pam_ssmreset.so line run: its settings
 * with pwquality.conf's, and the dictionary they need? */
static void check_quality_runs(const struct pam_stack_line *first, struct doctor_check *quality)
{
        char *settings[PAM_STACK_MAX_ARGS + 1] = { NULL }, msg[768];
        pwquality_settings_t *pwq = NULL;
        size_t n = 0;
        int r;

        for (size_t i = 0; first && i < first->n_args; i++)
                if (quality_is_setting(first->args[i]))
                        settings[n++] = first->args[i];
        r = quality_settings_load(settings, &pwq, msg, sizeof msg);
        if (r == 0) {
                r = quality_ready(pwq, msg, sizeof msg);
                pwquality_free_settings(pwq);
        }
        if (r == 0)
                return;
        quality->ok = false;
        doctor_set(quality->detail, "%s", msg);
        doctor_set(quality->fix, "until then every reset is refused before any prompt (SYSTEM_ERROR)");
}

static void check_hash_method(const struct pam_stack *stack, struct doctor_check *c)
{
        struct unix_hash_method m;
        int r = unix_hash_method(stack, LOGIN_DEFS, &m);

        if (r < 0) {
                doctor_set(c->detail, "cannot read %s: %s", LOGIN_DEFS, strerror(-r));
                doctor_set(c->fix, "make %s readable", LOGIN_DEFS);
        } else if (r == 0) {
                c->warning = true;
                doctor_set(c->detail, "no pam_unix.so in the password stack: the hash method cannot be told before "
                                      "a reset (each stored hash is still checked after it, and a weak one put back)");
        } else if (m.strength == HASH_STRONG) {
                c->ok = true;
                doctor_set(c->detail, "pam_unix stores with %s (%s)", m.method, m.source);
        } else {
                doctor_set(c->detail, "pam_unix would store with the weak method %s (%s): every reset is refused",
                           m.method, m.source);
                doctor_set(c->fix, "%s", m.fix);
        }
}

static void check_store(struct doctor_check *c)
{
        char why[512];

        c->ok = account_store_check(why, sizeof why) == 0;
        if (c->ok)
                doctor_set(c->detail, "pam_unix can write /etc/shadow (room, no obstacle, not read-only)");
        else {
                doctor_set(c->detail, "%s", why);
                doctor_set(c->fix, "until then every reset is refused before any prompt (SYSTEM_ERROR)");
        }
}

static void check_pam(struct doctor_check *service, struct doctor_check *policy, struct doctor_check *quality,
                      struct doctor_check *method)
{
        static const char *const dirs[] = { SSMRESET_PAM_CONFDIR, PAM_VENDOR_DIR, NULL };
        char moddir[PATH_MAX], missing[256] = "", optional_missing[256] = "", err[512];
        bool policy_line = false, finish_line = false, has_quality = false;
        struct pam_stack stack;
        int r;

        module_dir(moddir, sizeof moddir);
        r = pam_stack_read(dirs, SSMRESET_PAM_SERVICE, "password", &stack, err, sizeof err);
        if (r < 0) {
                doctor_set(service->detail, "%s", err);
                doctor_set(service->fix,
                           r == -ENOENT ?
                                   "install the ssmreset package, which ships %s (or restore the file it includes)" :
                                   "repair %s (see pam.d(5))",
                           SSMRESET_PAM_SERVICE_FILE);
                doctor_set(policy->detail, "unknown: the PAM service cannot be read");
                doctor_set(quality->detail, "unknown: the PAM service cannot be read");
                doctor_set(method->detail, "unknown: the PAM service cannot be read");
                return;
        }
        for (size_t i = 0; i < stack.n; i++) {
                const struct pam_stack_line *l = &stack.lines[i];
                const char *name = pam_stack_module_name(l);
                bool loads = module_loads(moddir, l);

                if (!loads)
                        append(l->optional ? optional_missing : missing, sizeof missing, name);
                if (strcmp(name, "pam_ssmreset.so") == 0) {
                        if (is_finish_line(l))
                                finish_line = true;
                        else
                                policy_line |= i == 0; /* first: it decides before any prompt */
                        has_quality |= loads && !is_finish_line(l);
                }
                if (strcmp(name, "pam_pwquality.so") == 0 && loads)
                        has_quality = true;
        }

        if (missing[0]) {
                doctor_set(service->detail, "%s names modules that do not load: %s", SSMRESET_PAM_SERVICE_FILE,
                           missing);
                doctor_set(service->fix, "install them or remove their lines (modules are looked up in %s)", moddir);
        } else if (stack.n == 0) {
                doctor_set(service->detail, "%s has no password lines", SSMRESET_PAM_SERVICE_FILE);
                doctor_set(service->fix, "restore the file shipped with the ssmreset package");
        } else {
                service->ok = true;
                doctor_set(service->detail, "%s: %zu password lines, every module loads%s%s%s",
                           SSMRESET_PAM_SERVICE_FILE, stack.n, optional_missing[0] ? " (optional, absent: " : "",
                           optional_missing, optional_missing[0] ? ")" : "");
        }

        policy->ok = policy_line;
        if (policy->ok)
                doctor_set(policy->detail, "pam_ssmreset.so decides every reset before any prompt%s",
                           finish_line ? " (the 'finish' line of ssmreset 0.1 does nothing now and can go)" : "");
        else {
                doctor_set(policy->detail, "pam_ssmreset.so is not the first line of the password stack");
                doctor_set(policy->fix, "put 'password requisite pam_ssmreset.so' first in %s (see pam_ssmreset(8))",
                           SSMRESET_PAM_SERVICE_FILE);
        }

        quality->ok = has_quality;
        if (quality->ok) {
                doctor_set(quality->detail, "a quality check runs for root (pam_ssmreset.so or pam_pwquality.so)");
                check_quality_runs(policy_line ? &stack.lines[0] : NULL, quality);
        } else {
                doctor_set(quality->detail, "no loadable quality module in the password stack");
                doctor_set(quality->fix,
                           "install libpwquality and use pam_ssmreset.so (it enforces pwquality.conf for root)");
        }
        check_hash_method(&stack, method);
        pam_stack_free(&stack);
}

/* The files the name service switch and pam_unix read besides the stack:
 * a FIFO in one's place would hold every reset for ever. */
static void check_files(struct doctor_check *c)
{
        static const char *const files[] = { "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/shadow",
                                             LOGIN_DEFS };
        char why[512];

        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
                if (host_file_check(files[i], false, "the account file", why, sizeof why) < 0) {
                        doctor_set(c->detail, "%s", why);
                        doctor_set(c->fix, "until then every reset is refused before any prompt (SYSTEM_ERROR)");
                        return;
                }
        c->ok = true;
        doctor_set(c->detail, "the account database files and %s are regular files", LOGIN_DEFS);
}

static void check_audit(struct doctor_check *c)
{
        enum audit_sink sink = audit_probe();

        c->ok = sink == AUDIT_PREFERRED;
        c->warning = sink == AUDIT_FALLBACK;
        if (sink == AUDIT_PREFERRED)
                doctor_set(c->detail, "journald is reachable");
        else if (sink == AUDIT_FALLBACK) {
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
        struct doctor_check *method = doctor_add(checks, &n, max, "hash-method");
        struct doctor_check *files = doctor_add(checks, &n, max, "account-files");
        struct doctor_check *store = doctor_add(checks, &n, max, "store");
        struct doctor_check *audit = doctor_add(checks, &n, max, "audit");

        if (!audit)
                return 0;
        check_root(root);
        check_agent(agent, agent_version, agent_running);
        check_pam(service, policy, quality, method);
        check_files(files);
        check_store(store);
        check_audit(audit);
        return n;
}
