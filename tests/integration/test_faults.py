# SPDX-License-Identifier: Apache-2.0
"""Faults during a reset: SIGKILL at any moment, signals and a hang-up at a
prompt, /etc full or read-only, journald gone in the middle, the shadow lock
held by another process. The account files are never left broken, the
result says what happened, and nothing waits without bound."""
import fcntl
import json
import os
import random
import select
import signal
import socket
import subprocess
import termios
import time

import pytest

from harness import (DEV_LOG, INITIAL, JOURNAL_SOCKET, Pty, login_ok, run_pty, shadow_bytes,
                     socket_reachable, start_journald, stop_journald)
from hardening import (SSMRESET, LockHolder, account_files, hash_matches, new_password, run_batch)


def marker(tag):
    return "fault.%s.%d" % (tag, time.monotonic_ns())


def one_record(journal, requester, result):
    [rec] = journal.wait_for(SSMRESET_REQUESTER=requester)
    assert rec["SSMRESET_RESULT"] == result, rec
    return rec


# SIGKILL at any moment -------------------------------------------------------

def test_sigkill_at_any_moment_leaves_the_old_file_or_the_new_one(account):
    """pam_unix (and pam_ssmreset's --expire edit) write a new file and
    rename it over /etc/shadow: a reset killed at any moment leaves the old
    file or the new one, never a broken one, and no lock behind it."""
    before = account_files()
    st = os.stat("/etc/shadow")
    t = time.monotonic()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password()})
    assert rc == 0, res
    took = time.monotonic() - t
    stored = account_files()["/etc/shadow"][account.name].split(":")[1]

    rng = random.Random()
    delays = [0.0, 3 * took] + [rng.uniform(0, 1.5 * took) for _ in range(28)]
    outcomes = {"old": 0, "new": 0}
    for i, delay in enumerate(delays):
        old_stored = stored
        pw = new_password()
        req = {"version": 1, "username": account.name, "password": pw, "expire": i % 2 == 1}
        p = subprocess.Popen([SSMRESET, "--batch"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        p.stdin.write(json.dumps(req).encode())
        p.stdin.close()
        time.sleep(delay)
        p.kill()
        p.wait()

        files = account_files()                      # every line of every file parses
        for path in before:
            assert list(files[path]) == list(before[path]), "%s: lines lost or added" % path
        for name, line in before["/etc/shadow"].items():
            if name != account.name:
                assert files["/etc/shadow"][name] == line
        now = os.stat("/etc/shadow")
        assert (now.st_mode, now.st_uid, now.st_gid) == (st.st_mode, st.st_uid, st.st_gid)
        stored = files["/etc/shadow"][account.name].split(":")[1]
        if hash_matches(pw, stored):
            outcomes["new"] += 1
        else:
            assert stored == old_stored, "the hash is neither the old one nor the new one"
            outcomes["old"] += 1
    assert outcomes["old"] and outcomes["new"], outcomes

    # No lock, no leftover file stands in the way of the next reset.
    t = time.monotonic()
    final = new_password()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": final})
    assert rc == 0 and res["verified"], res
    assert time.monotonic() - t < 5
    assert login_ok(account.name, final)


# Signals and a hang-up at a prompt -------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_at_the_first_prompt(ssmreset, account, journal, shadow, sig):
    """test_reset covers the retype prompt; here the first one, with half a
    password typed: ABORTED with the signal's name in the record, echo back,
    nothing changed. (Keys left unread are dropped at exit: see
    test_bad_input's line-end test.)"""
    who = marker("sig")
    p = Pty([ssmreset, "--requester", who, account.name])
    try:
        p.expect(rb"New password: ")
        os.write(p.master, b"Qv-half-typed")
        time.sleep(0.2)
        p.proc.send_signal(sig)
        rc = p.wait()
        assert rc == 6, p.text
        assert "ssmreset: ABORTED: interrupted by %s" % signal.Signals(sig).name in p.text
        assert "half-typed" not in p.text
        assert p.echo_on()
    finally:
        p.close()
    assert shadow_bytes() == shadow
    rec = one_record(journal, who, "ABORTED")
    assert signal.Signals(sig).name in rec["SSMRESET_REASON"]


def test_session_hang_up_at_a_prompt(ssmreset, account, journal, shadow):
    """The session closes for real: the agent's side of the pty goes away.
    ssmreset gets SIGHUP and end of input, records ABORTED and ends."""
    who = marker("hangup")
    master, slave = os.openpty()

    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([ssmreset, "--requester", who, account.name], stdin=slave, stdout=slave,
                            stderr=slave, preexec_fn=child_setup, close_fds=True)
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 10
        while b"New password: " not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 4096)
        assert b"New password: " in seen, seen
        os.write(master, b"Qv-typing")
    finally:
        os.close(master)
    assert proc.wait(timeout=10) == 6
    assert shadow_bytes() == shadow
    rec = one_record(journal, who, "ABORTED")
    assert "SIGHUP" in rec["SSMRESET_REASON"] or "end of input" in rec["SSMRESET_REASON"], rec


def test_ctrl_backslash_aborts(ssmreset, account, journal, shadow):
    who = marker("quit")
    p = Pty([ssmreset, "--requester", who, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(b"Qv-typing\x1c", enter=b"")
        assert p.wait() == 6, p.text
        assert "ssmreset: ABORTED: interrupted by SIGQUIT" in p.text
        assert p.echo_on()
    finally:
        p.close()
    assert shadow_bytes() == shadow
    one_record(journal, who, "ABORTED")


def test_ctrl_z_does_not_stop_it(ssmreset, account):
    """A job stopped with echo off would leave the person's shell blind."""
    pw = new_password()
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(b"\x1a", enter=b"")
        time.sleep(0.3)
        with open("/proc/%d/stat" % p.proc.pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        assert state != "T", "ssmreset was stopped at a prompt"
        p.type(pw)
        p.expect(rb"Retype new password: ")
        p.type(pw)
        assert p.wait() == 0, p.text
    finally:
        p.close()
    assert login_ok(account.name, pw)


# /etc full, /etc read-only ----------------------------------------------------

def _mount(*args):
    subprocess.run(["mount", *args], check=True)


@pytest.fixture
def etc_full(tmp_path):
    """A second overlay over the sandbox's /etc, its upper layer on a 512 KiB
    tmpfs, then filled: /etc reads as before, and any new file or copy-up
    fails with ENOSPC. fill() fills it (again)."""
    top = tmp_path / "full"
    top.mkdir()
    _mount("-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(top))
    (top / "upper").mkdir()
    (top / "work").mkdir()
    _mount("-t", "overlay", "overlay", "-o", "lowerdir=/etc,upperdir=%s/upper,workdir=%s/work" % (top, top),
           "/etc")

    class Full:
        def fill(self):
            with open(top / "filler", "ab", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 4096)
                except OSError:
                    pass
            assert os.statvfs("/etc").f_bfree == 0

        def free(self):
            os.unlink(top / "filler")

    yield Full()
    subprocess.run(["umount", "/etc"], check=True)
    subprocess.run(["umount", str(top)], check=True)


@pytest.fixture
def etc_read_only():
    """/etc made read-only by a read-only bind mount over it."""
    class ReadOnly:
        mounted = False

        def now(self):
            _mount("--bind", "/etc", "/etc")
            _mount("-o", "remount,bind,ro", "/etc")
            self.mounted = True
            assert os.statvfs("/etc").f_flag & os.ST_RDONLY

    ro = ReadOnly()
    yield ro
    if ro.mounted:
        subprocess.run(["umount", "/etc"], check=True)


def test_etc_full_is_a_system_error_not_a_rejected_password(account, journal, etc_full):
    """pam_unix reports a failed write of /etc/nshadow as PAM_AUTHTOK_ERR,
    the code of a refused password: without a check first, a full /etc
    read as PASSWORD_REJECTED, three times over."""
    shadow = shadow_bytes()
    etc_full.fill()
    who = marker("full")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password(),
                            "requester": who})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and res["changed"] is False
    assert "no space left on device for a new copy of /etc/shadow" in res["reason"]
    assert shadow_bytes() == shadow
    one_record(journal, who, "SYSTEM_ERROR")

    rc, out, echo = run_pty([SSMRESET, account.name])
    assert rc == 8, out
    assert "New password" not in out, "the person was asked for a password that cannot be stored"
    assert "ssmreset: SYSTEM_ERROR: no space left on device" in out
    assert "was not changed" in out and echo
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)


def test_etc_filling_up_while_the_person_types(account, journal, etc_full):
    shadow = shadow_bytes()
    pw = new_password()
    who = marker("filling")
    p = Pty([SSMRESET, "--requester", who, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(pw)
        p.expect(rb"Retype new password: ")
        etc_full.fill()
        p.type(pw)
        assert p.wait() == 8, p.text
        assert "ssmreset: SYSTEM_ERROR: no space left on device" in p.text
        assert p.text.count("New password: ") == 1, "asked again for a password that cannot be stored"
        assert "PASSWORD_REJECTED" not in p.text
    finally:
        p.close()
    assert shadow_bytes() == shadow
    one_record(journal, who, "SYSTEM_ERROR")
    etc_full.free()
    assert login_ok(account.name, INITIAL)


def test_etc_read_only_is_a_system_error(account, journal, etc_read_only):
    shadow = shadow_bytes()
    etc_read_only.now()
    who = marker("ro")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password(),
                            "requester": who})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and "/etc is read-only" in res["reason"], res
    assert shadow_bytes() == shadow
    one_record(journal, who, "SYSTEM_ERROR")
    # --check tells before anyone tries.
    r = subprocess.run([SSMRESET, "--check", account.name], capture_output=True, text=True)
    assert r.returncode == 8, r.stdout
    assert r.stdout.startswith("ssmreset: SYSTEM_ERROR: /etc is read-only"), r.stdout


def test_etc_turning_read_only_while_the_person_types(account, journal, etc_read_only):
    shadow = shadow_bytes()
    pw = new_password()
    who = marker("ro-typing")
    p = Pty([SSMRESET, "--requester", who, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(pw)
        p.expect(rb"Retype new password: ")
        etc_read_only.now()
        p.type(pw)
        assert p.wait() == 8, p.text
        assert "ssmreset: SYSTEM_ERROR: /etc is read-only" in p.text
        assert p.text.count("New password: ") == 1
    finally:
        p.close()
    assert shadow_bytes() == shadow
    one_record(journal, who, "SYSTEM_ERROR")


# journald going away in the middle of a reset --------------------------------

@pytest.fixture
def journald_restarted():
    """Whatever the test does to journald, it runs again afterwards."""
    yield
    start_journald()


@pytest.mark.parametrize("syslog", [True, False], ids=["syslog-left", "nothing-left"])
def test_journald_vanishing_mid_reset(account, journald_restarted, syslog):
    """journald was there when the reset began and is gone when it ends: the
    record goes to syslog, and the result says so; with no syslog either,
    the result says the change was not recorded."""
    pw = new_password()
    p = Pty([SSMRESET, "--requester", "ops", account.name])
    listener = None
    try:
        p.expect(rb"New password: ")
        p.type(pw)
        p.expect(rb"Retype new password: ")
        stop_journald()
        os.unlink(DEV_LOG)
        if syslog:
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            listener.bind(DEV_LOG)
            listener.settimeout(5)
        p.type(pw)
        assert p.wait() == 0, p.text
        if syslog:
            assert "(audit: syslog, journald not reachable)" in p.text
            msg = ""
            while "ssmreset[" not in msg:               # pam_unix logs too
                msg = listener.recv(4096).decode()      # times out after 5 s
            assert msg.startswith("<85>") and "SSMRESET_RESULT=CHANGED" in msg, msg
            assert "SSMRESET_USER=%s" % account.name in msg and pw not in msg
        else:
            assert "NOT RECORDED: neither journald nor syslog is reachable" in p.text
    finally:
        p.close()
        if listener:
            listener.close()
            os.unlink(DEV_LOG)
    assert login_ok(account.name, pw)


# The shadow lock held by another process --------------------------------------

def test_lock_held_briefly_is_waited_for(account, journal):
    holder = LockHolder(1.5)
    try:
        pw = new_password()
        p = Pty([SSMRESET, account.name])
        try:
            p.expect(rb"New password: ")
            p.type(pw)
            p.expect(rb"Retype new password: ")
            t = time.monotonic()
            p.type(pw)
            p.expect(rb"The account files are locked by process %d \(lock-holder\): waiting up to 10 s for it\."
                     % holder.pid)
            assert p.wait() == 0, p.text
            assert time.monotonic() - t >= 0.5
        finally:
            p.close()
    finally:
        holder.stop()
    assert login_ok(account.name, pw)


def test_lock_held_for_good_ends_in_a_bounded_time(account, journal):
    """With lckpwdf() alone, pam_unix would wait 100 times 15 s."""
    shadow = shadow_bytes()
    holder = LockHolder(120)
    who = marker("lock")
    try:
        t = time.monotonic()
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password(),
                                "requester": who}, timeout=60)
        took = time.monotonic() - t
    finally:
        holder.stop()
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and res["changed"] is False
    assert 9.5 <= took <= 15, took
    assert ("The account files (/etc/shadow) are locked by process %d (lock-holder), still after 10 s"
            % holder.pid) in res["reason"], res
    assert shadow_bytes() == shadow
    rec = one_record(journal, who, "SYSTEM_ERROR")
    assert "lock-holder" in rec["SSMRESET_REASON"]


def test_lock_wait_is_a_module_option(account, journal, pam_service):
    """lock_timeout=2 on the pam_ssmreset.so line; the person is not asked
    again for a password the stack could not store."""
    pam_service.module_options("lock_timeout=2")
    shadow = shadow_bytes()
    holder = LockHolder(60)
    who = marker("lock-opt")
    pw = new_password()
    try:
        p = Pty([SSMRESET, "--requester", who, account.name])
        try:
            p.expect(rb"New password: ")
            p.type(pw)
            p.expect(rb"Retype new password: ")
            t = time.monotonic()
            p.type(pw)
            assert p.wait() == 8, p.text
            assert 1.5 <= time.monotonic() - t <= 6
            assert "still after 2 s; the password of '%s' was not changed" % account.name in p.text
            assert p.text.count("New password: ") == 1
            assert p.echo_on()
        finally:
            p.close()
    finally:
        holder.stop()
    assert shadow_bytes() == shadow
    one_record(journal, who, "SYSTEM_ERROR")
    assert login_ok(account.name, INITIAL)


def test_no_room_for_a_new_copy_of_the_history_is_named_before_any_prompt(account, journal, etc_full):
    """A large password history on a nearly full /etc: room for a new
    /etc/shadow but not for a new /etc/security/opasswd, which pam_unix and
    pam_pwhistory write whole. Refused before any prompt, naming the history
    and the cause in the words of ENOSPC (issue 20)."""
    history = "/etc/security/opasswd"
    with open(history, "w") as f:
        for i in range(2400):
            f.write("hist%04d:%d:1:%s\n" % (i, 20000 + i, "$y$j9T$" + "x" * 80))
    os.chmod(history, 0o600)
    assert os.path.getsize(history) > 200 * 1024
    top_free = lambda: os.statvfs("/etc").f_bfree * os.statvfs("/etc").f_frsize
    with open(os.path.join(os.path.dirname(history), ".filler"), "ab", buffering=0) as f:
        while top_free() > 96 * 1024:
            f.write(b"\0" * 4096)
    assert top_free() > os.path.getsize("/etc/shadow") + 20 * 1024
    shadow = shadow_bytes()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password(),
                            "requester": marker("history-room")})
    assert rc == 8 and res["status"] == "SYSTEM_ERROR", res
    assert "no space left on device for a new copy of %s" % history in res["reason"], res
    assert res["tries"] <= 1 and "BAD PASSWORD" not in res["reason"], res
    assert shadow_bytes() == shadow
    rc, out, _ = run_pty([SSMRESET, account.name])
    assert rc == 8 and "New password" not in out and "no space left on device" in out, out
