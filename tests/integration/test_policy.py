# SPDX-License-Identifier: Apache-2.0
"""pam_ssmreset.so, the local reset policy, in the real PAM stack against
real shadow files in every state. Every refusal comes before any prompt,
exits 4 and leaves /etc/shadow byte-identical."""
import os
import re
import subprocess

import pytest

from harness import GOOD, GOOD2, INITIAL, Account, login_ok, run_pty, shadow_bytes, shadow_line


def sh(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw).stdout


def assert_refused(ssmreset, user, shadow, journal, *words, extra=()):
    rc, out, echo = run_pty([ssmreset, *extra, user])
    assert rc == 4, out
    assert "ssmreset: ACCOUNT_REFUSED: " in out
    for w in words:
        assert w in out, (w, out)
    assert "New password" not in out
    assert echo
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=user)
    assert rec["SSMRESET_RESULT"] == "ACCOUNT_REFUSED"
    assert words[0] in rec["SSMRESET_REASON"]
    return out


@pytest.fixture
def locked(account):
    sh("usermod", "-L", account.name)
    assert shadow_line(account.name).split(":")[1].startswith("!$")
    return account


def test_locked_account_is_refused(ssmreset, locked, journal):
    shadow = shadow_bytes()
    assert_refused(ssmreset, locked.name, shadow, journal, "is locked", "allow_locked", "usermod -U")


def test_locked_account_with_allow_locked_is_reset(ssmreset, locked, pam_service):
    pam_service.module_options("allow_locked")
    rc, out, _ = run_pty([ssmreset, locked.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert login_ok(locked.name, GOOD)


@pytest.mark.parametrize("field", ["!", "!!", "*"])
def test_account_that_never_had_a_password_is_allowed(ssmreset, account, field):
    sh("usermod", "-p", field, account.name)
    assert shadow_line(account.name).split(":")[1] == field
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert login_ok(account.name, GOOD)


def test_expired_account_is_refused(ssmreset, account, journal):
    sh("chage", "-E", "2001-02-03", account.name)
    shadow = shadow_bytes()
    assert_refused(ssmreset, account.name, shadow, journal, "expired on 2001-02-03", "allow_expired")


def test_expired_account_with_allow_expired_is_reset(ssmreset, account, pam_service):
    sh("chage", "-E", "2001-02-03", account.name)
    pam_service.module_options("allow_expired")
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out


@pytest.fixture
def system_account():
    subprocess.run(["userdel", "svcdemo"], stderr=subprocess.DEVNULL)
    sh("useradd", "-r", "-M", "svcdemo")
    yield Account("svcdemo")
    subprocess.run(["userdel", "svcdemo"], stderr=subprocess.DEVNULL)


def test_system_account_is_refused(ssmreset, system_account, journal):
    shadow = shadow_bytes()
    assert_refused(ssmreset, "svcdemo", shadow, journal, "is a system account", "allow_system")


def test_system_account_with_allow_system_is_reset(ssmreset, system_account, pam_service):
    pam_service.module_options("allow_system")
    rc, out, _ = run_pty([ssmreset, "svcdemo"], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert login_ok("svcdemo", GOOD)


def test_root_is_allowed_by_default_and_refused_with_deny_root(ssmreset, pam_service, journal):
    rc, out, _ = run_pty([ssmreset, "--check", "root"])
    assert rc == 0, out
    pam_service.module_options("deny_root")
    shadow = shadow_bytes()
    journal_before = len(journal.records(SSMRESET_USER="root"))
    rc, out, _ = run_pty([ssmreset, "root"])
    assert rc == 4 and "deny_root" in out, out
    assert shadow_bytes() == shadow


def test_user_lists(ssmreset, account, pam_service, journal):
    pam_service.module_options("users_deny=%s" % account.name)
    shadow = shadow_bytes()
    assert_refused(ssmreset, account.name, shadow, journal, "users_deny=")
    pam_service.module_options("users_allow=somebodyelse")
    rc, out, _ = run_pty([ssmreset, account.name])
    assert rc == 4 and "users_allow=" in out, out
    pam_service.module_options("users_allow=somebodyelse,%s" % account.name)
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out


def test_group_lists(ssmreset, account, pam_service, journal):
    subprocess.run(["groupdel", "resetters"], stderr=subprocess.DEVNULL)
    sh("groupadd", "resetters")
    try:
        pam_service.module_options("groups_allow=resetters")
        shadow = shadow_bytes()
        assert_refused(ssmreset, account.name, shadow, journal, "groups_allow=")
        sh("usermod", "-aG", "resetters", account.name)
        rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
        assert rc == 0, out
        pam_service.module_options("groups_deny=resetters")
        rc, out, _ = run_pty([ssmreset, account.name])
        assert rc == 4 and "its group 'resetters'" in out, out
    finally:
        subprocess.run(["groupdel", "resetters"])


def test_account_without_shadow_line_is_refused(ssmreset, account, journal):
    lines = [l for l in shadow_bytes().decode().splitlines(True) if not l.startswith(account.name + ":")]
    with open("/etc/shadow", "w") as f:
        f.write("".join(lines))
    shadow = shadow_bytes()
    assert_refused(ssmreset, account.name, shadow, journal, "no entry in /etc/shadow", "allow_no_shadow")
    assert shadow_line(account.name) is None, "pam_unix's silent insert happened"


@pytest.fixture
def nss_only_user(tmp_path):
    """An account only a second NSS source knows, through nss_wrapper."""
    passwd = tmp_path / "passwd"
    group = tmp_path / "group"
    passwd.write_text(open("/etc/passwd").read() + "ldapuser:x:5001:5001:LDAP user:/home/ldapuser:/bin/sh\n")
    group.write_text(open("/etc/group").read() + "ldapgroup:x:5001:\n")
    with open("/etc/nsswitch.conf") as f:
        original = f.read()
    with open("/etc/nsswitch.conf", "w") as f:
        f.write(re.sub(r"(?m)^passwd:.*$", "passwd:         files sss", original))
    yield {"LD_PRELOAD": "libnss_wrapper.so", "NSS_WRAPPER_PASSWD": str(passwd),
           "NSS_WRAPPER_GROUP": str(group)}
    with open("/etc/nsswitch.conf", "w") as f:
        f.write(original)


def test_nss_only_account_is_refused_naming_its_source(ssmreset, nss_only_user, journal):
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, "ldapuser"], env=nss_only_user)
    assert rc == 4, out
    assert "'ldapuser' is not a local account: it comes from the name service (sss)" in out
    assert "allow_nss" in out
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER="ldapuser")
    assert rec["SSMRESET_RESULT"] == "ACCOUNT_REFUSED"


def test_nss_only_account_with_allow_nss_goes_to_the_stack(ssmreset, nss_only_user, pam_service):
    pam_service.module_options("allow_nss")
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, "ldapuser"], env=nss_only_user)
    # pam_unix cannot change a password it does not store, and fails before
    # asking for one; with no pam_sss in the stack nothing else can.
    assert rc == 8, out
    assert "ssmreset: SYSTEM_ERROR: the PAM stack failed before asking for a password" in out
    assert "New password" not in out
    assert shadow_bytes() == shadow


def test_quality_policy_from_pwquality_conf_binds_root(ssmreset, account):
    with open("/etc/security/pwquality.conf") as f:
        original = f.read()
    try:
        with open("/etc/security/pwquality.conf", "a") as f:
            f.write("\nminlen = 30\n")
        rc, out, _ = run_pty([ssmreset, "--tries", "1", account.name], keys=[GOOD])
        assert rc == 5, out
        assert "BAD PASSWORD: The password is shorter than 30 characters" in out
        assert login_ok(account.name, INITIAL)
    finally:
        with open("/etc/security/pwquality.conf", "w") as f:
            f.write(original)


def test_quality_settings_on_the_module_line(ssmreset, account, pam_service):
    pam_service.module_options("minlen=25", "minclass=4")
    rc, out, _ = run_pty([ssmreset, "--tries", "2", account.name], keys=[GOOD, "Aa1!" + GOOD, "Aa1!" + GOOD])
    assert rc == 0, out
    assert "BAD PASSWORD" in out
    assert login_ok(account.name, "Aa1!" + GOOD)


def test_bad_module_option_is_a_system_error(ssmreset, account, pam_service):
    pam_service.module_options("allow_everything")
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, account.name])
    assert rc == 8, out
    assert "unknown option 'allow_everything'" in out
    assert shadow_bytes() == shadow


def test_password_history_binds_root(ssmreset, account, common_password, journal):
    with open("/etc/pam.d/common-password-with-history") as f:
        common_password.write(f.read())
    for pw in (GOOD, GOOD2):
        rc, out, _ = run_pty([ssmreset, account.name], keys=[pw, pw])
        assert rc == 0, out
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, "--tries", "2", account.name], keys=[GOOD, GOOD2])
    assert rc == 5, out
    assert out.count("\nPassword has been already used. Choose another.\r\n") == 1
    # The current password is refused whether or not history is kept.
    assert out.count("\nThe new password is the current one. Choose another.\r\n") == 1
    assert shadow_bytes() == shadow
    assert login_ok(account.name, GOOD2)


def test_expire_makes_the_user_change_it_at_next_login(ssmreset, account, journal):
    rc, out, _ = run_pty([ssmreset, "--expire", account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert "it must be changed at the next login" in out
    assert "Last password change\t\t\t\t\t: password must be changed" in sh("chage", "-l", account.name)
    assert shadow_line(account.name).split(":")[2] == "0"
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_EXPIRED"] == "yes"


def test_expire_as_the_module_default(ssmreset, account, pam_service):
    pam_service.module_options("expire")
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert shadow_line(account.name).split(":")[2] == "0"


def test_without_expire_the_last_change_is_today(ssmreset, account):
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert shadow_line(account.name).split(":")[2] not in ("", "0")


def lock_out(user):
    for _ in range(3):
        assert not login_ok(user, "wrong-password", service="ssmreset-faillock-check")
    tally = sh("faillock", "--user", user)
    assert tally.count("V") >= 3 or len(tally.strip().splitlines()) >= 4, tally
    return tally


def test_faillock_tally_is_cleared(ssmreset, account):
    lock_out(account.name)
    assert not login_ok(account.name, INITIAL, service="ssmreset-faillock-check")   # locked out
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert len(sh("faillock", "--user", account.name).strip().splitlines()) <= 2
    assert login_ok(account.name, GOOD, service="ssmreset-faillock-check")


def test_keep_faillock_leaves_the_tally(ssmreset, account, pam_service):
    before = lock_out(account.name)
    pam_service.module_options("keep_faillock")
    rc, out, _ = run_pty([ssmreset, account.name], keys=[GOOD, GOOD])
    assert rc == 0, out
    assert sh("faillock", "--user", account.name) == before


def test_check_says_allowed_and_changes_nothing(ssmreset, account, journal):
    shadow = shadow_bytes()
    rc, out, echo = run_pty([ssmreset, "--check", account.name])
    assert rc == 0, out
    assert "ssmreset: ALLOWED: a reset of '%s' would be allowed; nothing was changed" % account.name in out
    assert "password:" not in out.lower()
    assert shadow_bytes() == shadow
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_MODE"] == "check" and rec["SSMRESET_RESULT"] == "ALLOWED"


def test_check_gives_the_code_a_reset_would_get(ssmreset, locked, journal):
    shadow = shadow_bytes()
    rc, out, _ = run_pty([ssmreset, "--check", locked.name])
    assert rc == 4, out
    assert "ssmreset: ACCOUNT_REFUSED: '%s' is locked" % locked.name in out
    assert "would not be allowed" in out
    assert shadow_bytes() == shadow
    rc, out, _ = run_pty([ssmreset, "--check", "nosuchuser"])
    assert rc == 3, out
