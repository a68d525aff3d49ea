# SPDX-License-Identifier: Apache-2.0
"""Where a password must never be: the process's memory once the reset is
done, its argv and environment, the journal and syslog, the terminal, any
file, a core dump. Every password here is random, so a hit can only come
from the reset itself."""
import fcntl
import json
import os
import resource
import secrets
import signal
import subprocess
import time

import pytest

from harness import BUILD, INITIAL, PamService, Pty, as_nobody, login_ok, shadow_bytes
from hardening import (F_SETPIPE_SZ, SSMRESET, MemorySnapshot, full_pipe, json_result, json_results, memory_hits,
                       new_password, passes_policy, passing, secret_forms, wait_blocked_in_write)
from recipients import cms_block


def caught_after_reporting(argv, drive, stdin_data=None, cwd=None):
    """Runs argv with standard output on a full pipe, so that it stops in
    write() with its result, every secret already dropped. drive(pty) plays
    the person (None: no terminal). Returns (pid, pty or None, cleanup)."""
    r, w = full_pipe()
    if drive is None:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=w, stderr=subprocess.DEVNULL, cwd=cwd)
        proc.stdin.write(stdin_data)
        proc.stdin.close()
        pty = None
    else:
        pty = Pty(argv, preexec=lambda: os.dup2(w, 1))
        proc = pty.proc
        drive(pty)
    os.close(w)
    wait_blocked_in_write(proc.pid)
    os.kill(proc.pid, signal.SIGSTOP)

    def release():
        os.kill(proc.pid, signal.SIGCONT)
        out = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            out += chunk
        os.close(r)
        rc = pty.wait() if pty else proc.wait(timeout=20)
        if pty:
            pty.close()
        return rc, out.lstrip(b"\0")

    return proc.pid, pty, release


# A last line of the service that gives a test time to act between the store
# and the result.
SLOW_END = "password optional pam_exec.so quiet /bin/sleep 1"


WAIT4 = 61  # x86-64


def wait_in_syscall(pid, number, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open("/proc/%d/syscall" % pid) as f:
            call = f.read().split()
        if call and call[0] == str(number):
            return
        time.sleep(0.005)
    raise AssertionError("process %d never made system call %d" % (pid, number))


def caught_after_delivery(argv, drive, stdin_data=None):
    """As caught_after_reporting(), for a generated password, whose ciphertext
    leaves (and must be taken whole) before the password is set: that output
    is read as it comes, then, once the journal records the attempt, standard
    output is made full, so that the process stops in write() with its
    result. The service's last line sleeps a second, so the pipe is full
    before the result comes. Returns (pid, pty or None, cleanup); cleanup
    returns (exit status, everything written)."""
    service = PamService("ssmreset")
    service.write(service.original + SLOW_END + "\n")
    r, w = os.pipe()
    fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
    if drive is None:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=w, stderr=subprocess.DEVNULL)
        proc.stdin.write(stdin_data)
        proc.stdin.close()
        pty = None
    else:
        pty = Pty(argv, preexec=lambda: os.dup2(w, 1))
        proc = pty.proc
        drive(pty)
    delivered = b""
    end = b"-----END CMS-----"
    while end not in delivered or not delivered.endswith(b"\n"):
        chunk = os.read(r, 65536)
        assert chunk, "standard output closed before the ciphertext came: %r" % delivered
        delivered += chunk
    # In the service's last line, waiting for its sleep: past the delivery,
    # before the result.
    wait_in_syscall(proc.pid, WAIT4)
    os.set_blocking(w, False)      # the process shares the flag: set back at once
    try:
        while True:
            os.write(w, b"\0" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(w, True)
    os.close(w)
    wait_blocked_in_write(proc.pid)
    os.kill(proc.pid, signal.SIGSTOP)

    def release():
        os.kill(proc.pid, signal.SIGCONT)
        out = b""
        while True:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            out += chunk
        os.close(r)
        rc = pty.wait() if pty else proc.wait(timeout=20)
        if pty:
            pty.close()
        service.restore()
        return rc, delivered + out.lstrip(b"\0")

    return proc.pid, pty, release


def assert_not_in_memory(pid, *passwords):
    hits = memory_hits(pid, secret_forms(*passwords))
    assert not hits, "a password is still in memory: %r" % [(m, a) for m, a, _ in hits]


def assert_not_in_proc_files(pid, *passwords):
    for what in ("cmdline", "environ"):
        with open("/proc/%d/%s" % (pid, what), "rb") as f:
            data = f.read()
        for form in secret_forms(*passwords):
            assert form not in data, "a password is in /proc/PID/%s" % what


def rejected_by_length():
    return "Zq" + secrets.token_urlsafe(4)[:4]          # 6 characters: too short


def rejected_by_the_dictionary_check():
    """Three random characters four times over: cracklib finds too few
    different characters, yet no dictionary or library holds this string."""
    password = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789")
                       for _ in range(3)) * 4
    assert not passes_policy(password)
    return password


def test_terminal_reset_leaves_no_copy(account, journal):
    """Three tries: too short, then two that differ, then a good one typed
    twice. While the last is being retyped the scan finds it (the scan
    works); once the result is out, none of the four is anywhere."""
    short, first, second, good = rejected_by_length(), new_password(), new_password(), new_password()
    found_during = []

    def person(p):
        for answer in (short, first, second, good):
            p.expect(rb"password: $")
            p.type(answer)
        p.expect(rb"Retype new password: $")
        found_during.extend(memory_hits(p.proc.pid, secret_forms(good)))
        assert_not_in_proc_files(p.proc.pid, good)
        p.type(good)

    pid, pty, release = caught_after_reporting([SSMRESET, "--tries", "3", account.name], person)
    assert found_during, "the scan did not find the password while it was in use: it cannot be trusted"
    assert_not_in_memory(pid, short, first, second, good)
    assert_not_in_proc_files(pid, short, first, second, good)
    rc, out = release()
    assert rc == 0
    assert b"CHANGED" in out
    for form in secret_forms(short, first, second, good):
        assert form not in pty.out, "a password reached the terminal"
    assert login_ok(account.name, good)
    export = journal.export_text()
    for form in secret_forms(short, first, second, good):
        assert form not in export, "a password reached the journal"


def test_interrupted_reset_leaves_no_copy(account):
    typed, half = new_password(), new_password()

    def person(p):
        p.expect(rb"New password: $")
        p.type(typed)
        p.expect(rb"Retype new password: $")
        p.type(half[:12], enter=b"")
        time.sleep(0.2)
        p.proc.send_signal(signal.SIGTERM)

    pid, pty, release = caught_after_reporting([SSMRESET, account.name], person)
    assert_not_in_memory(pid, typed, half[:12])
    rc, out = release()
    assert rc == 6 and b"ABORTED" in out


@pytest.mark.parametrize("kind", ["changed", "longest", "rejected", "bad-request"])
def test_batch_reset_leaves_no_copy(account, journal, kind):
    """The request is read into locked memory, json-c's copies are wiped,
    and the password dies before the result is written: also for the
    longest password, which makes json-c grow its buffers, and for a
    request that is refused halfway through parsing."""
    password = {"changed": new_password(),
                "longest": passing(lambda: ("Qv" + secrets.token_urlsafe(400))[:508] + "-7x"),
                "rejected": rejected_by_the_dictionary_check(),
                "bad-request": new_password()}[kind]
    request = {"version": 1, "username": account.name, "password": password}
    if kind == "bad-request":
        request["password"] = password + "\x01"
    pid, _, release = caught_after_reporting([SSMRESET, "--batch"], None, json.dumps(request).encode())
    assert_not_in_memory(pid, password)
    assert_not_in_proc_files(pid, password)
    rc, out = release()
    res = json_result(out)
    assert (rc, res["status"]) == {"changed": (0, "CHANGED"), "longest": (0, "CHANGED"),
                                   "rejected": (5, "PASSWORD_REJECTED"),
                                   "bad-request": (2, "BAD_REQUEST")}[kind], res
    for form in secret_forms(password):
        assert form not in out
        assert form not in journal.export_text()


# Requests json-c gives up on halfway: the password was already decoded into
# objects it then frees (issue: the wipe used to run only for a whole object).
MALFORMED = {
    "truncated": '{"version":1,"username":"%(u)s","password":"%(p)s"',
    "cut-in-a-value": '{"version":1,"username":"%(u)s","password":"%(p)s","expire":tru',
    "trailing-comma": '{"version":1,"username":"%(u)s","password":"%(p)s",}',
    "missing-comma": '{"version":1,"password":"%(p)s" "username":"%(u)s"}',
    "too-deep": '{"version":1,"username":"%(u)s","password":"%(p)s","expire":{"a":{"b":{"c":1}}}}',
    "password-last-and-cut": '{"version":1,"username":"%(u)s","expire":false,"password":"%(p)s',
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_malformed_request_leaves_no_copy(account, journal, kind):
    password = new_password()
    request = (MALFORMED[kind] % {"u": account.name, "p": password}).encode()
    pid, _, release = caught_after_reporting([SSMRESET, "--batch"], None, request)
    assert_not_in_memory(pid, password)
    assert_not_in_proc_files(pid, password)
    rc, out = release()
    res = json_result(out)
    assert (rc, res["status"]) == (2, "BAD_REQUEST"), res
    for form in secret_forms(password):
        assert form not in out
        assert form not in journal.export_text()


# Generated passwords ---------------------------------------------------------
# The test learns a generated password only afterwards, from its ciphertext
# (or, where none is delivered, from a PAM module that captured it): memory
# is copied while the process sits with its result, searched once known.

def assert_snapshot_is_live(snapshot, cms_pem):
    """The snapshot holds what the process was about to write (a line of
    the ciphertext): it is the process's memory at that moment."""
    line = cms_pem.splitlines()[1].encode()
    assert snapshot.hits([line]), "the snapshot does not hold the result being written: it cannot be trusted"


def test_generated_password_on_a_terminal_leaves_no_copy(account, journal, recipients):
    r = recipients["rsa3072"]
    pid, pty, release = caught_after_delivery([SSMRESET, "--generate", "--recipient", r.cert, account.name],
                                              lambda p: None)
    snapshot = MemorySnapshot(pid)
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        cmdline = f.read()
    with open("/proc/%d/environ" % pid, "rb") as f:
        environ = f.read()
    rc, out = release()
    assert rc == 0, out
    cms = cms_block(out.decode())
    password = r.decrypt(cms)
    assert login_ok(account.name, password)
    assert_snapshot_is_live(snapshot, cms)
    assert not snapshot.hits(secret_forms(password)), "the generated password is still in memory"
    for form in secret_forms(password):
        assert form not in cmdline and form not in environ
        assert form not in pty.out, "the generated password reached the terminal"
        assert form not in out
        assert form not in journal.export_text(), "the generated password reached the journal"


def test_generated_password_in_batch_leaves_no_copy(account, journal, recipients):
    r = recipients["p256"]
    request = json.dumps({"version": 1, "username": account.name, "generate": True, "recipient": r.pem}).encode()
    pid, _, release = caught_after_delivery([SSMRESET, "--batch"], None, request)
    snapshot = MemorySnapshot(pid)
    rc, out = release()
    res = json_result(out)
    assert (rc, res["status"]) == (0, "CHANGED"), res
    password = r.decrypt(res["encrypted_password"])
    assert login_ok(account.name, password)
    assert_snapshot_is_live(snapshot, res["encrypted_password"])
    assert not snapshot.hits(secret_forms(password)), "the generated password is still in memory"
    for form in secret_forms(password):
        assert form not in out
        assert form not in journal.export_text()


PAM_CAPTURE = os.path.join(BUILD, "tests/helpers/.libs/pam_capture.so")


@pytest.mark.parametrize("mode", ["terminal", "batch"])
def test_generated_password_refused_down_the_stack_leaves_no_copy(account, journal, stack, recipients, tmp_path,
                                                                 mode):
    """A module after pam_unix refuses the password pam_unix has stored
    (tests/helpers/pam-capture.c, which keeps a copy for the test): the
    store is put back, the result says the ciphertext delivered before the
    store holds no password of the account, and the password that was made
    is nowhere else. Under Debian's stack and the RPM's."""
    captured = tmp_path / "captured"
    stack.after_stack("password required %s %s" % (PAM_CAPTURE, captured))
    before = shadow_bytes()
    r = recipients["p256"]
    if mode == "terminal":
        argv, data = [SSMRESET, "--generate", "--recipient", r.cert, account.name], None
        pid, pty, release = caught_after_delivery(argv, lambda p: None)
    else:
        data = json.dumps({"version": 1, "username": account.name, "generate": True, "recipient": r.pem}).encode()
        pid, pty, release = caught_after_delivery([SSMRESET, "--batch"], None, data)
    snapshot = MemorySnapshot(pid)
    rc, out = release()
    password = captured.read_text()
    captured.unlink()
    assert len(password) >= 20, "the capture module saw no password"
    assert rc == 8, out
    assert b"SYSTEM_ERROR" in out and b"a module of the PAM stack failed after the new password was stored" in out
    # The ciphertext went out before the store, once; the result says the
    # password it holds was not set.
    assert out.count(b"BEGIN CMS") == 1
    if mode == "batch":
        pending, res = json_results(out)
        assert res["changed"] is False and res["rolled_back"] is True and res["encrypted_password"] is None
        assert r.decrypt(pending["encrypted_password"]) == password
    else:
        assert b"was not changed: what the system had written was put back" in out[out.index(b"-----END CMS-----"):]
        assert r.decrypt(cms_block(out.decode())) == password
    assert shadow_bytes() == before
    assert login_ok(account.name, INITIAL) and not login_ok(account.name, password)
    assert not snapshot.hits(secret_forms(password)), "the generated password is still in memory"
    for form in secret_forms(password):
        assert form not in out
        assert pty is None or form not in pty.out
        assert form not in journal.export_text()


SEARCHED = ["/etc", "/run", "/var/log", "/var/mail", "/dev/shm", os.environ.get("TMPDIR", "/tmp")]


def files_holding(needles):
    found = []
    for top in SEARCHED:
        for dirpath, dirnames, filenames in os.walk(top):
            for f in filenames:
                path = os.path.join(dirpath, f)
                try:
                    if not os.path.isfile(path) or os.path.islink(path):
                        continue
                    with open(path, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                found += [(path, n) for n in needles if n in data]
    return found


def test_no_file_holds_a_password(account, tmp_path):
    """After resets through the terminal, through --batch and with --expire,
    no file in /etc (shadow, nshadow, opasswd, ...), the journal files under
    /run, /var/log, mail spools or temporary directories holds a password."""
    tty_pw, batch_pw, expire_pw = new_password(), new_password(), new_password()
    p = Pty([SSMRESET, account.name])
    try:
        for _ in range(2):
            p.expect(rb"password: $")
            p.type(tty_pw)
        assert p.wait() == 0, p.text
    finally:
        p.close()
    for pw, expire in ((batch_pw, False), (expire_pw, True)):
        r = subprocess.run([SSMRESET, "--batch"], capture_output=True,
                           input=json.dumps({"version": 1, "username": account.name, "password": pw,
                                             "expire": expire}).encode())
        assert r.returncode == 0, r.stdout
    canary = secrets.token_hex(16).encode()
    (tmp_path / "canary").write_bytes(b"x" + canary + b"x")
    hits = files_holding(secret_forms(tty_pw, batch_pw, expire_pw) + [canary])
    assert [h for h in hits if h[1] == canary], "the file search missed a planted canary"
    assert [h for h in hits if h[1] != canary] == []


def _proc_owner_and_uid(pid):
    with open("/proc/%d/status" % pid) as f:
        uid = [int(l.split()[1]) for l in f if l.startswith("Uid:")][0]
    return os.stat("/proc/%d/environ" % pid).st_uid, uid


def test_not_dumpable(ssmreset_for_anyone):
    """PR_SET_DUMPABLE 0 comes first thing, before anything is checked. The
    kernel shows it: the /proc files of a process that is not dumpable
    belong to root whoever runs it. Seen here on a run as nobody (refused,
    NOT_PERMITTED, and caught while it reports), beside a plain process run
    as nobody. (The kernel applies this to the files in /proc/PID, not to
    the directory itself.)"""
    plain = subprocess.Popen(["sleep", "30"], preexec_fn=as_nobody)
    try:
        assert _proc_owner_and_uid(plain.pid) == (65534, 65534)
    finally:
        plain.kill()
        plain.wait()
    r, w = full_pipe()
    proc = subprocess.Popen([ssmreset_for_anyone, "root"], stdin=subprocess.DEVNULL, stdout=w,
                            stderr=subprocess.DEVNULL, preexec_fn=as_nobody)
    os.close(w)
    try:
        wait_blocked_in_write(proc.pid)
        assert _proc_owner_and_uid(proc.pid) == (0, 65534), "ssmreset is dumpable"
    finally:
        proc.kill()
        proc.wait()
        os.close(r)


def test_no_core_dump(account, tmp_path):
    """Started with an unlimited core size, ssmreset sets RLIMIT_CORE to 0
    (soft and hard) before any secret exists: a module that aborts once the
    password is typed (a failed assertion in a library; the test module
    pam_capture.so with "abort") leaves no core file. A plain process sent
    SIGABRT does leave one, so the check can fail. (Not SIGSEGV: a sanitizer
    build would catch that and report a crash. Nor SIGABRT sent from outside:
    ssmreset holds that, as every signal that would end it halfway.)"""
    with open("/proc/sys/kernel/core_pattern") as f:
        pattern = f.read().strip()
    assert not pattern.startswith("|") and "/" not in pattern, (
        "this check needs the kernel's default core_pattern (a file name in the crashing "
        "process's directory); this machine has %r" % pattern)
    unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)

    def core_allowed(directory):
        def setup():
            resource.setrlimit(resource.RLIMIT_CORE, unlimited)
            os.chdir(directory)
        return setup

    control_dir = tmp_path / "control"
    control_dir.mkdir()
    control = subprocess.Popen(["sleep", "30"], preexec_fn=core_allowed(control_dir))
    time.sleep(0.1)
    control.send_signal(signal.SIGABRT)
    control.wait()
    deadline = time.monotonic() + 5
    while not os.listdir(control_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(control_dir), "a plain process left no core: the check would prove nothing"

    ssm_dir = tmp_path / "ssmreset"
    ssm_dir.mkdir()
    service = PamService("ssmreset")
    service.write(service.original + "password required %s abort\n" % PAM_CAPTURE)
    p = Pty([SSMRESET, account.name], preexec=core_allowed(ssm_dir))
    try:
        password = new_password()
        p.expect(rb"New password: ")
        with open("/proc/%d/limits" % p.proc.pid) as f:
            core = [l for l in f if l.startswith("Max core file size")]
        assert core and core[0].split()[4:6] == ["0", "0"], core
        p.type(password)
        p.expect(rb"Retype new password: ")
        p.type(password)
        assert p.wait() == -signal.SIGABRT
    finally:
        p.close()
        service.restore()
    time.sleep(0.5)
    assert os.listdir(ssm_dir) == [], "ssmreset left a core dump"
