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
