# SPDX-License-Identifier: Apache-2.0
"""Where the audit record goes when journald is not there: syslog, and
when there is no syslog either, no reset at all."""
from harness import DEV_LOG, GOOD, INITIAL, login_ok, run_pty, shadow_bytes, socket_reachable as reachable


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
