# SPDX-License-Identifier: Apache-2.0
"""The demo, run inside tests/sandbox/sandbox-run by scripts/demo: a person
in a Session Manager session resets the password of the account 'demo', then
has one generated for them, returned only encrypted to their certificate."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from harness import BUILD, GOOD, INITIAL, WORKER, Account, Journal, Pty, login_ok  # noqa: E402
from recipients import Recipient, cms_block  # noqa: E402

SESSION = "jane.doe@example.com-0a1b2c3d4e5f67890"


def banner(text):
    print("\n\033[1m== %s ==\033[0m" % text, flush=True)


def type_secret(p, secret, what):
    print("\033[2m[the person types %s: %d characters, then Enter]\033[0m" % (what, len(secret)), flush=True)
    p.type(secret)


def generated(journal):
    """A password nobody types: made on the host, returned only encrypted to
    the requester's one-time certificate, decrypted with openssl."""
    banner("The requester makes a one-time key:  openssl req -x509 -newkey rsa:3072 ... -keyout key.pem -out cert.pem")
    folder = tempfile.mkdtemp(prefix="ssmreset-demo-")
    try:
        return generated_to(journal, Recipient(folder, "jane.doe", "rsa:3072"))
    finally:
        shutil.rmtree(folder)


def generated_to(journal, r):
    print("  certificate SHA-256 fingerprint: %s" % r.fingerprint)

    banner("The session runs: ssmreset --generate --recipient cert.pem demo")
    p = Pty([WORKER, SESSION, "%s --generate --recipient %s demo" % (os.path.join(BUILD, "ssmreset"), r.cert)])
    try:
        rc = p.wait()
        transcript = p.text.replace("\r\n", "\n")
    finally:
        p.close()
    sys.stdout.write(transcript)
    print("exit status: %d" % rc)
    if rc != 0:
        return False

    banner("The requester decrypts:  openssl cms -decrypt -inform PEM -in reset.pem -inkey key.pem -recip cert.pem")
    password = r.decrypt(cms_block(transcript))
    print("\033[2m[a password of %d characters, shown here to nobody]\033[0m" % len(password))
    _, rec = journal.generated(SSMRESET_USER="demo", SSMRESET_GENERATED="yes")
    for k in ("SSMRESET_RESULT", "SSMRESET_GENERATED", "SSMRESET_RECIPIENT", "SSMRESET_VERIFIED"):
        print("  %-20s %s" % (k, rec.get(k)))
    in_session = password in transcript
    opens, old_opens = login_ok("demo", password), login_ok("demo", GOOD)
    print("  the password is in the session's transcript: %s" % ("YES" if in_session else "no"))
    print("  the decrypted password opens the account: %s" % ("yes" if opens else "NO"))
    print("  the typed one before it still does: %s" % ("YES" if old_opens else "no"))
    return opens and not old_opens and not in_session and rec.get("SSMRESET_RECIPIENT") == r.fingerprint


def main():
    assert os.environ.get("SSMRESET_SANDBOX") == "1", "run me through tests/sandbox/sandbox-run"
    acct = Account.create("demo")
    banner("A local account 'demo' with an old password (sandboxed /etc/shadow)")
    print(subprocess.run(["getent", "passwd", "demo"], capture_output=True, text=True).stdout.strip())

    banner("The session runs: ssmreset demo   (as the agent does, under ssm-session-worker %s)" % SESSION)
    journal = Journal()     # records from here on
    p = Pty([WORKER, SESSION, "%s demo" % os.path.join(BUILD, "ssmreset")])
    shown = 0

    def show():
        nonlocal shown
        sys.stdout.write(p.text[shown:].replace("\r\n", "\n"))
        sys.stdout.flush()
        shown = len(p.text)

    try:
        p.expect(rb"New password: ")
        show()
        type_secret(p, "abc", "a weak password")
        p.expect(rb"New password: ")
        show()
        type_secret(p, GOOD, "a strong password")
        p.expect(rb"Retype new password: ")
        show()
        type_secret(p, GOOD, "it again")
        rc = p.wait()
        show()
    finally:
        p.close()
    print("exit status: %d" % rc)

    banner("The journal record (journalctl SYSLOG_IDENTIFIER=ssmreset -o json)")
    rec = journal.wait_for(SSMRESET_USER="demo")[-1]
    for k in ("MESSAGE", "MESSAGE_ID", "PRIORITY", "SSMRESET_USER", "SSMRESET_RESULT",
              "SSMRESET_SESSION_ID", "SSMRESET_REQUESTER", "SSMRESET_VERIFIED", "SSMRESET_TRIES"):
        print("  %-20s %s" % (k, rec.get(k)))

    banner("Login check through PAM (pam_unix auth + account)")
    new_ok, old_ok = login_ok("demo", GOOD), login_ok("demo", INITIAL)
    print("  new password opens the account: %s" % ("yes" if new_ok else "NO"))
    print("  old password opens the account: %s" % ("YES" if old_ok else "no"))
    ok = rc == 0 and new_ok and not old_ok and rec.get("SSMRESET_RESULT") == "CHANGED"

    ok = generated(journal) and ok
    acct.delete()
    banner("Demo %s" % ("succeeded" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
