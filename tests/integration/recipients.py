# SPDX-License-Identifier: Apache-2.0
"""Recipient certificates for --generate, made and used with the openssl
command as a requester would: one-time keys, certificates good and bad, and
decrypting what ssmreset returns."""
import base64
import os
import re
import subprocess

KEY_ENCIPHERMENT = "keyUsage=critical,keyEncipherment"
KEY_AGREEMENT = "keyUsage=critical,keyAgreement"

# An openssl ca configuration for certificates with chosen dates (openssl
# req -x509 in OpenSSL 3.0 only counts days from now).
CA_CONFIG = """[ca]
default_ca = ca_default
[ca_default]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
[policy_any]
commonName = supplied
"""


def openssl(*args, cwd=None, data=None):
    r = subprocess.run(["openssl", *args], cwd=cwd, input=data, capture_output=True)
    assert r.returncode == 0, "openssl %s: %s" % (" ".join(args), r.stderr.decode("utf-8", "replace"))
    return r.stdout


class Recipient:
    """A key and its self-signed certificate, in folder: key.pem, cert.pem."""

    def __init__(self, folder, name, key, usage=KEY_ENCIPHERMENT, dates=None):
        """key: "rsa:BITS", "rsa-pss:BITS", "ec:CURVE" or "ed25519"; dates: (notBefore, notAfter) as
        YYYYMMDDHHMMSSZ, or None for from now on for 30 days."""
        self.dir = os.path.join(folder, name)
        os.makedirs(self.dir, exist_ok=True)
        self.key = os.path.join(self.dir, "key.pem")
        self.cert = os.path.join(self.dir, "cert.pem")
        subject = "/CN=%s@example.com" % name
        kind, _, param = key.partition(":")
        newkey = {"ec": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + param],
                  "rsa-pss": ["-newkey", "rsa-pss", "-pkeyopt", "rsa_keygen_bits:" + param]}.get(kind, ["-newkey", key])
        if dates is None:
            openssl("req", "-x509", *newkey, "-nodes", "-keyout", self.key, "-out", self.cert,
                    "-days", "30", "-subj", subject, "-addext", usage)
        else:
            with open(os.path.join(self.dir, "ca.cnf"), "w") as f:
                f.write(CA_CONFIG)
            open(os.path.join(self.dir, "index.txt"), "w").close()
            with open(os.path.join(self.dir, "serial"), "w") as f:
                f.write("01\n")
            openssl("req", "-new", *newkey, "-nodes", "-keyout", self.key, "-out", "csr.pem",
                    "-subj", subject, "-addext", usage, cwd=self.dir)
            openssl("ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", self.key, "-in", "csr.pem",
                    "-out", self.cert, "-startdate", dates[0], "-enddate", dates[1], "-notext", cwd=self.dir)

    @property
    def pem(self):
        with open(self.cert) as f:
            return f.read()

    @property
    def fingerprint(self):
        """The certificate's SHA-256 fingerprint: 64 lowercase hex digits."""
        out = openssl("x509", "-in", self.cert, "-noout", "-fingerprint", "-sha256").decode()
        return out.strip().split("=", 1)[1].replace(":", "").lower()

    def decrypt(self, cms_pem):
        """What the requester runs: openssl cms -decrypt. Returns the text."""
        data = cms_pem.encode() if isinstance(cms_pem, str) else cms_pem
        return openssl("cms", "-decrypt", "-inform", "PEM", "-inkey", self.key, "-recip", self.cert,
                       data=data).decode()

    def decrypt_base64(self, line):
        """The same for --encoding base64: one line of base64 DER, decoded
        as `base64 -d` does, then openssl cms -decrypt -inform DER."""
        der = base64.b64decode(line, validate=True)
        return openssl("cms", "-decrypt", "-inform", "DER", "-inkey", self.key, "-recip", self.cert,
                       data=der).decode()

    def cms_structure(self, cms_pem):
        data = cms_pem.encode() if isinstance(cms_pem, str) else cms_pem
        return openssl("cms", "-cmsout", "-print", "-inform", "PEM", data=data).decode()


def crypto_library():
    """The crypto library ssmreset was built with, as --version names it:
    ("OpenSSL", (3, 0, 19))."""
    from harness import BUILD
    out = subprocess.run([os.path.join(BUILD, "ssmreset"), "--version"], capture_output=True, text=True).stdout
    m = re.search(r"^crypto: (\S+) (\d+)\.(\d+)\.(\d+)", out, re.M)
    assert m, out
    return m.group(1), tuple(int(g) for g in m.groups()[1:])


def makes_auth_enveloped_data():
    """OpenSSL 3.0 and later make AuthEnvelopedData; 1.1.1 cannot."""
    name, version = crypto_library()
    return name == "OpenSSL" and version >= (3, 0, 0)


def cms_block(text):
    """The one PEM CMS block in text (an interactive run's transcript)."""
    blocks = re.findall(r"-----BEGIN CMS-----\r?\n.*?-----END CMS-----", text, re.S)
    assert len(blocks) == 1, "expected one CMS block, found %d in %r" % (len(blocks), text)
    return blocks[0].replace("\r\n", "\n") + "\n"


# Forged keys: certificates a careless or hostile requester could hand over,
# made with the openssl command around a public key built here in DER.

def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _tlv(tag, value):
    return bytes([tag]) + _der_len(len(value)) + value


def _integer(x):
    return _tlv(0x02, x.to_bytes(x.bit_length() // 8 + 1, "big"))


RSA_ENCRYPTION = bytes.fromhex("06092a864886f70d010101") + bytes.fromhex("0500")


def rsa_with_exponent(folder, name, e):
    """A certificate, signed by a throwaway CA, whose RSA 3072 key has the
    public exponent e (1: the "ciphertext" would be the password itself)."""
    d = os.path.join(folder, name)
    os.makedirs(d, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
            "-subj", "/CN=throwaway-ca", cwd=d)
    openssl("req", "-new", "-newkey", "rsa:3072", "-nodes", "-keyout", "key.pem", "-out", "req.csr",
            "-subj", "/CN=%s@example.com" % name, cwd=d)
    modulus = int(openssl("rsa", "-in", "key.pem", "-noout", "-modulus", cwd=d).decode().split("=")[1], 16)
    spki = _tlv(0x30, _tlv(0x30, RSA_ENCRYPTION) +
                _tlv(0x03, b"\x00" + _tlv(0x30, _integer(modulus) + _integer(e))))
    with open(os.path.join(d, "pub.pem"), "w") as f:
        f.write("-----BEGIN PUBLIC KEY-----\n%s-----END PUBLIC KEY-----\n" % base64.encodebytes(spki).decode())
    with open(os.path.join(d, "ext"), "w") as f:
        f.write(KEY_ENCIPHERMENT + "\n")
    openssl("x509", "-req", "-in", "req.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-force_pubkey", "pub.pem", "-out", "cert.pem", "-days", "30", "-extfile", "ext", cwd=d)
    return os.path.join(d, "cert.pem")


def ec_point_off_its_curve(folder, name, cert):
    """cert (an EC P-256 certificate) with the last byte of its public point
    changed: a point that is not on the curve (its signature no longer
    matches, which ssmreset does not look at: it trusts no issuer)."""
    der = bytearray(openssl("x509", "-in", cert, "-outform", "DER"))
    at = der.find(bytes.fromhex("034200"))
    assert at > 0 and der[at + 3] == 0x04, "no uncompressed P-256 point found"
    der[at + 3 + 64] ^= 0x01
    path = os.path.join(folder, name + ".pem")
    with open(path, "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\n%s-----END CERTIFICATE-----\n" % base64.encodebytes(bytes(der)).decode())
    return path


def with_text(folder, name, cert, before="", after=""):
    """cert's PEM with text before or after the block."""
    path = os.path.join(folder, name + ".pem")
    with open(cert) as f, open(path, "w") as out:
        out.write(before + f.read() + after)
    return path
