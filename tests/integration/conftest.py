# SPDX-License-Identifier: Apache-2.0
"""Fixtures for tests that run the real ssmreset against real PAM, real
/etc files and a real journald, inside tests/sandbox/sandbox-run."""
import os
import shutil
import socket
import subprocess

import pytest

from harness import BUILD, DEV_LOG, Account, Journal, PamService, shadow_bytes, start_journald, stop_journald


def _etc_is_sandbox_overlay():
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            sep = fields.index("-")
            if fields[4] == "/etc" and fields[sep + 1] == "overlay" and "ssmreset-sandbox" in line:
                return True
    return False


def pytest_sessionstart(session):
    # The one guard between these tests and the machine's own /etc/shadow.
    if os.environ.get("SSMRESET_SANDBOX") != "1" or not _etc_is_sandbox_overlay():
        pytest.exit("integration tests must run inside tests/sandbox/sandbox-run "
                    "(/etc is not the sandbox overlay)", returncode=3)


@pytest.fixture
def account(request):
    """A fresh local account with a known password."""
    name = "u%s" % (abs(hash(request.node.nodeid)) % 10**8)
    acct = Account.create(name)
    yield acct
    acct.delete()


@pytest.fixture
def journal():
    return Journal()


@pytest.fixture
def shadow():
    """The shadow file as it was when the test began."""
    return shadow_bytes()


@pytest.fixture
def ssmreset():
    return os.path.join(BUILD, "ssmreset")


@pytest.fixture
def pam_service():
    """The sandbox's /etc/pam.d/ssmreset, editable for one test."""
    svc = PamService("ssmreset")
    yield svc
    svc.restore()


@pytest.fixture
def common_password():
    svc = PamService("common-password")
    yield svc
    svc.restore()


@pytest.fixture(params=["debian", "rpm"])
def stack(request):
    """The ssmreset service over Debian's stack, then over the RPM's
    (stacks.py), put back afterwards."""
    from stacks import Stack
    s = Stack(request.param)
    yield s
    s.restore()


@pytest.fixture
def no_journald():
    """The sandbox's journald stopped for one test, running again after it."""
    stop_journald()
    yield
    start_journald()


@pytest.fixture
def syslog_listener(no_journald):
    """journald stopped, and a syslog daemon's socket on /dev/log in its place."""
    os.unlink(DEV_LOG)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(DEV_LOG)
    os.chmod(DEV_LOG, 0o666)
    s.settimeout(5)
    yield s
    s.close()
    os.unlink(DEV_LOG)


@pytest.fixture(scope="session")
def ssmreset_for_anyone():
    """ssmreset where any user can run it: the build tree may sit under a
    folder only root can enter (/root on a fresh machine). A copy in a
    world-readable folder of the sandbox's /run."""
    folder = "/run/ssmreset-for-anyone"
    os.makedirs(folder, mode=0o755, exist_ok=True)
    os.chmod(folder, 0o755)
    path = os.path.join(folder, "ssmreset")
    shutil.copy2(os.path.join(BUILD, "ssmreset"), path)
    os.chmod(path, 0o755)
    return path


@pytest.fixture(scope="session")
def recipients(tmp_path_factory):
    """One-time keys and certificates, as requesters make them: the good
    ones (RSA 3072, P-256, P-384) and those ssmreset must refuse."""
    from recipients import KEY_AGREEMENT, Recipient
    folder = str(tmp_path_factory.mktemp("recipients"))
    made = {
        "rsa3072": Recipient(folder, "rsa3072", "rsa:3072"),
        "p256": Recipient(folder, "p256", "ec:P-256", KEY_AGREEMENT),
        "p384": Recipient(folder, "p384", "ec:P-384", KEY_AGREEMENT),
        "rsa2048": Recipient(folder, "rsa2048", "rsa:2048"),
        "p521": Recipient(folder, "p521", "ec:P-521", KEY_AGREEMENT),
        "ed25519": Recipient(folder, "ed25519", "ed25519", "keyUsage=critical,digitalSignature"),
        "signing-only": Recipient(folder, "signing", "ec:P-256", "keyUsage=critical,digitalSignature"),
        "expired": Recipient(folder, "expired", "ec:P-256", KEY_AGREEMENT,
                             dates=("20200101000000Z", "20210101000000Z")),
        "not-yet-valid": Recipient(folder, "future", "ec:P-256", KEY_AGREEMENT,
                                   dates=("20400101000000Z", "20410101000000Z")),
    }
    made["rsa-pss"] = Recipient(folder, "rsapss", "rsa-pss:3072")
    made["encipher-only"] = Recipient(folder, "encipher", "ec:P-256", "keyUsage=critical,keyAgreement,encipherOnly")

    def joined(name, *parts):
        path = os.path.join(folder, name)
        with open(path, "w") as f:
            for p in parts:
                with open(p) as part:
                    f.write(part.read())
        return path

    from recipients import ec_point_off_its_curve, rsa_with_exponent, with_text
    for e in (1, 3, 65536):
        made["rsa-exponent-%d" % e] = rsa_with_exponent(folder, "exponent%d" % e, e)
    made["ec-point-off-the-curve"] = ec_point_off_its_curve(folder, "offcurve", made["p256"].cert)
    made["text-after"] = with_text(folder, "textafter", made["p256"].cert, after="Certificate requested by jane\n")
    made["text-before"] = with_text(folder, "textbefore", made["p256"].cert,
                                    before="subject=CN = p256@example.com\n")
    made["with-private-key"] = joined("with-key.pem", made["p256"].key, made["p256"].cert)
    made["bundle"] = joined("bundle.pem", made["p256"].cert, made["p384"].cert)
    garbage = os.path.join(folder, "garbage.pem")
    with open(garbage, "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    made["garbage"] = garbage
    return made
