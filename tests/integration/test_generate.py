# SPDX-License-Identifier: Apache-2.0
"""ssmreset --generate --recipient CERT: the host makes the password from its
own policy and returns it only encrypted (CMS) to the requester's
certificate. End to end in the sandbox: the ciphertext is decrypted with the
openssl command, as the requester does, and the password opens the account
through a real PAM auth stack. Certificates that do not do are BAD_REQUEST
before anything changes."""
import base64
import json
import os
import re
import signal
import subprocess
import time

import pytest

from harness import GOOD, INITIAL, Pty, login_ok, run_pty, shadow_bytes, shadow_line
from hardening import json_result, run_batch
from recipients import cms_block, makes_auth_enveloped_data

PEM_INSTRUCTIONS = "openssl cms -decrypt -inform PEM -in FILE -inkey KEY.pem -recip CERT.pem"
BASE64_INSTRUCTIONS = "base64 -d FILE | openssl cms -decrypt -inform DER -inkey KEY.pem -recip CERT.pem"
BASE64_LINE = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def assert_generated(password, minimum=20):
    assert len(password) >= minimum, len(password)
    assert all(0x21 <= ord(c) <= 0x7e for c in password), "not printable ASCII without spaces"


def test_generated_password_reaches_only_the_requester(ssmreset, account, journal, recipients):
    """An interactive run: no prompt, the ciphertext as PEM, then the result.
    The requester's openssl decrypts it, and it opens the account."""
    r = recipients["rsa3072"]
    p = Pty([ssmreset, "--generate", "--recipient", r.cert, "--session-id", "ops@example.com-0a1b2c3d4e5f",
             account.name])
    try:
        rc = p.wait()
        transcript = p.text
        assert p.echo_on()
    finally:
        p.close()
    assert rc == 0, transcript
    assert "password:" not in transcript
    assert re.search(r"ssmreset: CHANGED: the password of '%s' was changed and verified" % account.name, transcript)
    assert r.fingerprint in transcript
    assert PEM_INSTRUCTIONS in transcript
    password = r.decrypt(cms_block(transcript))
    assert_generated(password)
    assert password not in transcript
    assert login_ok(account.name, password)
    assert not login_ok(account.name, INITIAL)
    assert shadow_line(account.name).split(":")[1].startswith("$y$")
    # The ciphertext left before the password was set: it stands above the result.
    assert transcript.index("-----END CMS-----") < transcript.index("ssmreset: CHANGED")

    pending, rec = journal.generated(SSMRESET_USER=account.name)
    assert pending["SSMRESET_CIPHERTEXT"].strip() == cms_block(transcript).strip()
    assert pending["MESSAGE"] == ("ssmreset: password of '%s' being changed to a generated one, already delivered "
                                  "encrypted to certificate %s...; the result follows (session "
                                  "ops@example.com-0a1b2c3d4e5f, requested by ops@example.com)"
                                  % (account.name, r.fingerprint[:16]))
    assert rec["SSMRESET_RESULT"] == "CHANGED"
    assert rec["SSMRESET_GENERATED"] == "yes"
    assert rec["SSMRESET_RECIPIENT"] == r.fingerprint
    assert rec["SSMRESET_REQUESTER"] == "ops@example.com"
    assert rec["SSMRESET_VERIFIED"] == "yes"
    assert rec["MESSAGE"] == ("ssmreset: password of '%s' generated and changed, delivered encrypted to "
                              "certificate %s... (session ops@example.com-0a1b2c3d4e5f, requested by "
                              "ops@example.com)" % (account.name, r.fingerprint[:16]))
    assert password.encode() not in journal.export_text()


def test_the_ciphertext_is_cms_enveloped_data_with_aes_256_cbc_and_rsa_oaep(ssmreset, account, recipients):
    """By default: EnvelopedData with AES-256-CBC, which OpenSSL 1.1.1+,
    .NET, PowerShell and PKI.js open."""
    r = recipients["rsa3072"]
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem})
    assert rc == 0, res
    structure = r.cms_structure(res["encrypted_password"])
    assert "contentType: pkcs7-envelopedData" in structure
    assert "algorithm: aes-256-cbc" in structure
    assert "authEnvelopedData" not in structure and "gcm" not in structure
    assert "algorithm: rsaesOaep" in structure
    # OAEP's parameters: SHA-256 as its hash and as MGF1's (the default,
    # SHA-1, would be absent from the parameters).
    assert len(re.findall(r"OBJECT +:sha256\n", structure)) == 2, structure
    assert re.search(r"OBJECT +:mgf1\n", structure)
    assert login_ok(account.name, r.decrypt(res["encrypted_password"]))


@pytest.mark.parametrize("how", ["command line", "batch"])
@pytest.mark.parametrize("kind", ["rsa3072", "p256"])
def test_auth_enveloped_data_on_request(ssmreset, account, journal, shadow, recipients, how, kind):
    """--cipher aes-256-gcm (the request's "cipher"): AuthEnvelopedData,
    where the library makes it (OpenSSL 3); OpenSSL 1.1.1 (Debian 11)
    cannot make AES-GCM CMS at all, and ssmreset says so before anything is
    made or changed."""
    r = recipients[kind]
    if how == "batch":
        rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem,
                                "cipher": "aes-256-gcm"})
    else:
        out = subprocess.run([ssmreset, "--json", "--generate", "--recipient", r.cert, "--cipher", "aes-256-gcm",
                              account.name], stdin=subprocess.DEVNULL, capture_output=True)
        rc, res = out.returncode, json_result(out.stdout)
    if not makes_auth_enveloped_data():
        assert (rc, res["status"]) == (2, "BAD_REQUEST"), res
        assert res["reason"].startswith("this host's crypto library, OpenSSL 1.1.1"), res
        assert "cannot make CMS AuthEnvelopedData (aes-256-gcm; OpenSSL 3.0 or later can)" in res["reason"]
        assert res["encrypted_password"] is None and res["changed"] is False
        assert shadow_bytes() == shadow
        assert login_ok(account.name, INITIAL)
        [rec] = journal.wait_for(SSMRESET_USER=account.name)
        assert rec["SSMRESET_RESULT"] == "BAD_REQUEST"
        return
    assert rc == 0 and res["status"] == "CHANGED", res
    structure = r.cms_structure(res["encrypted_password"])
    assert "contentType: id-smime-ct-authEnvelopedData" in structure
    assert "algorithm: aes-256-gcm" in structure
    assert ("algorithm: rsaesOaep" if kind == "rsa3072" else "dhSinglePass-stdDH-sha256kdf-scheme") in structure
    password = r.decrypt(res["encrypted_password"])
    assert_generated(password)
    assert login_ok(account.name, password)


@pytest.mark.parametrize("kind", ["rsa3072", "p384"])
def test_base64_encoding_is_one_line_of_der(ssmreset, account, recipients, kind):
    """--encoding base64 (and the request's "encoding"): the DER in base64
    on one line, no PEM label, for tools that take none."""
    r = recipients[kind]
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem,
                            "encoding": "base64"})
    assert rc == 0, res
    line = res["encrypted_password"]
    assert BASE64_LINE.fullmatch(line), line
    password = r.decrypt_base64(line)
    assert_generated(password)
    assert login_ok(account.name, password)
    p = Pty([ssmreset, "--generate", "--recipient", r.cert, "--encoding", "base64", account.name])
    try:
        assert p.wait() == 0, p.text
        transcript = p.text.replace("\r\n", "\n")
    finally:
        p.close()
    assert BASE64_INSTRUCTIONS in transcript and "BEGIN CMS" not in transcript
    [line] = [l for l in transcript.splitlines() if len(l) > 200]
    assert BASE64_LINE.fullmatch(line), line
    password = r.decrypt_base64(line)
    assert password not in transcript
    assert login_ok(account.name, password)


@pytest.mark.parametrize("curve", ["p256", "p384"])
def test_batch_generate_to_an_ec_key(ssmreset, account, journal, recipients, curve):
    """--batch with "generate": true and the certificate inline: ECDH
    (ephemeral-static, X9.63 KDF with SHA-256, AES-256 key wrap)."""
    r = recipients[curve]
    rc, res, err = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem,
                              "session_id": "ops@example.com-0a1b2c3d4e5f"})
    assert rc == 0, (res, err)
    assert res["status"] == "CHANGED" and res["verified"] and res["changed"]
    assert res["generated"] is True
    assert res["recipient"] == r.fingerprint
    assert "password" not in res
    structure = r.cms_structure(res["encrypted_password"])
    assert "dhSinglePass-stdDH-sha256kdf-scheme" in structure
    assert "id-aes256-wrap" in structure
    password = r.decrypt(res["encrypted_password"])
    assert_generated(password)
    assert login_ok(account.name, password)
    assert not login_ok(account.name, INITIAL)
    pending, rec = journal.generated(SSMRESET_USER=account.name)
    assert rec["SSMRESET_GENERATED"] == "yes" and rec["SSMRESET_RECIPIENT"] == r.fingerprint
    assert r.decrypt(pending["SSMRESET_CIPHERTEXT"]) == password


def test_json_result_of_an_interactive_run(ssmreset, account, recipients):
    r = recipients["p256"]
    out = subprocess.run([ssmreset, "--json", "--generate", "--recipient", r.cert, account.name],
                         stdin=subprocess.DEVNULL, capture_output=True)
    assert out.returncode == 0, out
    res = json_result(out.stdout)
    assert res["mode"] == "reset" and res["generated"] is True
    assert login_ok(account.name, r.decrypt(res["encrypted_password"]))


def test_expire_with_a_generated_password(ssmreset, account, recipients):
    """--expire holds as for a typed password: the person who decrypts it
    must choose their own at the next login."""
    r = recipients["p256"]
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem,
                            "expire": True})
    assert rc == 0, res
    assert res["expired"] is True
    assert shadow_line(account.name).split(":")[2] == "0"


def test_each_run_makes_another_password(ssmreset, account, recipients):
    r = recipients["p256"]
    seen = set()
    for _ in range(3):
        rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem})
        assert rc == 0, res
        seen.add(r.decrypt(res["encrypted_password"]))
    assert len(seen) == 3


def test_a_strict_policy_on_the_module_line_is_met(ssmreset, account, pam_service, recipients):
    pam_service.module_options("minlen=40", "minclass=4", "maxrepeat=1", "maxsequence=2", "dictcheck=1",
                               "usercheck=1", "badwords=Sunshine")
    r = recipients["p384"]
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": r.pem})
    assert rc == 0, res
    password = r.decrypt(res["encrypted_password"])
    assert_generated(password, minimum=40)
    assert all(password[i] != password[i + 1] for i in range(len(password) - 1))
    assert login_ok(account.name, password)


BAD_CERTIFICATES = {
    "rsa2048": "the recipient certificate's RSA key has 2048 bits: at least 3072 are needed",
    "p521": "the recipient certificate's EC key is on the curve secp521r1: only P-256 (prime256v1) and "
            "P-384 (secp384r1) are taken",
    "ed25519": "the recipient certificate's key is neither RSA (3072 bits or more) nor EC (P-256 or P-384)",
    "signing-only": "the recipient certificate is not for encryption: its key usage lacks keyAgreement",
    "expired": "the recipient certificate expired on 2021-01-01",
    "not-yet-valid": "the recipient certificate is not valid before 2040-01-01",
    "garbage": "the recipient certificate does not parse (an X.509 certificate in PEM or DER is expected)",
    "rsa-pss": "the recipient certificate's key is RSA-PSS, which is for signatures only",
    "encipher-only": "the recipient certificate's key usage is encipherOnly: its key may not decipher",
    "with-private-key": "the recipient certificate comes with a private key: give the certificate alone, and keep "
                        "the key to yourself",
    "bundle": "the recipient certificate is one of 2 certificates: give the requester's certificate alone",
    "rsa-exponent-1": "the recipient certificate's RSA key has a public exponent that is even or below 65537",
    "rsa-exponent-3": "the recipient certificate's RSA key has a public exponent that is even or below 65537",
    "rsa-exponent-65536": "the recipient certificate's RSA key has a public exponent that is even or below 65537",
    "ec-point-off-the-curve": "the recipient certificate's key cannot be read",
    "text-after": "the recipient certificate file has text after its PEM block: give the certificate alone",
    "text-before": "the recipient certificate file has text before its PEM block: give the certificate alone",
}


def cert_path(recipients, kind):
    x = recipients[kind]
    return x if isinstance(x, str) else x.cert


@pytest.mark.parametrize("kind", sorted(BAD_CERTIFICATES))
def test_a_certificate_that_does_not_do_changes_nothing(ssmreset, account, journal, shadow, recipients, kind):
    """Refused before anything is made or changed, in words, on the command
    line and in --batch alike."""
    path = cert_path(recipients, kind)
    out = subprocess.run([ssmreset, "--generate", "--recipient", path, account.name], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True)
    assert out.returncode == 2, out
    assert "ssmreset: BAD_REQUEST: " + BAD_CERTIFICATES[kind] in out.stdout, out.stdout
    assert "BEGIN CMS" not in out.stdout + out.stderr
    with open(path) as f:
        pem = f.read()
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True, "recipient": pem})
    assert (rc, res["status"]) == (2, "BAD_REQUEST"), res
    assert BAD_CERTIFICATES[kind] in res["reason"]
    assert res["encrypted_password"] is None and res["changed"] is False
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)
    recs = journal.wait_for(count=2, SSMRESET_USER=account.name)
    assert {r["SSMRESET_RESULT"] for r in recs} == {"BAD_REQUEST"}
    assert {r["SSMRESET_GENERATED"] for r in recs} == {"yes"}


def test_a_missing_certificate_file_changes_nothing(ssmreset, account, shadow, tmp_path):
    out = subprocess.run([ssmreset, "--generate", "--recipient", str(tmp_path / "nowhere.pem"), account.name],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert out.returncode == 2, out
    assert "cannot read the recipient certificate %s: No such file or directory" % (tmp_path / "nowhere.pem") \
        in out.stdout
    assert shadow_bytes() == shadow


def test_a_refused_account_gets_no_password(ssmreset, journal, shadow, recipients):
    """A system account (below UID_MIN) is refused by local policy: nothing
    is delivered, nothing changes."""
    name = "gensys"
    subprocess.run(["userdel", name], stderr=subprocess.DEVNULL)
    subprocess.run(["useradd", "-r", "-M", name], check=True)
    try:
        before = shadow_bytes()
        r = recipients["p256"]
        rc, res, _ = run_batch({"version": 1, "username": name, "generate": True, "recipient": r.pem})
        assert (rc, res["status"]) == (4, "ACCOUNT_REFUSED"), res
        assert res["encrypted_password"] is None
        assert shadow_bytes() == before
    finally:
        subprocess.run(["userdel", name], stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("argv,message", [
    (["--generate", "USER"], "--generate needs --recipient FILE"),
    (["--recipient", "CERT", "USER"], "--recipient goes with --generate"),
    (["--generate", "--recipient", "CERT", "--check", "USER"], "--generate goes with a reset, not with --check"),
    (["--generate", "--recipient", "CERT", "--recipient", "CERT", "USER"], "--recipient given twice"),
    (["--generate", "--recipient", "CERT", "--tries", "2", "USER"],
     "--tries is for typed passwords: --generate asks for none"),
    (["--generate", "--recipient", "CERT", "--cipher", "aes-128-cbc", "USER"],
     "--cipher takes aes-256-cbc or aes-256-gcm"),
    (["--generate", "--recipient", "CERT", "--encoding", "der", "USER"], "--encoding takes pem or base64"),
    (["--cipher", "aes-256-gcm", "USER"], "--cipher goes with --generate"),
    (["--generate", "--recipient", "CERT", "--cipher", "aes-256-gcm", "--cipher", "aes-256-gcm", "USER"],
     "--cipher given twice"),
    (["--generate", "--recipient", "CERT", "--encoding", "pem", "--encoding", "base64", "USER"],
     "--encoding given twice"),
    (["--encoding", "base64", "USER"], "--encoding goes with --generate"),
])
def test_options_that_do_not_go_together_are_usage_errors(ssmreset, account, shadow, recipients, argv, message):
    argv = [a.replace("USER", account.name).replace("CERT", recipients["p256"].cert) for a in argv]
    out = subprocess.run([ssmreset, *argv], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert out.returncode == 2, out
    assert message in out.stderr, out.stderr
    assert shadow_bytes() == shadow


def test_batch_takes_generate_in_the_request_not_on_the_command_line(ssmreset, shadow):
    """A usage error of --batch is answered in JSON, as --batch asks."""
    out = subprocess.run([ssmreset, "--batch", "--generate"], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True)
    assert out.returncode == 2, out
    res = json_result(out.stdout)
    assert (res["mode"], res["status"], res["audit"]) == ("usage", "BAD_REQUEST", "none")
    assert res["reason"] == "--batch takes \"generate\", \"passphrase\", \"recipient\", \"cipher\" and \"encoding\" in the request"
    assert shadow_bytes() == shadow


@pytest.mark.parametrize("request_fields,message", [
    ({"generate": True}, "\"generate\": true needs field 'recipient'"),
    ({"generate": True, "recipient": "PEM", "password": "Tulip-Granite-Orbit-73"},
     "field 'password' goes with a password given, not with \"generate\": true"),
    ({"recipient": "PEM", "password": "Tulip-Granite-Orbit-73"}, "field 'recipient' goes with \"generate\": true"),
    ({"generate": "yes", "recipient": "PEM"}, "generate"),
    ({"generate": True, "recipient": "PEM", "cipher": "des-ede3-cbc"}, "field 'cipher' must be aes-256-cbc or aes-256-gcm"),
    ({"generate": True, "recipient": "PEM", "encoding": "der"}, "field 'encoding' must be pem or base64"),
    ({"password": "Tulip-Granite-Orbit-73", "cipher": "aes-256-gcm"}, "field 'cipher' goes with \"generate\": true"),
    ({"password": "Tulip-Granite-Orbit-73", "encoding": "base64"}, "field 'encoding' goes with \"generate\": true"),
    ({"generate": True, "recipient": "PEM", "cipher": "aes-256-cbc\u0000"}, "field 'cipher' must be aes-256-cbc or"),
])
def test_requests_that_do_not_go_together_are_bad_requests(ssmreset, account, shadow, recipients, request_fields,
                                                          message):
    req = {"version": 1, "username": account.name}
    req.update({k: (recipients["p256"].pem if v == "PEM" else v) for k, v in request_fields.items()})
    rc, res, _ = run_batch(req)
    assert (rc, res["status"]) == (2, "BAD_REQUEST"), res
    assert message in res["reason"], res["reason"]
    assert shadow_bytes() == shadow


@pytest.mark.parametrize("kind", ["directory", "fifo"])
def test_a_recipient_that_is_not_a_file_is_refused_at_once(ssmreset, account, shadow, tmp_path, kind):
    """A FIFO would block the run for ever; a folder is no certificate."""
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    out = subprocess.run([ssmreset, "--generate", "--recipient", str(path), account.name], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=20)
    assert out.returncode == 2, out
    assert "the recipient certificate %s is not a regular file" % path in out.stdout, out.stdout
    assert shadow_bytes() == shadow


def test_a_der_certificate_in_a_request_is_told_where_it_goes(ssmreset, account, shadow, recipients):
    der = subprocess.run(["openssl", "x509", "-in", recipients["p256"].cert, "-outform", "DER"],
                         capture_output=True, check=True).stdout
    rc, res, _ = run_batch({"version": 1, "username": account.name, "generate": True,
                            "recipient": base64.b64encode(der).decode()})
    assert (rc, res["status"]) == (2, "BAD_REQUEST"), res
    assert "DER goes in a file, with --recipient" in res["reason"]
    assert shadow_bytes() == shadow


def test_a_der_certificate_file_is_taken(ssmreset, account, recipients, tmp_path):
    r = recipients["p256"]
    der = tmp_path / "cert.der"
    subprocess.run(["openssl", "x509", "-in", r.cert, "-outform", "DER", "-out", str(der)], check=True)
    out = subprocess.run([ssmreset, "--json", "--generate", "--recipient", str(der), account.name],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert out.returncode == 0, out
    assert login_ok(account.name, r.decrypt(json_result(out.stdout)["encrypted_password"]))


# Delivery -------------------------------------------------------------------
# The ciphertext is the only way to a generated password: it leaves before the
# password is set, and a ciphertext that standard output does not take whole
# means the password is not set at all.

@pytest.mark.parametrize("where", ["/dev/full", "closed", "pipe-nobody-reads", "reader-stops-early"])
def test_a_ciphertext_nobody_can_receive_changes_nothing(ssmreset, account, journal, recipients, shadow, where):
    r = recipients["p256"]
    argv = [ssmreset, "--json", "--generate", "--recipient", r.cert, account.name]
    if where == "/dev/full":
        with open("/dev/full", "w") as full:
            rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.DEVNULL).returncode
    elif where == "closed":
        rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=lambda: os.close(1)).returncode
    elif where == "pipe-nobody-reads":
        rd, wr = os.pipe()
        os.close(rd)
        rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=wr, stderr=subprocess.DEVNULL).returncode
        os.close(wr)
    else:
        # `ssmreset ... | head -c 300`: a reader that takes a part and goes.
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        head = subprocess.run(["head", "-c", "300"], stdin=p.stdout, capture_output=True, timeout=30)
        p.stdout.close()
        rc = p.wait(timeout=30)
        assert len(head.stdout) == 300
    assert rc == 8
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "SYSTEM_ERROR"
    assert rec["SSMRESET_CHANGED"] == "no" and rec["SSMRESET_GENERATED"] == "yes"
    assert "standard output did not take the ciphertext of the generated password whole" in rec["SSMRESET_REASON"]
    assert "nothing was changed" in rec["SSMRESET_REASON"]
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)


def test_a_reader_that_stops_reading_changes_nothing(ssmreset, account, journal, recipients, shadow):
    """A pipe whose reader neither reads nor closes: the wait for it ends
    after ten seconds, and nothing is set."""
    r = recipients["rsa3072"]
    rd, wr = os.pipe()
    # Fill the pipe but for a few bytes, so the ciphertext cannot all go in.
    os.set_blocking(wr, False)
    try:
        while True:
            os.write(wr, b"x" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(wr, True)
    started = time.monotonic()
    p = subprocess.Popen([ssmreset, "--generate", "--recipient", r.cert, account.name], stdin=subprocess.DEVNULL,
                         stdout=wr, stderr=subprocess.DEVNULL)
    os.close(wr)
    try:
        rc = p.wait(timeout=40)
    finally:
        os.close(rd)
    assert rc == 8
    assert time.monotonic() - started < 30
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert "within 10 seconds" in rec["SSMRESET_REASON"] and rec["SSMRESET_CHANGED"] == "no"
    assert shadow_bytes() == shadow


# Signals ----------------------------------------------------------------------
# Nobody answers prompts in --generate and --batch: a signal must not end the
# run between the store and the result, leaving a password nobody holds.

SLOW_STEP = "password required pam_exec.so quiet /bin/sleep 2"


# Python 3.9 (Debian 11) has no name for it; 16 on every Linux we ship for.
SIGSTKFLT = getattr(signal, "SIGSTKFLT", 16)

# Every signal whose default action ends a process and that can be held,
# the fault signals too when another process sends them.
HELD = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM,
        signal.SIGVTALRM, signal.SIGPROF, signal.SIGXCPU, signal.SIGXFSZ, signal.SIGIO, signal.SIGPWR,
        SIGSTKFLT, signal.SIGRTMIN, signal.SIGRTMAX, signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE,
        signal.SIGILL, signal.SIGTRAP, signal.SIGSYS, signal.SIGABRT]


@pytest.mark.parametrize("sig", HELD, ids=lambda s: s.name if hasattr(s, "name") else "SIGSTKFLT")
def test_a_signal_during_a_generated_reset_waits_for_its_end(ssmreset, account, journal, recipients, sig):
    from stacks import Stack
    stack = Stack("debian")
    try:
        stack.after_stack(SLOW_STEP)
        r = recipients["p256"]
        p = subprocess.Popen([ssmreset, "--json", "--generate", "--recipient", r.cert, account.name],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        time.sleep(1.0)                 # generated, stored, in the slow step
        p.send_signal(sig)
        out, _ = p.communicate(timeout=30)
    finally:
        stack.restore()
    assert p.returncode == 0, (p.returncode, out)
    res = json_result(out)
    assert res["status"] == "CHANGED"
    assert login_ok(account.name, r.decrypt(res["encrypted_password"]))
    _, rec = journal.generated(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "CHANGED"


def test_a_signal_during_a_batch_reset_waits_for_its_end(ssmreset, account, journal):
    from stacks import Stack
    stack = Stack("debian")
    try:
        stack.after_stack(SLOW_STEP)
        p = subprocess.Popen([ssmreset, "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        p.stdin.write(json.dumps({"version": 1, "username": account.name, "password": GOOD}).encode())
        p.stdin.close()
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        out = p.stdout.read()
        p.wait(timeout=30)
    finally:
        stack.restore()
    assert p.returncode == 0, (p.returncode, out)
    assert json_result(out)["status"] == "CHANGED"
    assert login_ok(account.name, GOOD)
    [rec] = journal.wait_for(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "CHANGED"
