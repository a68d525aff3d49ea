/* SPDX-License-Identifier: Apache-2.0 */
/* ssmreset --doctor on Windows: elevation, the SSM agent's service and
 * version, the Event Log source. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <windows.h>

#include "os/doctor.h"
#include "eventlog.h"
#include "os/privileges.h"
#include "utf16.h"

#define AGENT_SERVICE L"AmazonSSMAgent"

/* "a.b.c.d" from an executable's version resource. */
static bool file_version(const wchar_t *path, char *version, size_t n)
{
        DWORD ignored, size = GetFileVersionInfoSizeW(path, &ignored);
        VS_FIXEDFILEINFO *fi = NULL;
        UINT len = 0;
        bool ok = false;
        void *data;

        if (size == 0 || !(data = malloc(size)))
                return false;
        if (GetFileVersionInfoW(path, 0, size, data) && VerQueryValueW(data, L"\\", (void **) &fi, &len) && fi &&
            len >= sizeof *fi) {
                snprintf(version, n, "%u.%u.%u.%u", HIWORD(fi->dwFileVersionMS), LOWORD(fi->dwFileVersionMS),
                         HIWORD(fi->dwFileVersionLS), LOWORD(fi->dwFileVersionLS));
                ok = true;
        }
        free(data);
        return ok;
}

/* The service's executable: its command line up to the first argument. */
static void service_exe(const wchar_t *cmd, wchar_t *exe, size_t n)
{
        const wchar_t *start = cmd, *end;

        if (*start == L'"') {
                start++;
                end = wcschr(start, L'"');
        } else
                end = wcsstr(start, L".exe") ? wcsstr(start, L".exe") + 4 : NULL;
        if (!end)
                end = start + wcslen(start);
        swprintf(exe, n, L"%.*ls", (int) (end - start), start);
}

static void check_agent(struct doctor_check *installed, struct doctor_check *version, struct doctor_check *running)
{
        SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
        SC_HANDLE svc = scm ? OpenServiceW(scm, AGENT_SERVICE, SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS) : NULL;
        union {
                QUERY_SERVICE_CONFIGW c;
                BYTE b[8192];
        } cfg;
        SERVICE_STATUS st;
        char v[64] = "";
        DWORD need;

        installed->ok = svc != NULL;
        if (svc) {
                wchar_t exe[MAX_PATH];
                if (QueryServiceConfigW(svc, &cfg.c, sizeof cfg, &need) && cfg.c.lpBinaryPathName) {
                        service_exe(cfg.c.lpBinaryPathName, exe, MAX_PATH);
                        file_version(exe, v, sizeof v);
                }
                doctor_set(installed->detail, "the AmazonSSMAgent service is installed%s%s", v[0] ? ", version " : "",
                           v);
        } else {
                doctor_set(installed->detail, "no AmazonSSMAgent service (error %lu)", (unsigned long) GetLastError());
                doctor_set(installed->fix, "install the SSM Agent for Windows (it comes with AWS Windows AMIs)");
        }

        if (!v[0]) {
                doctor_set(version->detail, "unknown: %s",
                           svc ? "the agent's executable has no version resource" : "the agent is not installed");
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

        running->ok = svc && QueryServiceStatus(svc, &st) && st.dwCurrentState == SERVICE_RUNNING;
        if (running->ok)
                doctor_set(running->detail, "the agent is running");
        else {
                doctor_set(running->detail, "the AmazonSSMAgent service is not running");
                doctor_set(running->fix, "start it: Start-Service AmazonSSMAgent; Set-Service AmazonSSMAgent "
                                         "-StartupType Automatic");
        }
        if (svc)
                CloseServiceHandle(svc);
        if (scm)
                CloseServiceHandle(scm);
}

static void check_eventlog(struct doctor_check *source, struct doctor_check *audit)
{
        char file[MAX_PATH * 3];
        DWORD err = eventlog_open();

        audit->ok = err == 0;
        if (audit->ok)
                doctor_set(audit->detail, "the Event Log takes records from the source 'ssmreset'");
        else {
                doctor_set(audit->detail, "the Event Log is not reachable (error %lu): every reset would be refused",
                           (unsigned long) err);
                doctor_set(audit->fix, "start the EventLog service: Start-Service EventLog");
        }

        source->ok = eventlog_source_registered(file, sizeof file);
        source->warning = !source->ok;
        if (source->ok)
                doctor_set(source->detail, "event source 'ssmreset' registered, messages from %s", file);
        else {
                doctor_set(source->detail, "event source 'ssmreset' is not registered: records are written, "
                                           "but Event Viewer cannot show their text");
                doctor_set(source->fix, "New-EventLog -LogName Application -Source ssmreset "
                                        "-MessageResourceFile <path of ssmreset.exe>");
        }
}

size_t backend_doctor(struct doctor_check *checks, size_t max)
{
        size_t n = 0;
        struct doctor_check *admin = doctor_add(checks, &n, max, "elevated");
        struct doctor_check *agent = doctor_add(checks, &n, max, "agent");
        struct doctor_check *agent_version = doctor_add(checks, &n, max, "agent-version");
        struct doctor_check *agent_running = doctor_add(checks, &n, max, "agent-running");
        struct doctor_check *source = doctor_add(checks, &n, max, "eventlog-source");
        struct doctor_check *audit = doctor_add(checks, &n, max, "audit");

        if (!audit)
                return 0;
        admin->ok = privileges_sufficient();
        if (admin->ok)
                doctor_set(admin->detail, "running elevated as an administrator");
        else {
                doctor_set(admin->detail, "not running elevated as an administrator");
                doctor_set(admin->fix, "%s", privileges_advice());
        }
        check_agent(agent, agent_version, agent_running);
        check_eventlog(source, audit);
        return n;
}
