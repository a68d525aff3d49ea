# SPDX-License-Identifier: Apache-2.0
"""Safe beside everyone else on a busy host, under Debian's stack and the
RPM's: a failed try takes back only its own writes, and only where they are
still its own; whatever another writer did meanwhile -- an administrator's
new password, chage, failed logins, another account's line -- stays, at the
prompt or between the store and the put-back. Lines pam_unix's rewrite
drops come back. Nothing waits without bound on a lock, and never on the
account's own user with the shadow lock held; a FIFO in a file's place is
refused before any prompt. A kill at any instant of a generated reset
leaves the new password only where its ciphertext and a record are too."""
import fcntl
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time

import pytest

from harness import BUILD, GOOD, INITIAL, Journal, Pty, login_ok, run_pty, shadow_line
from hardening import SSMRESET, hash_matches, json_results, make_hash, new_password, run_batch

FAIL_AFTER_STORE = "password required pam_exec.so quiet /bin/false"
TALLY_DIR = "/var/run/faillock"     # pam_faillock's default, a link to /run/faillock
HISTORY = "/etc/security/opasswd"
FILES = ("/etc/shadow", "/etc/passwd", "/etc/group", HISTORY)
ADMIN = "Admin-Chose-This-After-A-Breach-41"
ADMIN_HASH = make_hash(ADMIN)


def read_files():
    state = {}
    for p in FILES:
        try:
            with open(p, "rb") as f:
                state[p] = f.read()
        except FileNotFoundError:
            state[p] = None
    return state


def write_files(state):
    for p, data in state.items():
        if data is None:
            if os.path.exists(p):
                os.unlink(p)
        else:
            with open(p, "wb") as f:
                f.write(data)


def tally(user):
    try:
        with open(os.path.join(TALLY_DIR, user), "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def failed_logins(user, n):
    for _ in range(n):
        assert not login_ok(user, "not-the-password", service="ssmreset-faillock-check")


@pytest.fixture
def other():
    """A second account, whose lines a writer changes during the reset."""
    from harness import Account
    acct = Account.create("bystander")
    yield acct
    acct.delete()


# The other writers: what each does to the files, run at the prompt or from a
# module between the store and the put-back.
WRITERS = {
    "admin-sets-a-new-password": lambda user, other: [["chpasswd", "-e"], "%s:%s\n" % (user, ADMIN_HASH)],
    "chage": lambda user, other: [["chage", "-M", "77", user], None],
    "another-accounts-line": lambda user, other: [["usermod", "-c", "Changed meanwhile", other], None],
}


def run_writer(name, user, other):
    argv, data = WRITERS[name](user, other)
    subprocess.run(argv, input=data.encode() if data else None, check=True, timeout=30,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def what_the_writer_alone_does(name, user, other):
    """The files as the writer leaves them from the state now, without a
    reset; then the state is put back as it was."""
    before = read_files()
    run_writer(name, user, other)
    alone = read_files()
    write_files(before)
    return alone


def writer_module(tmp_path, name, user, other):
    """A module line, after the distribution's stack, that runs the writer
    once the password is stored and then fails the stack."""
    argv, data = WRITERS[name](user, other)
    script = tmp_path / ("writer-%s" % name)
    feed = (tmp_path / "feed")
    if data:
        feed.write_text(data)
    # pam_exec gives its command no PATH.
    command = [shutil.which(argv[0])] + argv[1:]
    log = tmp_path / "writer.log"
    script.write_text("#!/bin/sh\n%s%s >%s 2>&1\nexit 1\n" % (" ".join(shlex.quote(a) for a in command), " < %s" % feed if data else "", log))
    script.chmod(0o755)
    return "password required pam_exec.so quiet %s" % script


@pytest.mark.parametrize("when", ["at-the-prompt", "after-the-store"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_another_writers_change_survives_a_failed_try(stack, account, other, journal, tmp_path, writer, when):
    expected = what_the_writer_alone_does(writer, account.name, other.name)
    if when == "after-the-store":
        stack.after_stack(writer_module(tmp_path, writer, account.name, other.name))
    else:
        stack.after_stack(FAIL_AFTER_STORE)
    p = Pty([SSMRESET, "--requester", "busy-" + writer, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        if when == "at-the-prompt":
            run_writer(writer, account.name, other.name)
        p.type(GOOD)
        rc = p.wait()
    finally:
        p.close()
    log = tmp_path / "writer.log"
    assert rc == 8, p.text
    assert "what the system had written was put back" in p.text, p.text
    assert read_files() == expected, log.read_text() if log.exists() else "(no writer log)"
    assert not login_ok(account.name, GOOD, service="ssmreset-login-check")
    if writer == "admin-sets-a-new-password":
        assert login_ok(account.name, ADMIN, service="ssmreset-login-check")
        assert not login_ok(account.name, INITIAL, service="ssmreset-login-check")
    else:
        assert login_ok(account.name, INITIAL, service="ssmreset-login-check")
    [rec] = journal.wait_for(SSMRESET_REQUESTER="busy-" + writer)
    assert rec["SSMRESET_CHANGED"] == "no" and rec["SSMRESET_ROLLED_BACK"] == "yes"


def test_failed_logins_recorded_while_typing_stay(stack, account):
    stack.after_stack(FAIL_AFTER_STORE)
    failed_logins(account.name, 1)
    one = len(tally(account.name))
    failed_logins(account.name, 1)
    before = tally(account.name)
    p = Pty([SSMRESET, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        failed_logins(account.name, 1)
        p.type(GOOD)
        assert p.wait() == 8, p.text
    finally:
        p.close()
    now = tally(account.name)
    assert now.startswith(before) and len(now) == len(before) + one


def test_a_history_entry_the_try_added_goes_and_others_stay(stack, account, other):
    """pam_pwhistory before pam_unix adds the old hash to the history; the
    failed try takes its entry out again, byte for byte, while another
    account's history written meanwhile stays."""
    stack.before_unix("password required pam_pwhistory.so remember=5 enforce_for_root use_authtok")
    rc, res, _ = run_batch({"version": 1, "username": other.name, "password": new_password()})
    assert rc == 0, res
    stack.after_stack(FAIL_AFTER_STORE)
    before = read_files()
    assert before[HISTORY] and other.name.encode() in before[HISTORY]
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 8 and res["rolled_back"] is True, res
    assert read_files() == before


def test_lines_the_rewrite_drops_come_back(stack, account):
    """pam_unix writes /etc/shadow anew from what it parses: a comment, a
    blank line and another account's CRLF line go, and a doubled account
    gets the new hash twice. A failed try gives the bytes back."""
    with open("/etc/shadow", "rb") as f:
        original = f.read()
    line = shadow_line(account.name).encode()
    odd = original.replace(line + b"\n", b"# kept by hand\n" + line + b"\n\n" +
                           b"crlfuser:!:19000:0:99999:7:::\r\n" + line + b"\n")
    assert odd != original
    with open("/etc/shadow", "wb") as f:
        f.write(odd)
    try:
        stack.after_stack(FAIL_AFTER_STORE)
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "expire": True})
        assert rc == 8 and res["rolled_back"] is True, res
        with open("/etc/shadow", "rb") as f:
            assert f.read() == odd
    finally:
        with open("/etc/shadow", "wb") as f:
            f.write(original)


# Locks held by others ----------------------------------------------------------

class TallyHolder:
    """The account's own user holding pam_faillock's lock on its tally (it
    owns the file), as a process named tally-holder."""

    CODE = ("import ctypes, fcntl, os, sys, time\n"
            "ctypes.CDLL('libc.so.6').prctl(15, b'tally-holder', 0, 0, 0)\n"
            "fd = os.open(sys.argv[1], os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n")

    def __init__(self, user):
        path = os.path.join(TALLY_DIR, user)
        st = os.stat(path)

        def as_owner():
            os.setgroups([])
            os.setgid(st.st_gid)
            os.setuid(st.st_uid)
        self.proc = subprocess.Popen([sys.executable, "-c", self.CODE, path], stdout=subprocess.PIPE,
                                     preexec_fn=as_owner)
        assert self.proc.stdout.readline() == b"locked\n"
        self.pid = self.proc.pid

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


def chage_elsewhere_takes(other):
    """How long chage on another account takes now: it needs the shadow lock."""
    t = time.monotonic()
    subprocess.run(["chage", "-M", "66", other], check=True, timeout=30)
    return time.monotonic() - t


@pytest.mark.parametrize("when", ["before", "while-typing"])
def test_a_tally_locked_by_its_user_is_waited_on_for_a_bound_time_without_the_shadow_lock(
        stack, account, other, journal, when):
    stack.module_options("lock_timeout=3")
    failed_logins(account.name, 2)
    before = read_files()
    before_tally = tally(account.name)
    holder = TallyHolder(account.name) if when == "before" else None
    p = Pty([SSMRESET, "--requester", "tally-" + when, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        if when == "while-typing":
            holder = TallyHolder(account.name)
        started = time.monotonic()
        p.type(GOOD)
        time.sleep(0.5)
        # The reset waits on the tally: the shadow lock is free meanwhile.
        assert chage_elsewhere_takes(other.name) < 2
        rc = p.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        p.close()
        if holder:
            holder.stop()
    assert rc == 8, p.text
    assert 2.5 < took < 15, took
    assert "the faillock tally %s/%s is locked by process %d (tally-holder), still after 3 s" % (
        TALLY_DIR, account.name, holder.pid) in p.text, p.text
    after = read_files()
    assert after["/etc/shadow"] != before["/etc/shadow"]        # chage on the other account stays
    assert shadow_line(other.name).split(":")[4] == "66"
    before_other = [l for l in before["/etc/shadow"].split(b"\n") if not l.startswith(other.name.encode() + b":")]
    after_other = [l for l in after["/etc/shadow"].split(b"\n") if not l.startswith(other.name.encode() + b":")]
    assert after_other == before_other                            # the account's own line is back
    assert tally(account.name) == before_tally
    assert login_ok(account.name, INITIAL, service="ssmreset-login-check")
    [rec] = journal.wait_for(SSMRESET_REQUESTER="tally-" + when)
    assert rec["SSMRESET_RESULT"] == "SYSTEM_ERROR" and rec["SSMRESET_ROLLED_BACK"] == "yes"


# FIFOs in files' places --------------------------------------------------------

class Swapped:
    """path replaced by a FIFO for one test, put back afterwards."""

    def __init__(self, path):
        self.path = path
        self.saved = path + ".busy-test"
        self.existed = os.path.lexists(path)
        if self.existed:
            os.rename(path, self.saved)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.mkfifo(path, 0o644)

    def restore(self):
        os.unlink(self.path)
        if self.existed:
            os.rename(self.saved, self.path)


FIFO_PLACES = {
    "shadow-lock": ("/etc/.pwd.lock", "store"),
    "history": (HISTORY, "store"),
    "pwquality.conf.d": ("/etc/security/pwquality.conf.d/busy.conf", "quality"),
    "login.defs": ("/etc/login.defs", "account-files"),
    "common-password": ("/etc/pam.d/common-password", "pam-service"),
    "tally": (None, None),
}


@pytest.mark.parametrize("place", sorted(FIFO_PLACES))
def test_a_fifo_in_a_files_place_is_refused_before_any_prompt(account, journal, place):
    path, doctor_check = FIFO_PLACES[place]
    if path is None:
        failed_logins(account.name, 1)
        path = os.path.join(TALLY_DIR, account.name)
    before = read_files()
    swapped = Swapped(path)
    try:
        t = time.monotonic()
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD,
                                "requester": "fifo-" + place}, timeout=30)
        assert time.monotonic() - t < 5
        assert rc == 8 and res["status"] == "SYSTEM_ERROR", res
        assert path in res["reason"], res
        assert "FIFO" in res["reason"] or "not a regular file" in res["reason"], res
        assert res["changed"] is False and res["tries"] <= 1, res
        rc, out, _ = run_pty([SSMRESET, account.name], timeout=30)
        assert rc == 8 and "New password" not in out, out
        if doctor_check:
            r = subprocess.run([SSMRESET, "--doctor", "--json"], capture_output=True, text=True, timeout=30)
            checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
            assert not checks[doctor_check]["ok"] and path in checks[doctor_check]["detail"], checks[doctor_check]
    finally:
        swapped.restore()
    assert read_files() == before


# What a killed put-back leaves -----------------------------------------------

def test_a_later_run_removes_what_a_killed_put_back_left(stack, account):
    """A copy of /etc/shadow that a run killed between making and renaming
    it left behind goes with the next write of /etc/shadow; one that is not
    root's is not this program's and stays."""
    stale = "/etc/.shadow.ssmreset-Xk3dP9"
    foreign = "/etc/.shadow.ssmreset-Zz9Zz9"
    with open("/etc/shadow", "rb") as f:
        copy = f.read()
    for path in (stale, foreign):
        with open(path, "wb") as f:
            f.write(copy)
    os.chown(foreign, 65534, 65534)
    try:
        stack.after_stack(FAIL_AFTER_STORE)
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
        assert rc == 8 and res["rolled_back"] is True, res
        assert not os.path.exists(stale)
        assert os.path.exists(foreign)
    finally:
        for path in (stale, foreign):
            if os.path.exists(path):
                os.unlink(path)


# The hash and lock budget -------------------------------------------------------

HASH_COUNT = os.path.join(BUILD, "tests/helpers/.libs/hash_count.so")


def counted(tmp_path, run):
    """run(env) under tests/helpers/hash-count.c: (hashes, of them under the
    shadow lock)."""
    out = tmp_path / "hashes"
    run({"LD_PRELOAD": HASH_COUNT, "HASH_COUNT_FILE": str(out)})
    [line] = out.read_text().splitlines()
    hashes, locked = map(int, line.split())
    return hashes, locked


def test_a_typed_reset_computes_three_hashes_one_under_the_lock(stack, account, tmp_path):
    """The same-as-current check, pam_unix's store, one verification: the
    shadow lock is held for pam_unix's hash alone."""
    def typed(env):
        rc, out, _ = run_pty([SSMRESET, account.name], keys=[GOOD, GOOD], env=env)
        assert rc == 0, out
    assert counted(tmp_path, typed) == (3, 1)


def test_a_generated_reset_computes_two_hashes_one_under_the_lock(stack, account, recipients, tmp_path):
    """A password made from the kernel's random bytes is not the current
    one: pam_unix's store and one verification."""
    def generated(env):
        r = subprocess.run([SSMRESET, "--json", "--generate", "--recipient", recipients["p256"].cert, account.name],
                           stdin=subprocess.DEVNULL, capture_output=True, env=dict(os.environ, **env), timeout=60)
        assert r.returncode == 0, r
    assert counted(tmp_path, generated) == (2, 1)


# A kill at any instant of a generated reset ----------------------------------------

KILLS = [signal.SIGKILL] * 4 + [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
                                signal.SIGUSR2, signal.SIGALRM, signal.SIGPWR]


def test_no_kill_loses_the_only_copy_of_a_generated_password(stack, account, journal, recipients):
    """120 runs of --generate --expire, each sent a signal at a random
    instant (SIGKILL, what the agent sends on cancel and on time-out, and
    the others): every run after which the account holds a new password has
    left its ciphertext, which decrypts to that password, on its standard
    output and in a journal record; a held signal changes nothing at all."""
    r = recipients["p256"]
    t = time.monotonic()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem})
    assert rc == 0, res
    took = time.monotonic() - t
    rng = random.Random()
    seen = {"unchanged": 0, "changed": 0}
    for i in range(120):
        sig = rng.choice(KILLS)
        before = shadow_line(account.name).split(":")[1]
        requester = "kill-%d" % i
        p = subprocess.Popen([SSMRESET, "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        p.stdin.write(json.dumps({"version": 1, "username": account.name, "generate": True, "recipient": r.pem,
                                  "expire": True, "requester": requester}).encode())
        p.stdin.close()
        time.sleep(rng.uniform(0, 1.2 * took))
        try:
            p.send_signal(sig)
        except ProcessLookupError:
            pass
        out = p.stdout.read()
        rc = p.wait(timeout=60)
        p.stdout.close()
        stored = shadow_line(account.name).split(":")[1]
        if stored == before:
            seen["unchanged"] += 1
            continue
        seen["changed"] += 1
        if sig != signal.SIGKILL:
            # A held signal: the run went to its end.
            assert rc == 0, (sig, out)
        lines = out.decode().splitlines()
        assert lines, "run %d (%s) changed the password and printed nothing" % (i, sig.name)
        pending = json.loads(lines[0])
        assert pending["status"] == "PENDING", lines[0]
        password = r.decrypt(pending["encrypted_password"])
        assert hash_matches(password, stored), "run %d: the ciphertext is not of the password set" % i
        deadline = time.monotonic() + 10
        recs = journal.records(SSMRESET_REQUESTER=requester)
        while not recs and time.monotonic() < deadline:
            time.sleep(0.05)
            recs = journal.records(SSMRESET_REQUESTER=requester)
        assert recs and recs[0]["SSMRESET_RESULT"] == "PENDING", (i, [x.get("MESSAGE") for x in recs])
        assert r.decrypt(recs[0]["SSMRESET_CIPHERTEXT"]) == password
        if len(lines) > 1:
            pending2, result = json_results(out)
            assert result["status"] == "CHANGED", result
    # Random instants reach both sides of the store.
    assert seen["changed"] > 10 and seen["unchanged"] > 10, seen


# Immutable files -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/etc/.pwd.lock", "/etc/shadow", "/etc/passwd", HISTORY, "/etc/security"])
def test_an_immutable_file_is_refused_before_any_prompt_in_every_mode(account, recipients, path):
    """chattr +i on a file the store rewrites, or on the lock every writer
    opens for writing: no mode asks for a password or makes one, and the
    doctor names it (issue 20)."""
    if not os.path.exists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.utime(path)      # the overlay's copy of the file, where its flags can be set
    if os.path.isdir(path):     # a folder is copied up with a file of its made in it
        os.close(os.open(os.path.join(path, ".busy-test"), os.O_WRONLY | os.O_CREAT, 0o600))
        os.unlink(os.path.join(path, ".busy-test"))
    before = read_files()
    subprocess.run(["chattr", "+i", path], check=True)
    try:
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
        assert rc == 8 and "%s is immutable or append-only" % path in res["reason"], res
        assert "chattr -i -a %s" % path in res["reason"]
        rc, out, _ = run_pty([SSMRESET, account.name])
        assert rc == 8 and "New password" not in out and "%s is immutable" % path in out, out
        r = subprocess.run([SSMRESET, "--json", "--generate", "--recipient", recipients["p256"].cert, account.name],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        assert r.returncode == 8 and b"BEGIN CMS" not in r.stdout, r
        r = subprocess.run([SSMRESET, "--doctor", "--json"], capture_output=True, text=True, timeout=30)
        checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
        assert not checks["store"]["ok"] and path in checks["store"]["detail"], checks["store"]
    finally:
        subprocess.run(["chattr", "-i", path], check=True)
    assert read_files() == before
