# SPDX-License-Identifier: Apache-2.0
"""Where the local policy could be loosened or bypassed: accounts above
UID_MAX, options given twice, allow_nss, groups that cannot be found, an
account locked while the person types, faillock tallies elsewhere, history
files elsewhere. Every refusal leaves /etc/shadow byte-identical."""
import os
import re
import subprocess

import pytest

from harness import GOOD, GOOD2, INITIAL, Pty, login_ok, run_pty, shadow_bytes, shadow_line
from hardening import make_hash, run_batch
from test_policy import assert_refused, lock_out, nss_only_user, sh  # noqa: F401 (fixture)


def test_accounts_above_uid_max_are_system_accounts(ssmreset, journal):
    """nobody (uid 65534, hash '*') is above UID_MAX: a system account."""
    shadow = shadow_bytes()
    assert_refused(ssmreset, "nobody", shadow, journal, "'nobody' is a system account (uid 65534, outside UID_MIN",
                   "allow_system", extra=["--check"])


def test_uid_max_on_the_module_line(ssmreset, account, pam_service, journal):
    uid = int(sh("id", "-u", account.name))
    pam_service.module_options("uid_max=%d" % (uid - 1))
    assert_refused(ssmreset, account.name, shadow_bytes(), journal, "is a system account", extra=["--check"])


def test_a_repeated_deny_list_accumulates(ssmreset, account, pam_service, journal):
    pam_service.module_options("users_deny=%s" % account.name, "users_deny=someone-else")
    assert_refused(ssmreset, account.name, shadow_bytes(), journal, "users_deny=")


@pytest.mark.parametrize("options", [("users_allow=a", "users_allow=b"), ("uid_min=1000", "uid_min=100"),
                                     ("minlen=14", "minlen=6"), ("remember=5", "remember=0")])
def test_a_repeated_single_option_is_a_configuration_error(ssmreset, account, pam_service, options):
    pam_service.module_options(*options)
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, account.name])
    assert rc == 8, out
    assert "is given twice" in out and options[0].split("=")[0] + "=" in out
    assert "New password" not in out
    assert shadow_bytes() == shadow


def nss_user_with_uid(env, uid):
    with open(env["NSS_WRAPPER_PASSWD"]) as f:
        text = f.read()
    with open(env["NSS_WRAPPER_PASSWD"], "w") as f:
        f.write(text.replace("ldapuser:x:5001:", "ldapuser:x:%d:" % uid))


@pytest.mark.parametrize("uid, words", [(0, "deny_root"), (42, "is a system account (uid 42"),
                                        (70000, "is a system account (uid 70000")])
def test_allow_nss_waives_nothing_else(ssmreset, nss_only_user, pam_service, journal, uid, words):
    """An account only NSS knows, with uid 0 or a system uid, is refused by
    those rules whatever allow_nss says."""
    nss_user_with_uid(nss_only_user, uid)
    pam_service.module_options("allow_nss", "deny_root")
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, "--check", "ldapuser"], env=nss_only_user)
    assert rc == 4, out
    assert words in out
    assert shadow_bytes() == shadow


def test_groups_that_cannot_be_found_refuse(ssmreset, account, pam_service, journal):
    """The account's primary group has no entry: groups_deny cannot be
    checked, so the account is not let through."""
    with open("/etc/passwd") as f:
        text = f.read()
    with open("/etc/passwd", "w") as f:
        f.write(re.sub(r"(?m)^(%s:x:\d+:)\d+:" % account.name, r"\g<1>54321:", text))
    pam_service.module_options("groups_deny=wheel")
    assert_refused(ssmreset, account.name, shadow_bytes(), journal, "its groups cannot be found", "groups_deny=")


def test_an_account_locked_while_the_person_types_is_not_reset(ssmreset, account, journal):
    """The policy is decided again under the shadow lock, after the typing:
    a reset would unlock the account an administrator just locked."""
    p = Pty([ssmreset, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        sh("usermod", "-L", account.name)
        locked = shadow_bytes()
        p.type(GOOD)
        rc = p.wait()
    finally:
        p.close()
    assert rc == 4, p.text
    assert "is locked" in p.text and "decided again once the password was typed" in p.text
    assert shadow_bytes() == locked
    assert shadow_line(account.name).split(":")[1].startswith("!")


@pytest.fixture
def faillock_elsewhere():
    """pam_faillock told dir= on its line, not in faillock.conf."""
    path = "/etc/pam.d/ssmreset-faillock-check"
    with open(path) as f:
        original = f.read()
    with open(path, "w") as f:
        f.write(original.replace("pam_faillock.so", "pam_faillock.so dir=/run/faillock-elsewhere"))
    yield "/run/faillock-elsewhere"
    with open(path, "w") as f:
        f.write(original)


def test_a_tally_in_the_folder_of_the_pam_faillock_line_is_cleared(ssmreset, account, faillock_elsewhere):
    lock_out_elsewhere = [login_ok(account.name, "wrong-password", service="ssmreset-faillock-check")
                          for _ in range(3)]
    assert not any(lock_out_elsewhere)
    tally = os.path.join(faillock_elsewhere, account.name)
    assert os.path.getsize(tally) > 0
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0 and res["faillock_cleared"] is True, res
    assert os.path.getsize(tally) == 0
    assert login_ok(account.name, GOOD, service="ssmreset-faillock-check")


def test_faillock_cleared_only_when_there_was_a_tally(ssmreset, account):
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0 and res["faillock_cleared"] is False, res
    lock_out(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD2})
    assert rc == 0 and res["faillock_cleared"] is True, res


@pytest.fixture
def pwhistory_conf():
    path = "/etc/security/pwhistory.conf"
    saved = open(path).read() if os.path.exists(path) else None
    yield path
    if saved is None:
        if os.path.exists(path):
            os.unlink(path)
    else:
        with open(path, "w") as f:
            f.write(saved)
    if os.path.exists("/etc/security/opasswd-elsewhere"):
        os.unlink("/etc/security/opasswd-elsewhere")


def test_history_in_the_file_of_pwhistory_conf_binds(ssmreset, account, pwhistory_conf):
    """pam_pwhistory's file= (pwhistory.conf, Linux-PAM 1.5.3 and later)."""
    elsewhere = "/etc/security/opasswd-elsewhere"
    uid = sh("id", "-u", account.name).strip()
    with open(elsewhere, "w") as f:
        f.write("%s:%s:1:%s\n" % (account.name, uid, make_hash(GOOD)))
    os.chmod(elsewhere, 0o600)
    with open(pwhistory_conf, "w") as f:
        f.write("# history kept elsewhere\nfile = %s\n" % elsewhere)
    shadow = shadow_bytes()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 5, res
    assert "already used" in res["reason"]
    assert shadow_bytes() == shadow
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD2})
    assert rc == 0, res
