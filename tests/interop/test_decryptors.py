# SPDX-License-Identifier: Apache-2.0
"""Who opens what ssmreset --generate delivers. The ciphertext is made by
ssmreset's own code (tests/helpers/cms-encrypt, crypto/recipient-openssl.c)
to certificates the openssl command makes, as a requester would, and opened
by:

- the openssl command of this host (OpenSSL 3 here; on Debian 11, make
  check's tests open it with OpenSSL 1.1.1);
- PKI.js under Node (tests/interop/pkijs-decrypt.mjs, the version pinned in
  package-lock.json).

What is found is asserted both ways: a decryptor that stops opening a kind,
or starts opening one README.md says it cannot, fails here."""
import base64
import os
import re
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("SSMRESET_BUILD_DIR", os.path.join(HERE, "..", ".."))
CMS_ENCRYPT = os.path.join(BUILD, "tests", "helpers", "cms-encrypt")
PKIJS = os.path.join(HERE, "pkijs-decrypt.mjs")
SECRET = "Kq7#vP2x!Lm9@Zr4&Tb8$Wn1-Ünï"

KINDS = {
    "rsa3072": ["-newkey", "rsa:3072", "-addext", "keyUsage=critical,keyEncipherment"],
    "rsa4096": ["-newkey", "rsa:4096"],
    "p256": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-addext", "keyUsage=critical,keyAgreement"],
    "p384": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
}


def run(argv, data=None):
    return subprocess.run(argv, input=data, capture_output=True)


def openssl(*args, data=None):
    r = run(["openssl", *args], data)
    assert r.returncode == 0, (args, r.stderr)
    return r.stdout


def makes_auth_enveloped_data():
    version = openssl("version").decode()
    m = re.match(r"OpenSSL (\d+)\.", version)
    return bool(m) and int(m.group(1)) >= 3


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """A key (PKCS#8 PEM, as openssl req writes it) and its self-signed
    certificate per kind."""
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for kind, newkey in KINDS.items():
        key, cert = folder / (kind + ".key"), folder / (kind + ".pem")
        openssl("req", "-x509", *newkey, "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                "-subj", "/CN=%s@example.com" % kind)
        made[kind] = (str(key), str(cert))
    return made


def encrypt(cert, cipher, encoding):
    r = run([CMS_ENCRYPT, cert, cipher, encoding], SECRET.encode())
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def to_der(text, encoding):
    if encoding == "base64":
        assert re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", text), text
        return base64.b64decode(text, validate=True)
    body = re.fullmatch(r"-----BEGIN CMS-----\n([A-Za-z0-9+/=\n]+)-----END CMS-----\n", text)
    assert body, text
    return base64.b64decode(body.group(1))


def message(keys, tmp_path, kind, cipher, encoding):
    """The DER of a ciphertext to kind's certificate, in a file."""
    rc, text, err = encrypt(keys[kind][1], cipher, encoding)
    assert rc == 0, err
    path = tmp_path / "message.der"
    path.write_bytes(to_der(text, encoding))
    return path


@pytest.mark.parametrize("encoding", ["pem", "base64"])
@pytest.mark.parametrize("cipher", ["aes-256-cbc", "aes-256-gcm"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_openssl_opens_every_kind(keys, tmp_path, kind, cipher, encoding):
    key, cert = keys[kind]
    if cipher == "aes-256-gcm" and not makes_auth_enveloped_data():
        rc, text, err = encrypt(cert, cipher, encoding)
        assert rc == 2 and text == "" and "cannot make CMS AuthEnvelopedData" in err
        return
    path = message(keys, tmp_path, kind, cipher, encoding)
    out = openssl("cms", "-decrypt", "-inform", "DER", "-in", str(path), "-inkey", key, "-recip", cert)
    assert out.decode() == SECRET
    structure = openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", str(path)).decode()
    assert ("id-smime-ct-authEnvelopedData" if cipher == "aes-256-gcm" else "pkcs7-envelopedData") in structure


def pkijs(keys, kind, path):
    key, cert = keys[kind]
    r = run(["node", PKIJS, key, cert, str(path)])
    return r.returncode, r.stdout.decode(), r.stderr.decode()


@pytest.mark.parametrize("encoding", ["pem", "base64"])
@pytest.mark.parametrize("kind", ["rsa3072", "rsa4096"])
def test_pkijs_opens_enveloped_data_to_rsa(keys, tmp_path, kind, encoding):
    """EnvelopedData, AES-256-CBC, RSA-OAEP with SHA-256: PKI.js opens it."""
    rc, out, err = pkijs(keys, kind, message(keys, tmp_path, kind, "aes-256-cbc", encoding))
    assert (rc, out) == (0, SECRET), err


@pytest.mark.parametrize("kind", ["p256", "p384"])
def test_pkijs_cannot_open_enveloped_data_to_ec(keys, tmp_path, kind):
    """ECDH: PKI.js (3.4 and 4.0) puts an empty entityUInfo into the
    ECC-CMS-SharedInfo its KDF hashes when the message carries no ukm;
    RFC 5753 (7.2) and OpenSSL leave it out, and OpenSSL writes no ukm. The
    keys differ, and the unwrap fails. (PKI.js's own EC messages carry a
    ukm, and OpenSSL opens those.)"""
    rc, out, err = pkijs(keys, kind, message(keys, tmp_path, kind, "aes-256-cbc", "pem"))
    assert rc == 1 and out == "", out
    assert "operation-specific reason" in err or "OperationError" in err, err


def test_pkijs_cannot_open_auth_enveloped_data(keys, tmp_path):
    """PKI.js has no AuthEnvelopedData (RFC 5083)."""
    if not makes_auth_enveloped_data():
        pytest.fail("this suite runs where OpenSSL 3 makes AuthEnvelopedData (Debian 12)")
    rc, out, err = pkijs(keys, "rsa3072", message(keys, tmp_path, "rsa3072", "aes-256-gcm", "pem"))
    assert rc == 1 and out == ""
    assert "1.2.840.113549.1.9.16.1.23 is not EnvelopedData" in err, err
