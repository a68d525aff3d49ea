# SPDX-License-Identifier: Apache-2.0
"""ssmreset USER end to end: real pseudo-terminal, real PAM stack
(pam_pwquality + pam_unix), real /etc/shadow (sandboxed), real journald."""
import os
import re
import signal
import subprocess
import time

import pytest

from harness import (as_nobody, GOOD, GOOD2, INITIAL, WORKER, Pty, login_ok, run_pty, shadow_bytes,
                     shadow_line)

MESSAGE_ID_CHANGED = "fba2924827394bd8b04527147208b6d7"
MESSAGE_ID_FAILED = "5fe9eeae428641fc9fb95cd1a79bd693"


def assert_no_secret(text, *secrets):
    for s in secrets:
        assert s not in text, "a password appeared in the output"


def test_reset_changes_the_password_and_records_it(ssmreset, account, journal):
    rc, out, echo = run_pty([ssmreset, "--session-id", "ops@example.com-0a1b2c3d4e5f",
                             account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert "Password reset for account '%s' on host '%s'" % (account.name, os.uname().nodename) in out
    assert "New password: " in out and "Retype new password: " in out
    assert re.search(r"ssmreset: CHANGED: the password of '%s' was changed and verified "
                     r"\(audit: journald\)" % account.name, out)
    assert echo, "echo was not restored"
    assert_no_secret(out, GOOD)
    # The new password opens the account through a real PAM auth stack; the old one no longer does.
    assert login_ok(account.name, GOOD)
    assert not login_ok(account.name, INITIAL)

    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["MESSAGE_ID"] == MESSAGE_ID_CHANGED
    assert rec["PRIORITY"] == "5"
    assert rec["SSMRESET_RESULT"] == "CHANGED"
    assert rec["SSMRESET_SESSION_ID"] == "ops@example.com-0a1b2c3d4e5f"
    assert rec["SSMRESET_REQUESTER"] == "ops@example.com"
    assert rec["SSMRESET_VERIFIED"] == "yes"
    assert rec["SSMRESET_TRIES"] == "1"
    assert rec["SSMRESET_REASON"] == ""
    assert "changed" in rec["MESSAGE"]
    assert_no_secret(journal.export_text().decode("utf-8", "replace"), GOOD)
    assert not any(str(len(GOOD)) == v for k, v in rec.items() if k.startswith("SSMRESET_"))
    # No noise from libpam under the program's name (it logs each removal
    # of a PAM environment name it does not hold).
    assert [r["MESSAGE"] for r in journal.records() if "pam_putenv" in r["MESSAGE"]] == []


def test_weak_password_is_rejected_then_a_good_one_is_taken(ssmreset, account, journal):
    rc, out, echo = run_pty([ssmreset, account.name], keys=["abc", GOOD, GOOD])
    assert rc == 0, out
    assert "BAD PASSWORD: The password is shorter than 8 characters" in out
    assert "Try again (2 of 3)" in out
    assert login_ok(account.name, GOOD)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "CHANGED" and rec["SSMRESET_TRIES"] == "2"


def test_weak_passwords_on_every_try_change_nothing(ssmreset, account, journal, shadow):
    rc, out, echo = run_pty([ssmreset, "--tries", "2", account.name], keys=["abc", "password"])
    assert rc == 5, out
    assert "BAD PASSWORD" in out
    assert re.search(r"ssmreset: PASSWORD_REJECTED: the new password was refused on every try \(2 of 2\); "
                     r"last: BAD PASSWORD: [^;]+; the password of '%s' was not changed" % account.name, out)
    assert echo
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["MESSAGE_ID"] == MESSAGE_ID_FAILED
    assert rec["PRIORITY"] == "4"
    assert rec["SSMRESET_RESULT"] == "PASSWORD_REJECTED"
    assert rec["SSMRESET_VERIFIED"] == "no"


def test_mismatch_is_reported_and_retried(ssmreset, account, journal):
    rc, out, echo = run_pty([ssmreset, account.name], keys=[GOOD, GOOD2, GOOD2, GOOD2])
    assert rc == 0, out
    assert "Sorry, passwords do not match." in out
    assert login_ok(account.name, GOOD2)
    assert not login_ok(account.name, GOOD)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_TRIES"] == "2"


def test_mismatch_on_every_try_changes_nothing(ssmreset, account, journal, shadow):
    rc, out, echo = run_pty([ssmreset, "--tries", "1", account.name], keys=[GOOD, GOOD2])
    assert rc == 5, out
    assert "Sorry, passwords do not match." in out
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "PASSWORD_REJECTED"


def test_unknown_user_is_refused_before_any_prompt(ssmreset, journal, shadow):
    rc, out, echo = run_pty([ssmreset, "nosuchuser"])
    assert rc == 3, out
    assert "password:" not in out.lower().replace("the password of", "")
    assert "ssmreset: USER_UNKNOWN: there is no account named 'nosuchuser' on this host" in out
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER="nosuchuser")
    assert rec["SSMRESET_RESULT"] == "USER_UNKNOWN"


INVALID_NAMES = [
    (b"", "the user name is empty"),
    (b"a" * 33, "longer than 32 bytes"),
    (b"al\x1b[2Jice", "control character"),
    (b"al\nice", "control character"),
    (b"root:x", "not allowed in account names"),
    (b"a,b", "not allowed in account names"),
    (b"../etc", "not allowed in account names"),
    (b"al ice", "not allowed in account names"),
    (b"root;id", "not allowed in account names"),
    (b"+alice", "begins with '-' or '+'"),
    (b"al\xffice", "not valid UTF-8"),
]


@pytest.mark.parametrize("name,message", INVALID_NAMES, ids=[repr(n) for n, _ in INVALID_NAMES])
def test_invalid_user_names_are_refused_before_any_prompt(ssmreset, journal, shadow, name, message):
    marker = "badname-%d" % time.monotonic_ns()
    rc, out, echo = run_pty([ssmreset.encode(), b"--requester", marker.encode(), b"--", name])
    assert rc == 2, out
    assert "ssmreset: BAD_REQUEST: " in out and message in out
    assert "New password" not in out
    assert "\x1b[2J" not in out, "a control sequence from the name reached the terminal"
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_REQUESTER=marker)
    assert rec["SSMRESET_RESULT"] == "BAD_REQUEST"
    assert "\x1b" not in rec["SSMRESET_USER"] and "\n" not in rec["SSMRESET_USER"]


def test_usage_errors_say_how_to_call_the_program(ssmreset, shadow, journal):
    """A command line that cannot run is no attempt on an account: one line
    saying what is wrong and how to call the program, exit 2, nothing about
    passwords or the audit trail, and no record."""
    cases = {(): "no user name given", ("--tries", "0", "root"): "--tries takes a number from 1 to 10",
             ("--bogus", "root"): "unknown option '--bogus'", ("a", "b"): "only one user name may be given",
             ("--check", "--doctor"): "--batch, --check and --doctor exclude each other"}
    for args, words in cases.items():
        r = subprocess.run([ssmreset, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stdout == "", (args, r.stdout)
        lines = r.stderr.splitlines()
        assert len(lines) == 1, (args, r.stderr)
        assert lines[0].startswith("ssmreset: " + words) and "usage: ssmreset [OPTIONS] USER" in lines[0], lines
        for word in ("password", "audit", "journal", "(none)", "NOT RECORDED"):
            assert word not in lines[0], (word, lines[0])
    assert shadow_bytes() == shadow
    assert journal.records() == []


def test_missing_service_file_never_falls_back_to_other(ssmreset, account, pam_service, journal, shadow):
    os.unlink("/etc/pam.d/ssmreset")
    rc, out, _ = run_pty([ssmreset, account.name])
    assert rc == 8, out
    assert "the PAM service file /etc/pam.d/ssmreset is missing" in out
    assert "'other'" in out
    assert "New password" not in out
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "SYSTEM_ERROR"


def test_version_names_how_the_build_was_made(ssmreset):
    r = subprocess.run([ssmreset, "--version"], capture_output=True, text=True)
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert re.fullmatch(r"ssmreset \d+\.\d+\.\d+", lines[0]), lines
    fields = dict(l.split(": ", 1) for l in lines[1:])
    assert fields["backend"] == "Linux, PAM service ssmreset read from /etc/pam.d"
    assert fields["audit"].startswith("journald") and "syslog" in fields["audit"]
    assert fields["selinux"].split()[0] in ("yes", "no")
    # The OpenSSL the program runs with, as the openssl command names it.
    openssl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.split()[:2]
    assert fields["crypto"].split()[:2] == openssl, (fields["crypto"], openssl)


def test_help_documents_the_exit_statuses(ssmreset):
    r = subprocess.run([ssmreset, "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    for line in ("0  CHANGED", "5  PASSWORD_REJECTED", "8  SYSTEM_ERROR"):
        assert line in r.stdout


def test_not_root_is_refused_before_any_prompt(ssmreset_for_anyone, account, journal, shadow):
    rc, out, echo = run_pty([ssmreset_for_anyone, account.name], preexec=as_nobody)
    assert rc == 7, out
    assert "ssmreset: NOT_PERMITTED: ssmreset must run as root" in out
    assert "elevated" in out
    assert "New password" not in out
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "NOT_PERMITTED"


def test_end_of_input_at_the_prompt_aborts(ssmreset, account, journal, shadow):
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(b"\x04", enter=b"")            # Ctrl+D on an empty line
        rc = p.wait()
        assert rc == 6, p.text
        assert "ssmreset: ABORTED: end of input before a password was given" in p.text
        assert p.echo_on()
    finally:
        p.close()
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "ABORTED"


def test_idle_prompt_times_out(ssmreset, account, journal, shadow):
    p = Pty([ssmreset, "--timeout", "1", account.name])
    try:
        p.expect(rb"New password: ")
        p.type(b"half-typed", enter=b"")
        rc = p.wait(timeout=10)
        assert rc == 6, p.text
        assert "ssmreset: ABORTED: no answer within 1 seconds" in p.text
        assert p.echo_on()
    finally:
        p.close()
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "ABORTED"


@pytest.mark.parametrize("sig,words", [(signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM"),
                                       (signal.SIGHUP, "SIGHUP")])
def test_signal_at_the_prompt_aborts_and_restores_echo(ssmreset, account, journal, shadow, sig, words):
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(GOOD)
        p.expect(rb"Retype new password: ")
        assert not p.echo_on(), "echo is on while a password is typed"
        p.type(GOOD[:5], enter=b"")
        if sig == signal.SIGINT:
            p.type(b"\x03", enter=b"")        # Ctrl+C through the terminal itself
        else:
            p.proc.send_signal(sig)
        rc = p.wait()
        assert rc == 6, p.text
        assert "ssmreset: ABORTED: interrupted by %s" % words in p.text
        assert p.echo_on(), "echo was not restored after %s" % words
        assert_no_secret(p.text, GOOD, GOOD[:5])
    finally:
        p.close()
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "ABORTED"


@pytest.mark.parametrize("enter", [b"\r", b"\n", b"\r\n"], ids=["CR", "LF", "CRLF"])
def test_every_line_ending_works(ssmreset, account, enter):
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(GOOD, enter=enter)
        p.expect(rb"Retype new password: ")
        p.type(GOOD, enter=enter)
        assert p.wait() == 0, p.text
        assert p.text.count("New password: ") == 1
    finally:
        p.close()
    assert login_ok(account.name, GOOD)


def test_typing_ahead_of_the_prompt_is_never_echoed(ssmreset, account):
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        # Both answers at once, before the second prompt exists.
        p.type(GOOD + "\r" + GOOD)
        assert p.wait() == 0, p.text
        assert_no_secret(p.text, GOOD)
    finally:
        p.close()
    assert login_ok(account.name, GOOD)


def test_backspace_edits_the_password(ssmreset, account):
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD + "x\x7f", GOOD])
    assert rc == 0, out
    assert login_ok(account.name, GOOD)


def test_unusable_answers_are_asked_again(ssmreset, account):
    rc, out, _ = run_pty([ssmreset, account.name],
                         keys=["a\x1bb", b"x" * 600, "bad\xff".encode("latin-1"), GOOD, GOOD])
    assert rc == 0, out
    assert "Control characters are not allowed in a password." in out
    assert "That is longer than 511 bytes." in out
    assert "not valid UTF-8" in out
    assert login_ok(account.name, GOOD)


def test_session_id_and_requester_come_from_the_worker_ancestor(ssmreset, account, journal):
    cmd = "%s %s" % (ssmreset, account.name)
    rc, out, _ = run_pty([WORKER, "carol-0f1e2d3c4b5a69788", cmd], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert "Session: carol-0f1e2d3c4b5a69788; requested by: carol" in out
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_SESSION_ID"] == "carol-0f1e2d3c4b5a69788"
    assert rec["SSMRESET_REQUESTER"] == "carol"


def test_password_is_never_in_argv_or_environment(ssmreset, account):
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: ")
        p.type(GOOD)
        p.expect(rb"Retype new password: ")
        pid = p.proc.pid
        for what in ("cmdline", "environ"):
            with open("/proc/%d/%s" % (pid, what), "rb") as f:
                assert GOOD.encode() not in f.read()
        p.type(GOOD)
        assert p.wait() == 0
    finally:
        p.close()
