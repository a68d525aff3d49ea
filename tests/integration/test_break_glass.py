# SPDX-License-Identifier: Apache-2.0
"""Break-glass passwords that close themselves, the whole cycle in the
sandbox: a reset arms the password (the policy's breakglass_users=, or the
run's --break-glass), a login through a real PAM stack with pam_ssmreset.so
as a session module schedules the scramble, the grace period (seconds here,
an ordinary setting) elapses, and the password no longer works; the journal
says why. And passphrases, end to end.

What runs for real: ssmreset, the PAM module in a real login stack
(pam_unix auth, account, then the session line), the state in /var/lib, the
journal. What stands in: systemd. The sandbox has no systemd as PID 1, so
tests/helpers/systemd-stand-in is /usr/bin/systemd-run, systemctl and
loginctl there: it runs the timer's command (the installed ssmreset
--scramble) after the delay, stops a timer, and kills a user's processes,
and refuses any call but the ones ssmreset makes, word for word. That the
real tools take those words is checked against the real binaries' --help."""
import json
import os
import pwd
import re
import stat
import subprocess
import time

import pytest

from harness import BUILD, GOOD, GOOD2, LOGIN_CHECK, Account, login_ok, shadow_bytes
from hardening import json_results, run_batch

STATE_DIR = "/var/lib/ssmreset/break-glass"
STAND_IN = "/run/systemd-stand-in"
SESSION_SERVICE = "ssmreset-session-test"
SCHEDULED_ID = "6b1d3c2f9a8e4d57b0c4e1f2a3d5c7e9"


@pytest.fixture
def session_service():
    """A login's PAM stack with pam_ssmreset.so as its session module, as
    the README has an operator add it (common-session on Debian)."""
    path = "/etc/pam.d/" + SESSION_SERVICE
    with open(path, "w") as f:
        f.write("auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_unix.so\n"
                "session optional %s\n" % os.environ["SSMRESET_PAM_MODULE"])
    yield SESSION_SERVICE
    os.unlink(path)


def login_session(user, password, *options):
    """A login through the session service: auth, account, open_session,
    close_session. (exit status, what the stack said)."""
    r = subprocess.run([LOGIN_CHECK, user, SESSION_SERVICE, "--session", *options], input=(password + "\n").encode(),
                       capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode()


def state(user):
    path = os.path.join(STATE_DIR, user)
    if not os.path.exists(path):
        return None
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == 0
    with open(path) as f:
        return dict(line.split("=", 1) for line in f.read().splitlines() if not line.startswith("#"))


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    return None


def scramble_records(journal, user):
    return journal.records(SSMRESET_USER=user, SSMRESET_MODE="scramble")


def a_session_of(user):
    """A process of the user's, as an open session has."""
    return subprocess.Popen(["su", "-s", "/bin/sh", "-c", "exec sleep 120", user], stdin=subprocess.DEVNULL)


def test_a_break_glass_password_closes_after_its_first_session(account, journal, pam_service, session_service):
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=5", "breakglass_end_sessions")
    # 5 s of grace: the checks and the second login below fit in them on a
    # slow machine (80 ms hashes, the sanitizers' build) before the timer fires.
    rc, res, err = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0 and res["status"] == "CHANGED", (res, err)
    assert res["break_glass"] == 5 and res["scramble_cancelled"] is False
    [rec] = journal.wait_for(SSMRESET_USER=account.name, SSMRESET_MODE="reset")
    assert rec["SSMRESET_BREAK_GLASS"] == "5"
    assert "break-glass password that closes after its first use" in rec["MESSAGE"]
    armed = state(account.name)
    assert armed["grace"] == "5" and armed["end_sessions"] == "yes" and armed["id"] == ""
    assert len(armed["stored"]) == 64
    with open(os.path.join(STATE_DIR, account.name)) as f:
        text = f.read()
    assert GOOD not in text and account.name in text
    # Armed, not scheduled: nothing happens before the account is used.
    time.sleep(4)
    assert login_ok(account.name, GOOD) and scramble_records(journal, account.name) == []

    sleeper = a_session_of(account.name)
    started = time.monotonic()
    rc, said = login_session(account.name, GOOD)
    assert rc == 0, said
    assert "this is a break-glass password: it stops working at" in said and "(in 5 s)" in said, said
    assert "sessions end then" in said
    [sched] = journal.wait_for(SSMRESET_USER=account.name, MESSAGE_ID=SCHEDULED_ID)
    assert sched["SSMRESET_RESULT"] == "CHANGED" and sched["SSMRESET_MODE"] == "session"
    assert "service %s" % SESSION_SERVICE in sched["SSMRESET_TRIGGER"]
    assert "the first session opened at" in sched["SSMRESET_TRIGGER"]
    scheduled = state(account.name)
    assert re.fullmatch(r"[0-9a-f]{16}", scheduled["id"])
    assert scheduled["unit"] == "ssmreset-scramble-%s-%s" % (account.name, scheduled["id"])
    timer = os.path.join(STAND_IN, scheduled["unit"] + ".timer")
    with open(timer) as f:
        call = json.load(f)
    assert call["delay"] == 5
    assert call["command"] == [os.environ["SSMRESET_PROGRAM"], "--scramble", "--scramble-id", scheduled["id"],
                               "--", account.name]
    # A second session within the grace period schedules nothing more.
    rc, said = login_session(account.name, GOOD)
    assert rc == 0 and "stops working at" in said, said

    recs = wait_for(lambda: scramble_records(journal, account.name))
    assert recs, "no scramble within 30 s"
    assert time.monotonic() - started >= 5
    [rec] = recs
    assert rec["SSMRESET_RESULT"] == "CHANGED" and rec["SSMRESET_VERIFIED"] == "yes"
    assert rec["SSMRESET_GENERATED"] == "no" and rec["SSMRESET_CIPHERTEXT"] == ""
    assert "scrambled, never delivered" in rec["MESSAGE"]
    assert "the first session opened at" in rec["SSMRESET_TRIGGER"] and SESSION_SERVICE in rec["SSMRESET_TRIGGER"]
    assert rec["SSMRESET_SESSIONS_ENDED"] == "yes"
    assert not login_ok(account.name, GOOD)
    assert sleeper.wait(timeout=10) != 0        # its session was ended
    assert state(account.name) is None
    with open(os.path.join(STAND_IN, "loginctl.log")) as f:
        assert "terminate-user %s\n" % account.name in f.read()
    # Closed: a later login (a key, su) schedules nothing.
    assert journal.wait_for(SSMRESET_USER=account.name, MESSAGE_ID=SCHEDULED_ID)


def test_a_second_reset_within_the_grace_period_cancels_the_scramble(account, journal, pam_service,
                                                                      session_service):
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=6")
    rc, res, err = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0, res
    rc, said = login_session(account.name, GOOD)
    assert rc == 0 and "stops working at" in said and "sessions end" not in said, said
    unit = state(account.name)["unit"]
    assert os.path.exists(os.path.join(STAND_IN, unit + ".timer"))

    rc, res, err = run_batch({"version": 1, "username": account.name, "password": GOOD2})
    assert rc == 0 and res["scramble_cancelled"] is True and res["break_glass"] == 6, res
    rec = journal.records(SSMRESET_USER=account.name, SSMRESET_MODE="reset")[-1]
    assert rec["SSMRESET_SCRAMBLE_CANCELLED"] == "yes" and "the pending scramble cancelled" in rec["MESSAGE"]
    assert not os.path.exists(os.path.join(STAND_IN, unit + ".timer"))
    with open(os.path.join(STAND_IN, "stopped")) as f:
        assert unit + ".timer\n" in f.read()
    again = state(account.name)
    assert again["id"] == "" and again["stored"] != ""    # armed anew for the new password

    time.sleep(8)
    assert scramble_records(journal, account.name) == []
    assert login_ok(account.name, GOOD2)


def test_a_scramble_leaves_a_password_changed_since_alone(account, journal, pam_service, session_service):
    """Changed by other means (chpasswd) after the session scheduled the
    scramble: the module finds another stored hash under the shadow lock
    and refuses; the password set since keeps working."""
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=3")
    assert run_batch({"version": 1, "username": account.name, "password": GOOD})[0] == 0
    assert login_session(account.name, GOOD)[0] == 0
    subprocess.run(["chpasswd"], input=("%s:%s\n" % (account.name, GOOD2)).encode(), check=True)
    recs = wait_for(lambda: scramble_records(journal, account.name))
    assert recs, "no scramble record within 30 s"
    [rec] = recs
    assert rec["SSMRESET_RESULT"] == "ACCOUNT_REFUSED" and rec["SSMRESET_CHANGED"] == "no"
    assert "was changed since its break-glass scramble was scheduled" in rec["SSMRESET_REASON"]
    assert "not scrambled" in rec["MESSAGE"]
    assert login_ok(account.name, GOOD2)
    assert state(account.name) is None


def test_the_run_arms_it_and_the_stricter_grace_wins(account, journal, pam_service, session_service):
    """--break-glass (a request's "break_glass") arms an account the policy
    does not name; where the policy names it too, the shorter grace period
    counts, so a run never loosens the owner's policy."""
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "break_glass": 2,
                            "end_sessions": True})
    assert rc == 0 and res["break_glass"] == 2, res
    assert state(account.name)["end_sessions"] == "yes"
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=1")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD2, "break_glass": 600})
    assert rc == 0 and res["break_glass"] == 1, res
    assert state(account.name)["grace"] == "1"
    assert login_session(account.name, GOOD2)[0] == 0
    assert wait_for(lambda: scramble_records(journal, account.name))
    assert not login_ok(account.name, GOOD2)


def test_an_ordinary_reset_disarms(account, pam_service):
    assert run_batch({"version": 1, "username": account.name, "password": GOOD, "break_glass": 60})[0] == 0
    assert state(account.name)
    assert run_batch({"version": 1, "username": account.name, "password": GOOD2})[0] == 0
    assert state(account.name) is None


@pytest.fixture
def no_systemd():
    os.rename("/run/systemd/system", "/run/systemd/system.away")
    yield
    os.rename("/run/systemd/system.away", "/run/systemd/system")


def test_without_the_scheduler_nothing_changes(account, journal, pam_service, no_systemd):
    before = shadow_bytes()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "break_glass": 60})
    # A host without systemd cannot serve the request: refused as such.
    assert rc == 2 and res["status"] == "BAD_REQUEST" and res["changed"] is False
    assert "systemd is not this host's service manager" in res["reason"]
    pam_service.module_options("breakglass_users=%s" % account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 8 and "is a break-glass account (breakglass_users=), but its password could not close itself" \
        in res["reason"], res
    assert shadow_bytes() == before
    assert state(account.name) is None
    assert login_ok(account.name, "Initial-Passphrase-Sunrise-55")


STORED = "stored=" + "0" * 64 + "\n"


@pytest.mark.parametrize("content,reason", [
    (b"version=1\ngrace=60\nrm -rf /\n", "holds a line ssmreset did not write"),
    (("version=1\ngrace=60\n" + STORED + STORED).encode(), "holds a line ssmreset did not write"),
    (("version=1\ngrace=60\n" + STORED).encode() + b"\0id=zz\n", "holds a NUL byte"),
    (None, "is a symbolic link, which ssmreset never writes: remove it"),
], ids=["a foreign line", "a key twice", "a NUL byte", "a symbolic link"])
def test_a_state_not_written_by_ssmreset_is_refused_at_login(account, journal, session_service, content, reason):
    """The module finds a state file, ssmreset will not read it: the login
    goes on (optional line), the failure is recorded and told."""
    os.makedirs(STATE_DIR, mode=0o700, exist_ok=True)
    path = os.path.join(STATE_DIR, account.name)
    if content is None:
        os.symlink("/etc/hostname", path)
    else:
        with open(path, "wb") as f:
            f.write(content)
        os.chmod(path, 0o600)
    rc, said = login_session(account.name, "Initial-Passphrase-Sunrise-55")
    assert rc == 0, said
    assert "could not be set to close itself" in said
    [rec] = journal.wait_for(SSMRESET_USER=account.name, MESSAGE_ID=SCHEDULED_ID)
    assert rec["SSMRESET_RESULT"] == "SYSTEM_ERROR" and reason in rec["SSMRESET_REASON"], rec["SSMRESET_REASON"]
    os.unlink(path)


def scheduled_unit(user):
    st = state(user)
    assert st and st["id"], st
    return st["unit"]


def test_a_timer_lost_within_the_grace_period_is_scheduled_again_for_what_is_left(account, journal, pam_service,
                                                                                   session_service):
    """A reboot within the grace period drops systemd's transient timer: the
    next session finds it gone and schedules the scramble for what is left
    of the grace, never a later close than the first session was told."""
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=8")
    assert run_batch({"version": 1, "username": account.name, "password": GOOD})[0] == 0
    rc, said = login_session(account.name, GOOD)
    assert rc == 0 and "(in 8 s)" in said, said
    first = state(account.name)
    # The reboot, as the stand-in can have it: the timer stopped.
    subprocess.run(["systemctl", "--quiet", "stop", first["unit"] + ".timer"], check=True)
    rc, said = login_session(account.name, GOOD)
    assert rc == 0 and "this is a break-glass password: it stops working at" in said, said
    again = state(account.name)
    assert again["unit"] != first["unit"] and int(again["due"]) <= int(first["due"]) + 1
    assert "did not close it: lost by a reboot, or it failed" in again["trigger"]
    recs = wait_for(lambda: scramble_records(journal, account.name))
    assert recs and recs[0]["SSMRESET_RESULT"] == "CHANGED", recs
    assert not login_ok(account.name, GOOD)


def test_a_password_locked_within_the_grace_period_closes_after_its_unlock(account, journal, pam_service,
                                                                             session_service):
    """passwd -l puts '!' before the same hash: the scramble finds the
    account locked and leaves it, but the state stays, so that the password
    an unlock brings back still closes at its next session."""
    pam_service.module_options("breakglass_users=%s" % account.name, "breakglass_grace=3")
    assert run_batch({"version": 1, "username": account.name, "password": GOOD})[0] == 0
    assert login_session(account.name, GOOD)[0] == 0
    subprocess.run(["passwd", "-q", "-l", account.name], check=True, capture_output=True)
    recs = wait_for(lambda: scramble_records(journal, account.name))
    assert recs and recs[0]["SSMRESET_RESULT"] != "CHANGED", recs
    assert state(account.name) is not None
    subprocess.run(["passwd", "-q", "-u", account.name], check=True, capture_output=True)
    rc, said = login_session(account.name, GOOD)
    assert rc == 0 and "stops working at" in said, said
    recs = wait_for(lambda: [r for r in scramble_records(journal, account.name) if r["SSMRESET_RESULT"] == "CHANGED"])
    assert recs, scramble_records(journal, account.name)
    assert not login_ok(account.name, GOOD) and state(account.name) is None


def test_a_session_opened_as_su_opens_it_schedules_the_scramble(account, journal, session_service):
    """su is setuid: run by an ordinary user, it opens the session with
    root's effective id and the user's real one, and ssmreset refuses a
    caller whose real id is not root's. The module runs it as root alone.
    (pam-login-check --real-uid takes those ids itself: a setuid program
    would lose the sanitizer build's preloads.)"""
    other = Account.create(account.name + "o")
    try:
        rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "break_glass": 60})
        assert rc == 0, res
        rc, said = login_session(account.name, GOOD, "--real-uid", str(pwd.getpwnam(other.name).pw_uid))
        assert rc == 0 and "this is a break-glass password: it stops working at" in said, said
        [sched] = journal.wait_for(SSMRESET_USER=account.name, MESSAGE_ID=SCHEDULED_ID)
        assert sched["SSMRESET_RESULT"] == "CHANGED", sched
        subprocess.run(["systemctl", "--quiet", "stop", scheduled_unit(account.name) + ".timer"], check=True)
    finally:
        other.delete()


def test_the_real_tools_take_the_words_ssmreset_gives():
    """The stand-in refuses anything but ssmreset's calls; the real
    systemd-run, systemctl and loginctl of this release know each word."""
    real = os.environ["SSMRESET_REAL_USRBIN"]

    def helptext(tool):
        # Debian 11 keeps systemctl in /bin, which the sandbox leaves alone;
        # where /bin is /usr/bin, the real one is under real.
        path = os.path.join(real, tool)
        if not os.path.exists(path):
            path = os.path.join("/bin", tool)
        return subprocess.run([path, "--help"], capture_output=True, text=True).stdout
    run = helptext("systemd-run")
    for option in ("--quiet", "--collect", "--unit=", "--on-active=", "--timer-property=", "--description="):
        assert option.rstrip("=") in run, option
    systemctl = helptext("systemctl")
    assert re.search(r"^\s+stop UNIT", systemctl, re.M) and re.search(r"^\s+is-active PATTERN", systemctl, re.M)
    assert re.search(r"^\s+terminate-user USER", helptext("loginctl"), re.M)


def test_a_passphrase_end_to_end(account, journal, recipients):
    r = recipients["rsa3072"]
    proc = subprocess.run([os.path.join(BUILD, "ssmreset"), "--batch"], capture_output=True, timeout=60,
                          input=json.dumps({"version": 1, "username": account.name, "generate": True,
                                            "passphrase": True, "recipient": r.pem}).encode())
    pending, res = json_results(proc.stdout)
    assert proc.returncode == 0 and res["status"] == "CHANGED", res
    phrase = r.decrypt(res["encrypted_password"])
    words = phrase.split("-")
    assert len(words) == 10 and all(re.fullmatch(r"[a-z]{3,9}", w) for w in words), phrase
    assert login_ok(account.name, phrase)
    assert phrase not in proc.stdout.decode() + proc.stderr.decode()
    assert phrase not in json.dumps(journal.records(SSMRESET_USER=account.name))
