# SPDX-License-Identifier: Apache-2.0
"""A reset is all or nothing, under Debian's stack (@include common-password)
and under the RPM's (substack system-auth): a run that does not end with
exit 0 leaves /etc/shadow, /etc/passwd, the password history and the
faillock tally as they were, byte for byte, whatever the stack does; what a
stack wrote of a failed try is put back and said ("rolled_back"); a broken
host is a SYSTEM_ERROR before anyone is asked, never the person's fault."""
import fcntl
import json
import os
import re
import subprocess

import pytest

from harness import (BUILD, GOOD, GOOD2, INITIAL, Pty, login_ok, run_pty, shadow_line)
from hardening import SSMRESET, run_batch

LONG = "Orchard-Lantern-Meridian-Cobalt-4821"     # 36 characters, passes minlen=30
HISTORY = "/etc/security/opasswd"
TALLY_DIR = "/run/faillock"


def files(user):
    """Everything a reset of user may touch, as bytes."""
    state = {}
    for p in ("/etc/shadow", "/etc/passwd", HISTORY, os.path.join(TALLY_DIR, user)):
        try:
            with open(p, "rb") as f:
                state[p] = f.read()
        except FileNotFoundError:
            state[p] = None
    return state


def failed_logins(user, n=2):
    for _ in range(n):
        assert not login_ok(user, "not-the-password", service="ssmreset-faillock-check")
    assert os.path.getsize(os.path.join(TALLY_DIR, user)) > 0


def shadow_lock_is_free():
    fd = os.open("/etc/.pwd.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def doctor_checks():
    r = subprocess.run([SSMRESET, "--doctor", "--json"], capture_output=True, text=True)
    return {c["name"]: c for c in json.loads(r.stdout)["checks"]}


class Edited:
    """A file of the sandbox edited for one test and put back."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.original = f.read()

    def write(self, data):
        with open(self.path, "wb") as f:
            f.write(data)

    def restore(self):
        self.write(self.original)


@pytest.fixture
def login_defs():
    e = Edited("/etc/login.defs")
    yield e
    e.restore()


@pytest.fixture
def pwquality_conf():
    path = "/etc/security/pwquality.conf"
    saved = open(path, "rb").read() if os.path.exists(path) else None
    yield path
    if os.path.isdir(path):
        os.rmdir(path)
    if saved is None:
        if os.path.exists(path):
            os.unlink(path)
    else:
        with open(path, "wb") as f:
            f.write(saved)


# 1. A refusal inside the distribution's stack -------------------------------

def test_a_refusal_in_the_stack_changes_nothing(stack, account, journal):
    """pam_pwquality stricter than pam_ssmreset.so's line refuses after the
    first line accepted; with --expire, on the RPM's substack, the finish
    line used to expire the old password and empty the tally anyway."""
    stack.replace_module("pam_pwquality.so", "password requisite pam_pwquality.so minlen=30 enforce_for_root")
    failed_logins(account.name)
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "expire": True,
                            "requester": "aon-quality"})
    assert rc == 5, res
    assert res["status"] == "PASSWORD_REJECTED" and "shorter than 30" in res["reason"]
    assert res["changed"] is False and res["rolled_back"] is False and res["expired"] is False
    assert res["faillock_cleared"] is False
    assert files(account.name) == before
    assert login_ok(account.name, INITIAL, service="ssmreset-login-check")
    [rec] = journal.wait_for(SSMRESET_REQUESTER="aon-quality")
    assert rec["SSMRESET_CHANGED"] == "no" and rec["SSMRESET_ROLLED_BACK"] == "no"


def test_a_history_refusal_in_the_stack_changes_nothing(stack, account):
    """pam_pwhistory (enforce_for_root) in the stack refuses a password from
    the history that pam_ssmreset.so, told not to check history, let pass."""
    stack.module_options("remember=0")
    stack.before_unix("password required pam_pwhistory.so remember=5 enforce_for_root use_authtok")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0, res
    assert INITIAL and os.path.exists(HISTORY)
    failed_logins(account.name)
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": INITIAL, "expire": True})
    assert rc == 5, res
    assert res["status"] == "PASSWORD_REJECTED" and "already used" in res["reason"]
    assert res["changed"] is False
    assert files(account.name) == before
    assert login_ok(account.name, GOOD, service="ssmreset-login-check")


# 2. What the stack wrote of a failed try goes back ---------------------------

def test_a_failure_after_the_store_is_put_back(stack, account, journal):
    """A module after pam_unix fails: the password was stored, the finish
    line expired it and emptied the tally; all of it is put back."""
    stack.after_stack("password required pam_exec.so quiet /bin/false")
    failed_logins(account.name)
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "expire": True,
                            "requester": "aon-rollback"})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR"
    assert res["changed"] is False and res["rolled_back"] is True and res["verified"] is False
    assert files(account.name) == before
    assert login_ok(account.name, INITIAL, service="ssmreset-login-check")
    assert not login_ok(account.name, GOOD, service="ssmreset-login-check")
    [rec] = journal.wait_for(SSMRESET_REQUESTER="aon-rollback")
    assert rec["SSMRESET_CHANGED"] == "no" and rec["SSMRESET_ROLLED_BACK"] == "yes"
    assert "put back" in rec["MESSAGE"]
    rc, out, _ = run_pty([SSMRESET, account.name], keys=[GOOD, GOOD])
    assert rc == 8, out
    assert "the password of '%s' was not changed: what the system had written was put back" % account.name in out


# 3. A module that asks again -------------------------------------------------

def test_a_module_that_asks_again_is_not_answered(stack, account):
    """pam_pwquality retry=3, stricter than the first line, asks again after
    the first line accepted: that prompt never reaches the person, the try
    starts over at the first line, and no lock is held while they type."""
    stack.replace_module("pam_pwquality.so",
                         "password requisite pam_pwquality.so retry=3 minlen=30 enforce_for_root")
    before = files(account.name)
    p = Pty([SSMRESET, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        p.type(GOOD)
        p.expect(rb"shorter than 30 characters")
        p.expect(rb"Password not changed\. Try again \(2 of 3\)\.\r\n")
        p.expect(rb"New password: $")
        assert shadow_lock_is_free(), "the shadow lock is held while the person types"
        assert files(account.name) == before
        p.type(LONG)
        p.expect(rb"Retype new password: $")
        p.type(LONG)
        rc = p.wait()
    finally:
        p.close()
    assert rc == 0, p.text
    assert p.text.count("New password: ") == 2
    assert login_ok(account.name, LONG, service="ssmreset-login-check")


# 4. A write that cannot happen ---------------------------------------------

@pytest.fixture
def nshadow_folder():
    yield "/etc/nshadow"
    if os.path.isdir("/etc/nshadow"):
        os.rmdir("/etc/nshadow")


def test_a_store_that_cannot_happen_is_a_system_error(stack, account, journal, nshadow_folder):
    os.mkdir(nshadow_folder)
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "requester": "aon-store"})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR"
    assert "/etc/nshadow is a folder" in res["reason"] and "rmdir /etc/nshadow" in res["reason"]
    assert res["changed"] is False
    assert files(account.name) == before
    rc, out, _ = run_pty([SSMRESET, account.name])
    assert rc == 8 and "New password" not in out, out
    check = doctor_checks()["store"]
    assert not check["ok"] and "/etc/nshadow" in check["detail"]
    os.rmdir(nshadow_folder)
    assert doctor_checks()["store"]["ok"]


def test_a_store_that_becomes_impossible_while_typing(stack, account, nshadow_folder):
    before = files(account.name)
    p = Pty([SSMRESET, account.name])
    try:
        p.expect(rb"New password: $")
        p.type(GOOD)
        p.expect(rb"Retype new password: $")
        os.mkdir(nshadow_folder)
        p.type(GOOD)
        rc = p.wait()
    finally:
        p.close()
    assert rc == 8, p.text
    assert "ssmreset: SYSTEM_ERROR: /etc/nshadow is a folder" in p.text
    assert "Try again" not in p.text
    assert files(account.name) == before


# 5. A weak hash method ------------------------------------------------------

def no_method(lines):
    return [re.sub(r"\s(yescrypt|sha512|md5|sha256|blowfish)\b", "", l) if "pam_unix.so" in l else l
            for l in lines]


def test_a_weak_method_is_refused_before_any_prompt(stack, account, login_defs):
    """No method on pam_unix's line and none in login.defs: pam_unix would
    store traditional DES, where only 8 characters count."""
    stack.edit_password_stack(no_method)
    login_defs.write(re.sub(rb"(?m)^ENCRYPT_METHOD.*\n", b"", login_defs.original))
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and "weak method des" in res["reason"]
    assert "pam_unix's default" in res["reason"] and "add yescrypt" in res["reason"]
    assert files(account.name) == before
    rc, out, _ = run_pty([SSMRESET, account.name])
    assert rc == 8 and "New password" not in out, out
    rc, out, _ = run_pty([SSMRESET, "--check", account.name])
    assert rc == 8 and "weak method des" in out, out
    check = doctor_checks()["hash-method"]
    assert not check["ok"] and not check["warning"] and "yescrypt" in check["fix"]
    # ENCRYPT_METHOD MD5 is named as the cause (pam_unix reads the first
    # ENCRYPT_METHOD line of login.defs).
    login_defs.write(b"ENCRYPT_METHOD MD5\n" + login_defs.original)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 8 and "weak method md5" in res["reason"] and "ENCRYPT_METHOD MD5" in res["reason"], res


def test_a_weak_hash_the_stack_did_not_tell_is_put_back(stack, account, login_defs):
    """pam_unix under another file name: nothing tells the method ahead, so
    the stored hash itself is judged, and a DES one goes back."""
    alias = os.path.join(os.environ["TMPDIR"], "pam_unix_alias.so")
    real = subprocess.run(["sh", "-c", "ls /lib/*/security/pam_unix.so /usr/lib/*/security/pam_unix.so "
                           "2>/dev/null | head -n 1"], capture_output=True, text=True).stdout.strip()
    assert real
    if not os.path.exists(alias):
        os.symlink(real, alias)
    stack.edit_password_stack(lambda ls: [l.replace("pam_unix.so", alias) for l in no_method(ls)])
    login_defs.write(re.sub(rb"(?m)^ENCRYPT_METHOD.*\n", b"", login_defs.original))
    failed_logins(account.name)
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "expire": True})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and "weak method traditional DES" in res["reason"], res
    assert res["changed"] is False and res["rolled_back"] is True and res["verified"] is False
    assert files(account.name) == before
    assert login_ok(account.name, INITIAL, service="ssmreset-login-check")


# 6. The quality check cannot run --------------------------------------------

@pytest.fixture
def no_dictionary():
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/var/cache/cracklib"], check=True)
    yield
    subprocess.run(["umount", "/var/cache/cracklib"], check=True)


def refused_before_any_prompt(account, *fragments):
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 8, res
    assert res["status"] == "SYSTEM_ERROR" and res["tries"] <= 1, res
    for f in fragments:
        assert f in res["reason"], res
    assert "BAD PASSWORD" not in res["reason"]
    assert files(account.name) == before
    rc, out, _ = run_pty([SSMRESET, account.name])
    assert rc == 8 and "New password" not in out, out


def test_no_cracklib_dictionary(stack, account, no_dictionary):
    refused_before_any_prompt(account, "cracklib dictionary /var/cache/cracklib/cracklib_dict.pwd",
                              "install cracklib-runtime")
    check = doctor_checks()["quality"]
    assert not check["ok"] and "cracklib_dict" in check["detail"]


def test_dictpath_pointing_nowhere(stack, account):
    stack.module_options("dictpath=/nonexistent/words")
    refused_before_any_prompt(account, "/nonexistent/words.pwd", "dictpath=")
    assert not doctor_checks()["quality"]["ok"]


def test_an_invalid_pwquality_conf(stack, account, pwquality_conf):
    with open(pwquality_conf, "w") as f:
        f.write("minlen = twelve\n")
    refused_before_any_prompt(account, "/etc/security/pwquality.conf", "minlen")
    assert not doctor_checks()["quality"]["ok"]


def test_a_pwquality_conf_d_entry_that_is_a_folder(stack, account):
    """libpwquality read a folder among its .conf files as nothing and went
    on with its defaults (issue 20)."""
    entry = "/etc/security/pwquality.conf.d/local.conf"
    os.makedirs(entry)
    try:
        refused_before_any_prompt(account, "%s is a folder" % entry, "rmdir %s" % entry)
        check = doctor_checks()["quality"]
        assert not check["ok"] and entry in check["detail"], check
    finally:
        os.rmdir(entry)


def test_a_pwquality_conf_that_is_not_a_file(stack, account, pwquality_conf):
    if os.path.exists(pwquality_conf):
        os.unlink(pwquality_conf)
    os.mkdir(pwquality_conf)
    refused_before_any_prompt(account, "/etc/security/pwquality.conf is a folder", "rmdir /etc/security/pwquality.conf")


# 7. "changed" is what the files say ------------------------------------------

def test_changed_is_what_the_files_say(stack, account, journal):
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "requester": "aon-ok"})
    assert rc == 0 and res["changed"] is True and res["rolled_back"] is False, res
    [rec] = journal.wait_for(SSMRESET_REQUESTER="aon-ok")
    assert rec["SSMRESET_CHANGED"] == "yes" and rec["SSMRESET_ROLLED_BACK"] == "no"
    # The current password again: refused, nothing written.
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD, "requester": "aon-same"})
    assert rc == 5 and res["changed"] is False, res
    assert "the current one" in res["reason"]
    assert files(account.name) == before
    [rec] = journal.wait_for(SSMRESET_REQUESTER="aon-same")
    assert rec["SSMRESET_CHANGED"] == "no"



# 8. An account whose hash lives in /etc/passwd -------------------------------

@pytest.mark.parametrize("where", ["hash-in-passwd", "no-hash-anywhere"])
def test_an_account_without_a_shadow_line_resets_all_or_nothing(stack, account, where):
    """With allow_no_shadow, an account with no line in /etc/shadow is reset
    wherever pam_unix puts the hash (Debian's pam_unix, without its shadow
    option, writes it into /etc/passwd; the RPM's adds a shadow line and
    marks passwd with "x"), verified there, and a failed try gives both
    files back byte for byte."""
    with open("/etc/shadow") as f:
        shadow_lines = f.read().splitlines(True)
    own = next(l for l in shadow_lines if l.startswith(account.name + ":"))
    with open("/etc/shadow", "w") as f:
        f.write("".join(l for l in shadow_lines if l is not own))
    if where == "hash-in-passwd":
        with open("/etc/passwd") as f:
            passwd = f.read()
        old = next(l for l in passwd.splitlines(True) if l.startswith(account.name + ":"))
        fields = old.split(":")
        fields[1] = own.split(":")[1]
        with open("/etc/passwd", "w") as f:
            f.write(passwd.replace(old, ":".join(fields)))
    stack.module_options("allow_no_shadow")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    assert rc == 0 and res["verified"] is True, res
    assert login_ok(account.name, GOOD, service="ssmreset-login-check")
    stack.after_stack("password required pam_exec.so quiet /bin/false")
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD2})
    assert rc == 8 and res["rolled_back"] is True and res["changed"] is False, res
    assert files(account.name) == before
    assert login_ok(account.name, GOOD, service="ssmreset-login-check")


# 9. The method as pam_unix reads it ----------------------------------------

PREFIX_METHOD = {"$1$": "md5", "$5$": "sha256", "$6$": "sha512", "$y$": "yescrypt"}

SPELLINGS = {
    # login.defs, the method option on pam_unix.so: pam_unix reads the first
    # ENCRYPT_METHOD line, its key in any case, "=" as a blank; an option is
    # the first of pam_unix's words it begins with.
    "two-encrypt-method-lines": ("ENCRYPT_METHOD MD5\nENCRYPT_METHOD YESCRYPT\n", ""),
    "lowercase-key-and-equals": ("encrypt_method=SHA512 # comment\n", ""),
    "value-prefix": ("ENCRYPT_METHOD md5crypt\n", ""),
    "option-prefix": ("", "md5crypt"),
    "option-that-is-another-word": ("ENCRYPT_METHOD YESCRYPT\n", "shadowmd5"),
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_the_method_is_read_as_pam_unix_reads_it(account, login_defs, common_password, spelling):
    """ssmreset's verdict (and the doctor's) names the very method pam_unix
    stores with: the hash chpasswd leaves through the same stack is the
    judge (issue 20)."""
    defs, option = SPELLINGS[spelling]
    login_defs.write(re.sub(rb"(?m)^ENCRYPT_METHOD.*\n", b"", login_defs.original) + defs.encode())
    lines = no_method(common_password.original.splitlines())
    common_password.write("\n".join(l + (" " + option if option and "pam_unix.so" in l else "") for l in lines)
                          + "\n")
    subprocess.run(["chpasswd"], input=("%s:%s\n" % (account.name, GOOD2)).encode(), check=True)
    stored = shadow_line(account.name).split(":")[1]
    truth = next(m for p, m in PREFIX_METHOD.items() if stored.startswith(p))
    checks = doctor_checks()
    assert "with %s (" % truth in checks["hash-method"]["detail"] or \
        "weak method %s (" % truth in checks["hash-method"]["detail"], (truth, checks["hash-method"])
    before = files(account.name)
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": GOOD})
    if truth in ("md5", "sha256"):
        assert rc == 8 and "weak method %s" % truth in res["reason"] and res["tries"] <= 1, res
        assert files(account.name) == before
    else:
        assert rc == 0, res
        assert shadow_line(account.name).split(":")[1].startswith(
            next(p for p, m in PREFIX_METHOD.items() if m == truth))
