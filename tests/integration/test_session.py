# SPDX-License-Identifier: Apache-2.0
"""Session integration: ssmreset run the way the Session Manager agent runs
it (the session document's command under `sh -c`, below a process named
ssm-session-worker whose first argument is the session id, in a pty with
TERM=xterm-256color and LANG=C.UTF-8, keystrokes one byte at a time with
CR for Enter), the machine interface (--batch, --json) and --doctor."""
import json
import os
import re
import subprocess

import pytest

from agent import interactive_windows_script, session_client_view
from harness import (as_nobody, BUILD, GOOD, INITIAL, UNTRUSTED_WORKER, WORKER, Pty, login_ok, run_pty, shadow_bytes,
                     shadow_line)

SRC = os.environ.get("SSMRESET_SRC_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
DOCUMENT = os.path.join(SRC, "ssm", "SSMReset-PasswordReset.json")
SESSION = "jane.doe@example.com-0a1b2c3d4e5f67890"


def document():
    with open(DOCUMENT) as f:
        return json.load(f)


def render(command, username, ssmreset):
    """What the agent does with a parameter: pastes it into the string."""
    return (command.replace("{{ username }}", username)
                   .replace("/usr/sbin/ssmreset", ssmreset))


def allowed(username):
    pattern = document()["parameters"]["username"]["allowedPattern"]
    return re.fullmatch(pattern, username) is not None


def test_document_is_an_interactive_commands_session():
    """A person types the password: the session needs a terminal, so it is
    InteractiveCommands, which ends Success whatever ssmreset's exit status
    (the closing line and the journal say what happened; agent model in
    agent.py)."""
    doc = document()
    assert doc["sessionType"] == "InteractiveCommands"
    assert doc["schemaVersion"] == "1.0"
    for os_name in ("linux", "windows"):
        assert doc["properties"][os_name]["runAsElevated"] is True
        assert doc["properties"][os_name]["commands"].endswith(" -- '{{ username }}'")
    assert session_client_view("InteractiveCommands", doc["properties"]["linux"], 5, b"")[1:] == (None, "Success")


@pytest.mark.parametrize("name", ["alice", "ec2-user", "svc_backup", "a.b", "A1", "John Smith", "svc backup 2",
                                  "a" * 32, "a " * 16 + "a"])
def test_allowed_pattern_accepts_account_names(name):
    assert allowed(name)


@pytest.mark.parametrize("name", ["", "-rf", ".hidden", " alice", "alice ", " ", "a;id", "$(id)", "`id`", "a|b",
                                  "a&b", "a\nb", "a\tb", "a'b", 'a"b', "a>b", "a\\b", "a/b", "a" * 33, "{{x}}",
                                  "a$b", "CORP\\alice", "alice@corp.example", "a\u00a0b", "John  Smith", "a  b",
                                  "a \tb"])
def test_allowed_pattern_refuses_anything_a_shell_would_read(name):
    assert not allowed(name)


def sh_arguments(command):
    """The arguments sh gives the program of a rendered Linux command."""
    probe = "/bin/sh -c 'printf \"<%s>\" \"$@\"' probe"
    r = subprocess.run(["sh", "-c", command.replace("/usr/sbin/ssmreset", probe)], capture_output=True, text=True,
                       check=True)
    return re.findall(r"<(.*?)>", r.stdout, re.S)


def powershell_arguments(command):
    """The arguments the Windows command gives ssmreset.exe: the command
    as powershell.exe gets it in an InteractiveCommands session (one raw
    command line, split by the C runtime's rules, joined with single
    spaces), read by PowerShell's quoting rules: the single-quoted strings
    after the program."""
    script = interactive_windows_script(command)
    program = "& (Join-Path $env:ProgramFiles 'ssmreset\\ssmreset.exe') "
    assert script.startswith(program), script
    rest = script[len(program):]
    args, i = [], 0
    while i < len(rest):
        if rest[i] == " ":
            i += 1
        elif rest[i] == "'":
            j, value = i + 1, ""
            while True:
                k = rest.index("'", j)
                value += rest[j:k]
                if rest[k + 1:k + 2] == "'":
                    value += "'"
                    j = k + 2
                else:
                    i = k + 1
                    break
            args.append(value)
        else:
            j = rest.find(" ", i)
            j = len(rest) if j < 0 else j
            args.append(rest[i:j])
            i = j
    return args


@pytest.mark.parametrize("name", ["alice", "John Smith", "svc backup 2", "a.b-c_d", "Jo Ann Smith"])
def test_both_shells_take_an_allowed_name_literally(name):
    """The parameter, pasted into each document's command as the agent does,
    reaches the program as one argument, exactly as given."""
    assert allowed(name)
    props = document()["properties"]
    assert sh_arguments(render(props["linux"]["commands"], name, "/usr/sbin/ssmreset")) == ["--", name]
    assert powershell_arguments(render(props["windows"]["commands"], name, "")) == ["--", name]


def test_the_windows_command_reaches_powershell_as_written():
    """No double quote, tab or run of blanks in the Windows commands: the
    command line's split and PowerShell's join give back exactly the text."""
    for path in ("SSMReset-PasswordReset.json", "SSMReset-Doctor.json"):
        with open(os.path.join(SRC, "ssm", path)) as f:
            command = json.load(f)["properties"]["windows"]["commands"]
        assert not re.search(r'["\t]|  ', command), path
        assert interactive_windows_script(command) == command


def test_a_run_of_blanks_would_name_another_account():
    """Why the pattern admits no run of blanks: PowerShell joins the split
    command line with single spaces, so 'John  Smith' would reach
    ssmreset.exe as 'John Smith', another account."""
    command = document()["properties"]["windows"]["commands"]
    assert powershell_arguments(render(command, "John  Smith", "")) == ["--", "John Smith"]
    assert not allowed("John  Smith")


def test_a_name_longer_than_32_bytes_is_refused_by_ssmreset(ssmreset, shadow):
    """The pattern bounds the blanks, not the length (RE2 cannot do both in
    one pattern of reasonable size): ssmreset refuses what is too long."""
    name = "a " * 16 + "a"
    assert allowed(name) and len(name) == 33
    cmd = render(document()["properties"]["linux"]["commands"], name, ssmreset)
    rc, out, _ = run_pty([WORKER, SESSION, cmd])
    assert rc == 2, out
    assert "ssmreset: BAD_REQUEST: the user name is longer than 32 bytes" in out
    assert shadow_bytes() == shadow


def test_a_windows_name_with_a_space_is_refused_on_linux(ssmreset, shadow):
    """What the pattern lets through for Windows, Linux names cannot be."""
    cmd = render(document()["properties"]["linux"]["commands"], "John Smith", ssmreset)
    rc, out, _ = run_pty([WORKER, SESSION, cmd])
    assert rc == 2, out
    assert "ssmreset: BAD_REQUEST: the user name contains a character not allowed" in out
    assert shadow_bytes() == shadow


def test_agent_faithful_reset(ssmreset, account, journal):
    cmd = render(document()["properties"]["linux"]["commands"], account.name, ssmreset)
    p = Pty([WORKER, SESSION, cmd], env={"TERM": "xterm-256color", "LANG": "C.UTF-8"})
    try:
        p.expect(rb"Password reset for account '%s'" % account.name.encode())
        p.expect(rb"Session: " + SESSION.encode() + rb"; requested by: jane.doe@example.com")
        p.expect(rb"New password: ")
        assert not p.echo_on()
        p.type(GOOD, enter=b"\r")
        p.expect(rb"Retype new password: ")
        p.type(GOOD, enter=b"\r")
        assert p.wait() == 0, p.text
        assert "ssmreset: CHANGED" in p.text
        assert GOOD not in p.text
        assert p.echo_on()
    finally:
        p.close()
    assert login_ok(account.name, GOOD)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_SESSION_ID"] == SESSION
    assert rec["SSMRESET_REQUESTER"] == "jane.doe@example.com"


def test_a_worker_elsewhere_is_not_trusted(ssmreset, account, journal):
    """The worker's name and arguments prove nothing: the same program at
    another path names no session and no requester."""
    rc, out, _ = run_pty([UNTRUSTED_WORKER, "mallory-0a1b2c3d4e5f67890", "%s --check %s" % (ssmreset, account.name)])
    assert rc == 0, out
    assert "ALLOWED" in out
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_SESSION_ID"] == "" and rec["SSMRESET_REQUESTER"] == ""
    # Below a process that is not root (sudo's caller) the walk stops: see
    # tests/unit/test-session-procfs.c, which builds such process trees.


def test_a_hostile_parameter_that_slipped_past_the_pattern_stays_harmless(ssmreset, journal, shadow, tmp_path):
    """Inside the command's single quotes, shell syntax is text: a parameter
    with blanks and shell words, had a document no allowedPattern, reaches
    ssmreset as one argument and is refused; nothing runs, nothing changes.
    The one way out of the quotes is a quote, which the pattern keeps out."""
    marker = tmp_path / "ran"
    hostile = "root; touch %s" % marker
    cmd = render(document()["properties"]["linux"]["commands"], hostile, ssmreset)
    rc, out, _ = run_pty([WORKER, SESSION, cmd])
    assert rc == 2, out
    assert "ssmreset: BAD_REQUEST: the user name" in out and "'root; touch " in out
    assert not marker.exists()
    assert shadow_bytes() == shadow
    assert not allowed("x'; touch %s; '" % marker)


def batch(ssmreset, request, env=None):
    data = request if isinstance(request, bytes) else json.dumps(request).encode()
    r = subprocess.run([ssmreset, "--batch"], input=data, capture_output=True, env=env)
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 1, r.stdout
    return r.returncode, json.loads(lines[0]), r.stderr.decode()


def test_batch_reset(ssmreset, account, journal):
    rc, res, err = batch(ssmreset, {"version": 1, "username": account.name, "password": GOOD,
                                    "session_id": SESSION, "requester": "jane"})
    assert rc == 0, res
    assert res["status"] == "CHANGED" and res["exit"] == 0 and res["mode"] == "batch"
    assert res["verified"] is True and res["changed"] is True
    assert res["username"] == account.name
    assert res["session_id"] == SESSION and res["requester"] == "jane"
    assert res["audit"] == "journald"
    assert err == ""
    assert login_ok(account.name, GOOD)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_REQUESTER"] == "jane"


def test_batch_expire(ssmreset, account):
    rc, res, _ = batch(ssmreset, {"version": 1, "username": account.name, "password": GOOD, "expire": True})
    assert rc == 0 and res["expired"] is True, res
    assert shadow_line(account.name).split(":")[2] == "0"


def test_batch_rejected_password_carries_the_stacks_messages(ssmreset, account, shadow):
    rc, res, _ = batch(ssmreset, {"version": 1, "username": account.name, "password": "abc"})
    assert rc == 5
    assert res["status"] == "PASSWORD_REJECTED" and res["changed"] is False
    assert res["messages"] == ["BAD PASSWORD: The password is shorter than 8 characters"]
    assert "shorter than 8" in res["reason"]
    assert shadow_bytes() == shadow


def test_batch_refusal_has_a_reason(ssmreset, account, shadow):
    subprocess.run(["usermod", "-L", account.name], check=True)
    shadow = shadow_bytes()
    rc, res, _ = batch(ssmreset, {"version": 1, "username": account.name, "password": GOOD})
    assert rc == 4
    assert res["status"] == "ACCOUNT_REFUSED"
    assert "is locked" in res["reason"]
    assert shadow_bytes() == shadow


BAD_REQUESTS = [
    (b'{"version":1,"username":"root","password":"x","admin":true}', "unknown field 'admin'"),
    (b'{"version":"1","username":"root","password":"x"}', "'version' must be an integer"),
    (b'{"version":1,"username":"root","username":"bin","password":"x"}', "duplicate field 'username'"),
    (b'{"version":1,"username":"ro\x00ot","password":"x"}', "NUL byte"),
    (b'{"version":1,"username":{"name":"root"},"password":"x"}', "must not be an object"),
    (b'{"version":1,"username":"root:0","password":"x"}', "not allowed in account names"),
    (b'{"version":1,"username":"root","password":"x"' + b' ' * 70000 + b'}', "larger than 65536"),
    (b'not json', "not valid JSON"),
    (b'', "not valid JSON"),
]


@pytest.mark.parametrize("request_bytes,words", BAD_REQUESTS, ids=[w for _, w in BAD_REQUESTS])
def test_batch_bad_requests(ssmreset, shadow, request_bytes, words):
    rc, res, _ = batch(ssmreset, request_bytes)
    assert rc == 2, res
    assert res["status"] == "BAD_REQUEST" and words in res["reason"], res
    assert shadow_bytes() == shadow


def test_json_with_interactive_reset_keeps_prompts_on_the_terminal(ssmreset, account):
    p = Pty([ssmreset, "--json", account.name])
    try:
        # stdout and stderr share the pty here; the JSON is the last line.
        p.expect(rb"New password: ")
        p.type(GOOD)
        p.expect(rb"Retype new password: ")
        p.type(GOOD)
        assert p.wait() == 0
        last = [l for l in p.text.splitlines() if l.strip()][-1]
        res = json.loads(last)
        assert res["status"] == "CHANGED" and res["mode"] == "reset" and res["tries"] == 1
    finally:
        p.close()


def test_json_result_goes_to_stdout_alone(ssmreset, account):
    """With the terminal on stdin and stderr, stdout holds only the JSON."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([ssmreset, "--json", account.name], stdin=slave, stderr=slave,
                                stdout=subprocess.PIPE, start_new_session=True)
        buf = b""
        for _ in range(2):
            while not buf.endswith(b"password: "):
                buf += os.read(master, 1024)
            os.write(master, GOOD.encode() + b"\r")
            buf = b""
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0
        res = json.loads(out)
        assert res["status"] == "CHANGED"
    finally:
        os.close(master)
        os.close(slave)


def test_check_json(ssmreset, account):
    r = subprocess.run([ssmreset, "--check", "--json", account.name], capture_output=True, text=True)
    assert r.returncode == 0
    res = json.loads(r.stdout)
    assert res["mode"] == "check" and res["status"] == "ALLOWED"


def test_usage_error_in_json_mode_is_json(ssmreset, journal):
    r = subprocess.run([ssmreset, "--json", "--tries", "99", "alice"], capture_output=True, text=True)
    assert r.returncode == 2
    res = json.loads(r.stdout)
    assert res["status"] == "BAD_REQUEST" and res["mode"] == "usage" and res["audit"] == "none"
    assert res["username"] is None and "--tries" in res["reason"]
    assert journal.records() == []


# --doctor ---------------------------------------------------------------

AGENT_STANZA = """Package: amazon-ssm-agent
Status: install ok installed
Priority: optional
Section: admin
Architecture: amd64
Version: {version}
Description: Manage EC2 Instances using SSM APIs

"""


@pytest.fixture
def fake_agent(tmp_path):
    """An installed agent (a dpkg status entry, bind-mounted in this private
    namespace only) and a running process named amazon-ssm-agent."""
    def install(version="3.2.582.0", running=True):
        status = tmp_path / "status"
        status.write_text(open("/var/lib/dpkg/status").read().rstrip("\n") + "\n\n"
                          + AGENT_STANZA.format(version=version))
        subprocess.run(["mount", "--bind", str(status), "/var/lib/dpkg/status"], check=True)
        mounts.append("/var/lib/dpkg/status")
        if running:
            procs.append(subprocess.Popen(["amazon-ssm-agent", "600"], executable="/bin/sleep"))
    mounts, procs = [], []
    yield install
    for p in procs:
        p.kill()
        p.wait()
    for m in mounts:
        subprocess.run(["umount", m], check=True)


def doctor(ssmreset):
    r = subprocess.run([ssmreset, "--doctor", "--json"], capture_output=True, text=True)
    res = json.loads(r.stdout)
    return r.returncode, res, {c["name"]: c for c in res["checks"]}


def test_doctor_ready(ssmreset, fake_agent):
    fake_agent()
    rc, res, checks = doctor(ssmreset)
    assert rc == 0, res
    assert res["ready"] is True
    assert all(c["ok"] for c in checks.values()), checks
    assert set(checks) == {"root", "agent", "agent-version", "agent-running", "pam-service",
                           "reset-policy", "quality", "hash-method", "store", "audit"}
    text = subprocess.run([ssmreset, "--doctor"], capture_output=True, text=True).stdout
    assert "ssmreset: READY" in text


def test_doctor_without_agent(ssmreset):
    rc, res, checks = doctor(ssmreset)
    assert rc == 8 and res["ready"] is False
    assert not checks["agent"]["ok"] and "install amazon-ssm-agent" in checks["agent"]["fix"]
    text = subprocess.run([ssmreset, "--doctor"], capture_output=True, text=True).stdout
    assert "FAIL agent" in text and "fix: install amazon-ssm-agent" in text
    assert "NOT READY" in text


def test_doctor_old_agent(ssmreset, fake_agent):
    fake_agent(version="2.3.50.0")
    rc, res, checks = doctor(ssmreset)
    assert rc == 8
    assert checks["agent"]["ok"] and not checks["agent-version"]["ok"]
    assert "older than 2.3.668.0" in checks["agent-version"]["detail"]
    assert "AWS-UpdateSSMAgent" in checks["agent-version"]["fix"]


def test_doctor_agent_not_running(ssmreset, fake_agent):
    fake_agent(running=False)
    rc, res, checks = doctor(ssmreset)
    assert rc == 8
    assert not checks["agent-running"]["ok"] and "systemctl enable --now" in checks["agent-running"]["fix"]


def test_doctor_not_root(ssmreset_for_anyone, fake_agent):
    fake_agent()
    r = subprocess.run([ssmreset_for_anyone, "--doctor", "--json"], capture_output=True, text=True,
                       preexec_fn=as_nobody)
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert r.returncode == 8
    assert not checks["root"]["ok"] and "runAsElevated" in checks["root"]["fix"]


def test_doctor_missing_service_file(ssmreset, fake_agent, pam_service):
    fake_agent()
    os.unlink("/etc/pam.d/ssmreset")
    rc, res, checks = doctor(ssmreset)
    assert rc == 8
    assert not checks["pam-service"]["ok"] and "No such file" in checks["pam-service"]["detail"]
    assert not checks["reset-policy"]["ok"]


def test_doctor_module_that_does_not_load(ssmreset, fake_agent, pam_service):
    fake_agent()
    pam_service.write(pam_service.original + "password optional pam_nonexistent.so\n")
    rc, res, checks = doctor(ssmreset)
    assert rc == 8
    assert "pam_nonexistent.so" in checks["pam-service"]["detail"]


def test_doctor_optional_module_missing_is_fine(ssmreset, fake_agent, pam_service):
    fake_agent()
    pam_service.write(pam_service.original + "-password optional pam_nonexistent.so\n")
    rc, res, checks = doctor(ssmreset)
    assert rc == 0, checks
    assert "optional, absent: pam_nonexistent.so" in checks["pam-service"]["detail"]


def test_doctor_stack_without_the_policy_module(ssmreset, fake_agent, pam_service):
    fake_agent()
    pam_service.write("@include common-password\n")
    rc, res, checks = doctor(ssmreset)
    assert rc == 8
    assert not checks["reset-policy"]["ok"] and "pam_ssmreset(8)" in checks["reset-policy"]["fix"]
    assert checks["quality"]["ok"]      # Debian's stack still has pam_pwquality


def test_doctor_without_any_audit_sink_fails(ssmreset, fake_agent, no_journald):
    fake_agent()
    rc, res, checks = doctor(ssmreset)
    assert not checks["audit"]["ok"] and not checks["audit"]["warning"]
    assert "neither journald nor syslog" in checks["audit"]["detail"]
    assert rc == 8 and res["ready"] is False


def test_doctor_with_syslog_only_warns_and_stays_ready(ssmreset, fake_agent, syslog_listener):
    fake_agent()
    rc, res, checks = doctor(ssmreset)
    assert not checks["audit"]["ok"] and checks["audit"]["warning"], checks["audit"]
    assert "records go to syslog" in checks["audit"]["detail"]
    assert "systemd-journald" in checks["audit"]["fix"]
    assert rc == 0 and res["ready"] is True, res
    text = subprocess.run([ssmreset, "--doctor"], capture_output=True, text=True).stdout
    assert "warn audit" in " ".join(text.split()) and "ssmreset: READY" in text
