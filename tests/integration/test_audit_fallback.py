"""Where the audit record goes when journald is not there: syslog, and
when there is no syslog either, no reset at all."""
import os
import socket
import subprocess
import time

import pytest

from harness import GOOD, INITIAL, login_ok, run_pty, shadow_bytes

JOURNAL_SOCKET = "/run/systemd/journal/socket"
DEV_LOG = "/run/systemd/journal/dev-log"     # the sandbox's /dev/log points here


def reachable(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


@pytest.fixture
def no_journald():
    subprocess.run(["pkill", "-x", "systemd-journal"], check=True)
    deadline = time.monotonic() + 5
    while reachable(JOURNAL_SOCKET) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not reachable(JOURNAL_SOCKET)
    yield
    for path in (DEV_LOG,):
        if os.path.exists(path) and not reachable(path):
            os.unlink(path)
    subprocess.Popen(["/lib/systemd/systemd-journald"], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 10
    while not (reachable(JOURNAL_SOCKET) and reachable(DEV_LOG)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reachable(JOURNAL_SOCKET), "journald did not come back"


@pytest.fixture
def syslog_listener(no_journald):
    os.unlink(DEV_LOG)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(DEV_LOG)
    os.chmod(DEV_LOG, 0o666)
    s.settimeout(5)
    yield s
    s.close()
    os.unlink(DEV_LOG)


def test_without_journald_the_record_goes_to_syslog(ssmreset, account, syslog_listener):
    rc, out, _ = run_pty([ssmreset, "--requester", "ops", account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert "(audit: syslog, journald not reachable)" in out
    received = []
    while not any(m.startswith("<") and "ssmreset[" in m for m in received):
        received.append(syslog_listener.recv(4096).decode())   # times out after 5 s
    assert not any(GOOD in m for m in received)
    [msg] = [m for m in received if "ssmreset[" in m]
    assert "password of '%s' changed" % account.name in msg
    assert "SSMRESET_RESULT=CHANGED" in msg and "SSMRESET_REQUESTER=ops" in msg
    assert GOOD not in msg
    # authpriv (10) * 8 + notice (5)
    assert msg.startswith("<85>")
    assert login_ok(account.name, GOOD)


def test_with_no_audit_sink_nothing_is_changed(ssmreset, account, no_journald, shadow):
    assert not reachable(DEV_LOG)
    rc, out, _ = run_pty([ssmreset, account.name])
    assert rc == 8, out
    assert "ssmreset: SYSTEM_ERROR: the attempt cannot be recorded: neither journald nor syslog is reachable" in out
    assert "New password" not in out
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)
