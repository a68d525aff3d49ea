# SPDX-License-Identifier: Apache-2.0
"""Fleet rotation: the Command document SSMReset-RotatePassword (State
Manager, Run Command) and the Session document SSMReset-GeneratePassword,
both around `ssmreset --generate`.

The Linux step runs the way amazon-ssm-agent runs aws:runShellScript: the
parameters are pasted into the runCommand lines by the agent's rule
(agent/parameters/parameters.go: a line that is exactly one `{{ name }}`
becomes the value; elsewhere the pattern `{{\\s*name\\s*}}` is replaced
with Go's regexp.ReplaceAllString, which expands `$1`, `${x}` and `$$` in
the value), the lines are joined with newlines into `_script.sh` (mode
0700) in the orchestration folder, and `sh -c <that path>` runs it as root
in its own process group, with standard input empty and standard output
and error captured to files; exit 0 is Success, 194 Success and reboot,
anything else Failed (agent/plugins/runscript, pluginutil). The one liberty
taken: TMPDIR points at a folder of the test, so that what the script
leaves behind can be seen. There is no PowerShell here: the Windows steps
are checked as text, by PowerShell's quoting rules."""
import base64
import hashlib
import itertools
import json
import os
import re
import stat
import subprocess
import time

import pytest

from agent import (PS_DOUBLE_QUOTES, PS_SINGLE_QUOTES, agent_substitute, noninteractive_windows_script,
                   powershell_strings, session_client_view, shlex_split)
from harness import BUILD, INITIAL, WORKER, Pty, login_ok, shadow_bytes, shadow_line
from hardening import hash_matches, json_result
from recipients import makes_auth_enveloped_data

SRC = os.environ.get("SSMRESET_SRC_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
ROTATE = os.path.join(SRC, "ssm", "SSMReset-RotatePassword.json")
GENERATE = os.path.join(SRC, "ssm", "SSMReset-GeneratePassword.json")
PASSWORD_RESET = os.path.join(SRC, "ssm", "SSMReset-PasswordReset.json")
SSMRESET = os.path.join(BUILD, "ssmreset")
INSTALLED = "/usr/sbin/ssmreset"
WINDOWS_EXE = '"$env:ProgramFiles\\ssmreset\\ssmreset.exe"'
WINDOWS_EXE_UNQUOTED = "([IO.Path]::Combine($env:ProgramFiles, 'ssmreset', 'ssmreset.exe'))"
SESSION = "jane.doe@example.com-0a1b2c3d4e5f67890"
PARAMETERS = {"username", "certificate", "expire", "cipher", "passphrase", "breakGlass", "endSessions"}
CMS_BLOCK = re.compile(r"-----BEGIN CMS-----\n[A-Za-z0-9+/=\n]+-----END CMS-----\n")


def load(path):
    with open(path) as f:
        return json.load(f)


def steps(doc):
    return {s["precondition"]["StringEquals"][1]: s for s in doc["mainSteps"]}


def windows_lines():
    return steps(load(ROTATE))["Windows"]["inputs"]["runCommand"]


# The agent's parameter substitution ----------------------------------------

def test_the_substitution_mangles_dollars_as_go_does():
    """Why no `$` may reach a value: the agent's own substitution reads it."""
    line = "x '{{ username }}' y"
    assert agent_substitute(line, {"username": "a$1 b"}) == "x 'a b' y"
    assert agent_substitute(line, {"username": "a$1b"}) == "x 'a' y"          # $1b is ${1b}
    assert agent_substitute(line, {"username": "a${1}b"}) == "x 'ab' y"
    assert agent_substitute(line, {"username": "a${name}b"}) == "x 'ab' y"
    assert agent_substitute(line, {"username": "a$$b"}) == "x 'a$b' y"
    assert agent_substitute(line, {"username": "$0"}) == "x '{{ username }}' y"
    assert agent_substitute(line, {"username": "$(id)"}) == "x '$(id)' y"
    assert agent_substitute(line, {"username": "a$"}) == "x 'a$' y"
    assert agent_substitute("{{username}}", {"username": "a$1b"}) == "a$1b"   # a whole line: the value as it is


# Certificates ----------------------------------------------------------------

def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


class Recipient:
    def __init__(self, folder, name, newkey, *extra):
        self.key = os.path.join(folder, name + ".key")
        self.cert = os.path.join(folder, name + ".pem")
        openssl("req", "-x509", "-newkey", newkey, "-keyout", self.key, "-out", self.cert, "-days", "1", "-nodes",
                "-subj", "/CN=ssmreset rotation test " + name, *extra)
        self.der = openssl("x509", "-in", self.cert, "-outform", "DER")
        self.b64 = base64.b64encode(self.der).decode()
        self.fingerprint = hashlib.sha256(self.der).hexdigest()

    def decrypt(self, pem, folder):
        path = os.path.join(folder, "encrypted.pem")
        with open(path, "w") as f:
            f.write(pem)
        return openssl("cms", "-decrypt", "-inform", "PEM", "-in", path, "-inkey", self.key, "-recip",
                       self.cert).decode()


@pytest.fixture(scope="module")
def recipients(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("recipients"))
    return {
        "rsa3072": Recipient(folder, "rsa3072", "rsa:3072"),
        "rsa4096": Recipient(folder, "rsa4096", "rsa:4096"),
        "p256": Recipient(folder, "p256", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
        "p384": Recipient(folder, "p384", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"),
        "rsa2048": Recipient(folder, "rsa2048", "rsa:2048"),
        "p521": Recipient(folder, "p521", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"),
        "signing-only": Recipient(folder, "signing", "rsa:3072", "-addext", "keyUsage=critical,digitalSignature"),
    }


# The documents -----------------------------------------------------------------

def allowed(doc, name, value):
    """What the agent checks (allowedPattern, RE2: matched whole, as the
    pattern's ^...$ ask) and, where given, what the service checks too
    (allowedValues)."""
    spec = doc["parameters"][name]
    if "allowedValues" in spec and value not in spec["allowedValues"]:
        return False
    return re.fullmatch(spec["allowedPattern"], value) is not None


def agent_allows(doc, name, value):
    """The agent's own check alone: the allowedPattern."""
    return re.fullmatch(doc["parameters"][name]["allowedPattern"], value) is not None


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_parameters_are_what_the_agent_keeps(path):
    doc = load(path)
    assert set(doc["parameters"]) == PARAMETERS
    for name, spec in doc["parameters"].items():
        assert re.fullmatch(r"[a-zA-Z0-9]+", name), "the agent drops parameters named otherwise"
        assert spec["type"] == "String"
    assert "default" not in doc["parameters"]["username"] and "default" not in doc["parameters"]["certificate"]
    assert doc["parameters"]["username"]["allowedPattern"] == \
        load(PASSWORD_RESET)["parameters"]["username"]["allowedPattern"]
    assert doc["parameters"]["expire"]["allowedValues"] == ["false", "true"]
    assert doc["parameters"]["expire"]["default"] == "false"
    assert doc["parameters"]["cipher"]["allowedValues"] == ["aes-256-cbc", "aes-256-gcm"]
    assert doc["parameters"]["cipher"]["default"] == "aes-256-cbc"
    for flag in ("passphrase", "endSessions"):
        assert doc["parameters"][flag]["allowedValues"] == ["false", "true"]
        assert doc["parameters"][flag]["default"] == "false"
    assert doc["parameters"]["breakGlass"]["default"] == "0"


@pytest.mark.parametrize("path", [ROTATE, GENERATE, PASSWORD_RESET], ids=["rotate", "generate", "reset"])
def test_every_parameter_the_agent_pastes_has_a_pattern(path):
    """The agent checks allowedPattern, not allowedValues (the service
    does): every parameter has a pattern, and where both are given they
    take the same values."""
    for name, spec in load(path)["parameters"].items():
        assert "allowedPattern" in spec, name
        pattern = spec["allowedPattern"]
        assert pattern.startswith("^") and pattern.endswith("$"), name
        for value in spec.get("allowedValues", []):
            assert re.fullmatch(pattern, value), (name, value)


def test_the_two_documents_take_the_same_values():
    a, b = load(ROTATE)["parameters"], load(GENERATE)["parameters"]
    for name in PARAMETERS:
        assert a[name].get("allowedPattern") == b[name].get("allowedPattern")
        assert a[name].get("allowedValues") == b[name].get("allowedValues")


try:
    from re import _parser as sre_parser        # Python 3.11 and later
except ImportError:                             # pragma: no cover
    import sre_parse as sre_parser


def re2_takes_repeats(pattern):
    """Go's regexp/syntax rule (RE2's too): no repeat count over 1000, and
    nested counted repeats that make no more than 1000 copies of what is
    innermost (parse.go, repeatIsValid)."""
    def ok(items, n):
        for op, arg in items:
            if op in (sre_parser.MAX_REPEAT, sre_parser.MIN_REPEAT):
                lo, hi, sub = arg
                m = lo if hi == sre_parser.MAXREPEAT else hi
                if hi != 0 and m > n:
                    return False
                if not ok(sub, n // m if hi != 0 and m > 0 else n):
                    return False
            elif op == sre_parser.SUBPATTERN:
                if not ok(arg[-1], n):
                    return False
            elif op == sre_parser.BRANCH:
                if not all(ok(branch, n) for branch in arg[1]):
                    return False
        return True
    return ok(sre_parser.parse(pattern), 1000)


def test_patterns_suit_every_regex_engine():
    """Where the service checks a value, its regex engine is not documented:
    the patterns keep to what RE2 (Go) accepts, and their nested repeats
    are of fixed-length blocks inside optional groups, so a backtracking
    engine (Java, JavaScript, Python's own) answers at once even for a long
    refused value."""
    assert not re2_takes_repeats("a{1001}") and not re2_takes_repeats("(?:a{12}){16,999}")
    assert re2_takes_repeats("(?:a{4}){250}") and re2_takes_repeats("(?:(?:a{4}){250})?(?:a{4}){250}")
    for path in (ROTATE, GENERATE, PASSWORD_RESET):
        for spec in load(path)["parameters"].values():
            if "allowedPattern" in spec:
                assert re2_takes_repeats(spec["allowedPattern"]), (path, spec["allowedPattern"])
    pattern = re.compile(load(ROTATE)["parameters"]["certificate"]["allowedPattern"])
    start = time.monotonic()
    for value in ("A" * 200000, "A" * 11191 + "$", "A" * 11196, "/" * 11188 + "A=A=", "A" * 5000 + "\n"):
        assert not pattern.fullmatch(value)
    assert time.monotonic() - start < 1


def test_certificate_length_is_bounded_without_gaps():
    """Every length of whole base64 quanta from 196 to 11192 characters (a
    DER certificate of 147 to 8394 bytes) passes, and no other."""
    pattern = re.compile(load(ROTATE)["parameters"]["certificate"]["allowedPattern"])
    wrong = [n for n in range(4, 11400, 4) if bool(pattern.fullmatch("A" * (n - 2) + "==")) != (196 <= n <= 11192)]
    assert wrong == []


def test_command_document_shape():
    doc = load(ROTATE)
    assert doc["schemaVersion"] == "2.2"
    assert [(s["action"], s["precondition"]) for s in doc["mainSteps"]] == [
        ("aws:runShellScript", {"StringEquals": ["platformType", "Linux"]}),
        ("aws:runPowerShellScript", {"StringEquals": ["platformType", "Windows"]}),
    ]
    names = [s["name"] for s in doc["mainSteps"]]
    assert len(set(names)) == 2 and all(re.fullmatch(r"[A-Za-z0-9_.-]+", n) for n in names)
    for step in doc["mainSteps"]:
        lines = step["inputs"]["runCommand"]
        assert all(isinstance(line, str) and "\n" not in line for line in lines)
        used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", "\n".join(lines)))
        assert used == PARAMETERS


def test_session_document_shape():
    """A NonInteractiveCommands session: nothing is typed, and with
    separateOutputStream the agent sends the command's exit status to the
    client. Its command is split into words by the agent (no shell): on
    Linux it names /bin/sh -c and the script; on Windows it is one quoted
    word, the script powershell.exe gets as its one argument."""
    doc = load(GENERATE)
    assert doc["schemaVersion"] == "1.0" and doc["sessionType"] == "NonInteractiveCommands"
    for os_name in ("linux", "windows"):
        props = doc["properties"][os_name]
        assert props["runAsElevated"] is True
        assert props["separateOutputStream"] is True
        assert "stdOutSeparatorPrefix" not in props and "stdErrSeparatorPrefix" not in props
        assert set(re.findall(r"\{\{\s*(\w+)\s*\}\}", props["commands"])) == PARAMETERS
        assert "--json" not in props["commands"]          # text mode: the block is shown to the person
    argv = shlex_split(doc["properties"]["linux"]["commands"])
    assert argv[:2] == ["/bin/sh", "-c"] and len(argv) == 3
    linux = argv[2]
    assert INSTALLED + " --generate --recipient \"$cert\" --cipher '{{ cipher }}' \"$@\" -- '{{ username }}'; " \
        "status=$?" in linux
    assert linux.startswith("umask 077; ") and linux.endswith('; rm -f -- "$cert"; exit "$status"')
    [windows] = shlex_split(doc["properties"]["windows"]["commands"])
    assert noninteractive_windows_script(doc["properties"]["windows"]["commands"]) == windows
    assert "& %s @options '--' '{{ username }}'; $status = $LASTEXITCODE }" % WINDOWS_EXE_UNQUOTED in windows
    assert windows.startswith("$status = 8; ") and windows.endswith("; exit $status")
    assert "} finally { Remove-Item -LiteralPath $cert -Force -ErrorAction SilentlyContinue }" in windows


USERNAMES_ALLOWED = ["alice", "ec2-user", "svc_backup", "a.b", "John Smith", "a" * 32, "Jo Ann Smith", "a b c"]
USERNAMES_REFUSED = ["", "-rf", " alice", "alice ", "a;id", "$(id)", "`id`", "a'b", 'a"b', "a\nb", "a\tb",
                     "a$1", "{{x}}", "a\u2019b", "CORP\\alice", "alice@corp.example",
                     "John  Smith", "a   b", "a \tb", "a\u00a0b", "a" * 64]


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_username_pattern(path):
    doc = load(path)
    assert all(allowed(doc, "username", v) for v in USERNAMES_ALLOWED)
    assert not any(allowed(doc, "username", v) for v in USERNAMES_REFUSED)


def certificate_values_refused(good):
    return {
        "empty": "",
        "too short": "A" * 192,
        "too long": "A" * 11196,
        "dollar": good[:-4] + "$1AA",
        "quote": good[:-4] + "'AAA",
        "double quote": good[:-4] + '"AAA',
        "blank": good[:100] + " " + good[100:-1],
        "newline": good + "\n",
        "newline and here-document end": good + "\nSSMRESET_CERTIFICATE_END\ntouch /x\n",
        "inner newline": good[:64] + "\n" + good[64:-1],
        "tab": good[:100] + "\t" + good[101:],
        "semicolon": good[:-4] + ";AAA",
        "backtick": good[:-4] + "`id`",
        "command": "$(id)" + good[5:],
        "braces": "{{ username }}" + good[14:],
        "PEM": "-----BEGIN CERTIFICATE-----" + good + "-----END CERTIFICATE-----",
        "base64url": good[:-4].replace("+", "-").replace("/", "_") + "-_AA",
        "inner padding": good[:40] + "==AA" + good[44:],
        "three pads": good[:-4] + "A===",
        "not a multiple of 4": good[:-4] + "AAAAA",
        "non-ASCII": good[:-4] + "\u00e9AAA",
        "delimiter": "SSMRESET_CERTIFICATE_END" * 10,
    }


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_certificate_pattern(path, recipients):
    doc = load(path)
    for r in recipients.values():
        assert allowed(doc, "certificate", r.b64)
        assert 196 <= len(r.b64) <= 11192
    assert allowed(doc, "certificate", "A" * 196) and allowed(doc, "certificate", "A" * 11190 + "==")
    assert allowed(doc, "certificate", "+/" * 98 + "AB==")
    good = recipients["rsa3072"].b64
    for why, value in certificate_values_refused(good).items():
        assert not allowed(doc, "certificate", value), why


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_expire_takes_two_words(path):
    doc = load(path)
    assert allowed(doc, "expire", "true") and allowed(doc, "expire", "false")
    for v in ("", "TRUE", "yes", "1", "true ", "true; id", "'", "$1", "true\n"):
        assert not allowed(doc, "expire", v)
        assert not agent_allows(doc, "expire", v), "the agent checks only the pattern"


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_cipher_takes_two_names(path):
    doc = load(path)
    assert allowed(doc, "cipher", "aes-256-cbc") and allowed(doc, "cipher", "aes-256-gcm")
    for v in ("", "AES-256-GCM", "aes-128-cbc", "aes-256-gcm ", "aes-256-gcm; id", "'", "$1", "gcm",
              "aes-256-cbc\n", "aes-256-cbc' --expire '"):
        assert not agent_allows(doc, "cipher", v), v


@pytest.mark.parametrize("path", [ROTATE, GENERATE], ids=["rotate", "generate"])
def test_break_glass_takes_0_to_86400_seconds(path):
    """Exactly what ssmreset --break-glass takes, and 0 for none: the agent
    refuses the rest before anything runs."""
    doc = load(path)
    taken = [n for n in range(0, 100001) if allowed(doc, "breakGlass", str(n))]
    assert taken == list(range(0, 86401))
    for v in ("", "00", "01", "-1", "1h", "3600 ", " 3600", "3600\n", "1e3", "$1", "'", "3600; id", "+5",
              "86400 --expire"):
        assert not agent_allows(doc, "breakGlass", v), v
    for flag in ("passphrase", "endSessions"):
        for v in ("", "TRUE", "yes", "1", "true ", "true; id", "'", "$1", "true\n"):
            assert not agent_allows(doc, flag, v), (flag, v)


def test_allowed_values_pass_the_substitution_unchanged(recipients):
    """No allowed value holds a `$` or a `{`: Go's expansion leaves it as
    given, and the order in which the agent walks its parameter map (Go
    randomises it) changes nothing."""
    line = "<{{ username }}|{{certificate}}|{{  expire }}|{{cipher }}|{{breakGlass}}>"
    for user in USERNAMES_ALLOWED:
        for r in recipients.values():
            params = {"username": user, "certificate": r.b64, "expire": "true", "cipher": "aes-256-gcm",
                      "breakGlass": "86400"}
            assert all(allowed(load(ROTATE), k, v) for k, v in params.items())
            results = {agent_substitute(line, params, order) for order in itertools.permutations(params)}
            assert results == {"<%s|%s|true|aes-256-gcm|86400>" % (user, r.b64)}


# The Command document's Linux step, run as the agent runs it -------------------------

class Invocation:
    def __init__(self, rc, stdout, stderr, folder, tmpdir):
        self.rc, self.stdout, self.stderr, self.folder, self.tmpdir = rc, stdout, stderr, folder, tmpdir
        self.status = "Success" if rc == 0 else "Success and reboot" if rc == 194 else "Failed"

    @property
    def result(self):
        """The result line of standard output (after the PENDING line that
        carries the ciphertext before the password is set)."""
        text = self.stdout.decode()
        assert text.endswith("\n"), (self.rc, self.stdout, self.stderr)
        return json_result(text)

    def leftovers(self):
        return os.listdir(self.tmpdir)


def with_defaults(doc, params):
    """The parameters as the agent gets them: what was not given takes the
    document's default (the service fills it in)."""
    filled = {name: spec["default"] for name, spec in doc["parameters"].items() if "default" in spec}
    filled.update(params)
    return filled


def run_command_step(tmp_path, params, program=SSMRESET, name="run"):
    """One aws:runShellScript execution of the document's Linux step."""
    params = with_defaults(load(ROTATE), params)
    step = steps(load(ROTATE))["Linux"]
    lines = [line.replace(INSTALLED, program) for line in step["inputs"]["runCommand"]]
    folder = tmp_path / name / "awsrunShellScript" / step["name"]
    folder.mkdir(parents=True)
    tmpdir = tmp_path / name / "tmp"
    tmpdir.mkdir()
    script = folder / "_script.sh"
    script.write_text("\n".join(agent_substitute(lines, params)) + "\n")
    os.chmod(script, 0o700)
    with open(folder / "stdout", "wb") as out, open(folder / "stderr", "wb") as err:
        rc = subprocess.run(["sh", "-c", str(script)], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                            cwd=folder, start_new_session=True, timeout=120,
                            env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                 "TMPDIR": str(tmpdir), "LANG": "C.UTF-8"}).returncode
    return Invocation(rc, (folder / "stdout").read_bytes(), (folder / "stderr").read_bytes(), folder, tmpdir)


@pytest.mark.parametrize("kind", ["rsa3072", "p256"])
def test_rotation_changes_the_password_and_returns_it_encrypted(kind, account, journal, recipients, tmp_path):
    r = recipients[kind]
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": r.b64, "expire": "false"})
    assert inv.rc == 0 and inv.status == "Success", (inv.stdout, inv.stderr)
    res = inv.result
    assert res["status"] == "CHANGED" and res["exit"] == 0 and res["mode"] == "reset"
    assert res["generated"] is True and res["recipient"] == r.fingerprint
    assert res["changed"] is True and res["verified"] is True and res["expired"] is False
    assert res["username"] == account.name
    assert CMS_BLOCK.fullmatch(res["encrypted_password"])
    assert b"BEGIN CMS" not in inv.stderr
    # The line with the ciphertext comes first, whole within the 2500
    # characters the agent keeps of the invocation's console output.
    assert len(inv.stdout.splitlines()[0]) < 2500
    password = r.decrypt(res["encrypted_password"], str(tmp_path))
    assert len(password) >= 20
    assert password.encode() not in inv.stdout + inv.stderr
    assert login_ok(account.name, password)
    assert not login_ok(account.name, INITIAL)
    assert inv.leftovers() == []
    _, rec = journal.generated(SSMRESET_USER=account.name)
    assert rec["SSMRESET_RESULT"] == "CHANGED" and rec["SSMRESET_GENERATED"] == "yes"
    assert rec["SSMRESET_RECIPIENT"] == r.fingerprint
    assert password not in json.dumps(rec)


@pytest.mark.parametrize("kind", ["rsa4096", "p384"])
def test_rotation_with_expiry(kind, account, recipients, tmp_path):
    r = recipients[kind]
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": r.b64, "expire": "true"})
    assert inv.rc == 0, (inv.stdout, inv.stderr)
    assert inv.result["status"] == "CHANGED" and inv.result["expired"] is True
    assert len(inv.stdout.splitlines()[0]) < 2500
    fields = shadow_line(account.name).split(":")
    assert fields[2] == "0"
    password = r.decrypt(inv.result["encrypted_password"], str(tmp_path))
    assert hash_matches(password, fields[1])
    assert not login_ok(account.name, password)     # set, and to be changed before the first login
    assert inv.leftovers() == []


def refuse_locked(account):
    subprocess.run(["usermod", "-L", account.name], check=True)
    return account.name


REFUSALS = {
    "locked": (refuse_locked, 4, "ACCOUNT_REFUSED"),
    "system account": (lambda account: "daemon", 4, "ACCOUNT_REFUSED"),
    "unknown": (lambda account: "nosuchuser" + account.name[1:7], 3, "USER_UNKNOWN"),
    "space on Linux": (lambda account: "John Smith", 2, "BAD_REQUEST"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_rotation_is_a_failed_invocation_with_its_result(case, account, recipients, tmp_path):
    prepare, code, status = REFUSALS[case]
    user = prepare(account)
    before = shadow_bytes()
    inv = run_command_step(tmp_path, {"username": user, "certificate": recipients["rsa3072"].b64, "expire": "false"})
    assert inv.rc == code and inv.status == "Failed", (inv.stdout, inv.stderr)
    res = inv.result
    assert res["status"] == status and res["exit"] == code and res["changed"] is False
    assert res["encrypted_password"] is None
    assert shadow_bytes() == before
    assert inv.leftovers() == []


def test_a_trailing_newline_stays_harmless(account, recipients, tmp_path):
    """Java's `$` also matches before a final newline: were the service to
    search rather than match whole, one trailing newline could pass. In
    the certificate it is a blank line base64 -d skips; in the user name
    it reaches ssmreset, which refuses the name."""
    r = recipients["p256"]
    inv = run_command_step(tmp_path, {"username": account.name + "\n", "certificate": r.b64, "expire": "false"},
                           name="username")
    assert inv.rc == 2 and inv.result["status"] == "BAD_REQUEST"
    assert login_ok(account.name, INITIAL)
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": r.b64 + "\n", "expire": "false"},
                           name="certificate")
    assert inv.rc == 0 and inv.result["status"] == "CHANGED"
    assert login_ok(account.name, r.decrypt(inv.result["encrypted_password"], str(tmp_path)))
    assert inv.leftovers() == []


HOSTILE = ["'; touch {m}; '", "$(touch {m})", "`touch {m}`", "x; touch {m}", "\"; touch {m}; \"", "a || touch {m}",
           "$$(touch {m})", "${{IFS}}touch${{IFS}}{m}", "SSMRESET_CERTIFICATE_END; touch {m}", "\\'; touch {m} #",
           "SSMRESET_CERTIFICATE_END"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_certificate_that_slipped_past_the_pattern_runs_nothing(value, account, recipients, tmp_path):
    """Were the pattern missing, the certificate's text still reaches only
    base64 -d through a quoted here-document: nothing in it runs, and
    ssmreset refuses what comes out. (The one text that would end the
    here-document, a newline and its end word, the pattern keeps out.)"""
    marker = tmp_path / "ran"
    hostile = value.format(m=marker)
    assert not allowed(load(ROTATE), "certificate", hostile)
    before = shadow_bytes()
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": hostile, "expire": "false"})
    assert inv.rc == 2 and inv.status == "Failed", (inv.stdout, inv.stderr)
    assert inv.result["status"] == "BAD_REQUEST" and "certificate" in inv.result["reason"]
    assert not marker.exists()
    assert shadow_bytes() == before
    assert login_ok(account.name, INITIAL)
    assert inv.leftovers() == []


@pytest.mark.parametrize("kind,words", [("rsa2048", "2048 bits"), ("p521", "secp521r1"),
                                        ("signing-only", "keyEncipherment")])
def test_a_weak_certificate_changes_nothing(kind, words, account, journal, recipients, tmp_path):
    r = recipients[kind]
    assert allowed(load(ROTATE), "certificate", r.b64)      # well-formed: only ssmreset can tell
    before = shadow_bytes()
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": r.b64, "expire": "false"})
    assert inv.rc == 2 and inv.status == "Failed"
    res = inv.result
    assert res["status"] == "BAD_REQUEST" and words in res["reason"], res
    assert res["changed"] is False and res["encrypted_password"] is None
    assert shadow_bytes() == before
    assert login_ok(account.name, INITIAL)
    assert inv.leftovers() == []


STAND_IN = r"""#!/usr/bin/python3
import json, os, sys
args = sys.argv[1:]
path = args[args.index("--recipient") + 1]
st = os.lstat(path)
with open(path, "rb") as f:
    data = f.read()
with open(os.environ["STAND_IN_REPORT"], "w") as f:
    json.dump({"argv": args, "mode": st.st_mode, "uid": st.st_uid, "data": data.hex(),
               "environ": dict(os.environ), "stdin_is_null": os.path.samefile("/proc/self/fd/0", "/dev/null")}, f)
print(json.dumps({"status": "STAND_IN", "exit": int(os.environ["STAND_IN_EXIT"])}))
sys.exit(int(os.environ["STAND_IN_EXIT"]))
"""


class StandIn:
    """A program in ssmreset's place that reports how it was called."""

    def __init__(self, folder):
        self.path = folder / "ssmreset-stand-in"
        self.path.write_text(STAND_IN)
        os.chmod(self.path, 0o755)
        self.report = folder / "stand-in.json"

    def program(self, exit_status):
        """What to put where the document names ssmreset: the report's path
        and the exit status travel as assignments in front of the command."""
        return "STAND_IN_REPORT=%s STAND_IN_EXIT=%d %s" % (self.report, exit_status, self.path)

    def seen(self):
        return json.loads(self.report.read_text())


@pytest.mark.parametrize("expire,code", [("false", 5), ("true", 8), ("false", 6)])
def test_the_script_hands_ssmreset_a_private_copy_and_passes_its_status_on(expire, code, recipients, tmp_path):
    r = recipients["p256"]
    stand_in = StandIn(tmp_path)
    inv = run_command_step(tmp_path, {"username": "John Smith", "certificate": r.b64, "expire": expire},
                           program=stand_in.program(code))
    seen = stand_in.seen()
    path = seen["argv"][2]
    assert seen["argv"] == ["--generate", "--recipient", path, "--cipher", "aes-256-cbc", "--json"] + \
        (["--expire"] if expire == "true" else []) + ["--", "John Smith"]
    assert os.path.dirname(path) == str(inv.tmpdir)
    assert stat.S_ISREG(seen["mode"]) and stat.S_IMODE(seen["mode"]) == 0o600 and seen["uid"] == 0
    assert bytes.fromhex(seen["data"]) == r.der
    assert seen["stdin_is_null"]
    assert not any(r.b64[:40] in v for v in seen["environ"].values())
    assert inv.rc == code and inv.status == "Failed"
    assert inv.result == {"status": "STAND_IN", "exit": code}
    assert inv.leftovers() == []


# The Command document's Windows step, as text ----------------------------------------

def test_windows_step_quotes_every_parameter():
    text = "\n".join(windows_lines())
    singles, outside = powershell_strings(text)
    assert "{{" not in outside
    assert sorted(s for s in singles if "{{" in s) == ["{{ breakGlass }}", "{{ breakGlass }}", "{{ certificate }}",
                                                       "{{ cipher }}", "{{ endSessions }}", "{{ expire }}",
                                                       "{{ passphrase }}", "{{ username }}"]


def test_windows_step_removes_the_file_and_exits_with_ssmresets_status():
    lines = [line.strip() for line in windows_lines() if not line.strip().startswith("#")]
    text = "\n".join(lines)
    call = next(i for i, line in enumerate(lines) if line.startswith("& " + WINDOWS_EXE))
    assert lines[call].endswith(" @options '--' '{{ username }}'")
    assert "'--generate', '--recipient', $cert, '--cipher', '{{ cipher }}', '--json'" in text
    assert "$options += '--expire'" in text
    # The status is ssmreset's, taken right after it ran; 8 (SYSTEM_ERROR)
    # if it never ran: a bare `exit $LASTEXITCODE` would then exit 0.
    assert lines[call + 1] == "$status = $LASTEXITCODE"
    assert lines.index("$status = 8") < lines.index("try {") < call
    assert lines[-1] == "exit $status"
    # The file is written inside the try, removed in its finally.
    write = next(i for i, line in enumerate(lines) if "[IO.File]::WriteAllBytes($cert" in line)
    fin = lines.index("} finally {")
    assert lines.index("try {") < write < call < fin
    assert lines[fin + 1] == "Remove-Item -LiteralPath $cert -Force -ErrorAction SilentlyContinue"
    assert lines[fin + 2] == "}"
    assert "[guid]::NewGuid()" in text and "$env:TEMP" in text
    assert "$ErrorActionPreference = 'Stop'" not in text    # PowerShell 5.1 would stop at ssmreset's first stderr line


def hostile_but_allowed(recipients):
    certs = [recipients["rsa3072"].b64, "+/" * 98 + "AB==", "/" * 196, "A" * 11190 + "=="]
    for user, cert, expire, cipher, grace in zip(itertools.cycle(USERNAMES_ALLOWED + ["_-", "9.9", "a -b"]),
                                                 certs * 3, itertools.cycle(["true", "false"]),
                                                 itertools.cycle(["aes-256-gcm", "aes-256-cbc", "aes-256-cbc"]),
                                                 itertools.cycle(["0", "1", "86400", "3600", "0"])):
        yield {"username": user, "certificate": cert, "expire": expire, "cipher": cipher,
               "passphrase": expire, "breakGlass": grace, "endSessions": "true" if grace != "0" else "false"}


@pytest.mark.parametrize("which", ["rotate", "generate"])
def test_windows_values_stay_inside_single_quotes(which, recipients):
    """Rendered with the oddest values the patterns allow, each value is
    exactly one single-quoted string and nothing of it is outside one."""
    if which == "rotate":
        template = "\n".join(windows_lines())
        script = lambda text: text      # noqa: E731 (runPowerShellScript: the lines as a file)
    else:
        template = load(GENERATE)["properties"]["windows"]["commands"]
        script = noninteractive_windows_script
    clean_singles, clean_outside = powershell_strings(script(template))
    for params in hostile_but_allowed(recipients):
        assert all(allowed(load(ROTATE), k, v) for k, v in params.items())
        assert not any(q in v for v in params.values() for q in PS_SINGLE_QUOTES + PS_DOUBLE_QUOTES + "`$")
        singles, outside = powershell_strings(script(agent_substitute(template, params)))
        assert outside == clean_outside
        expected = [agent_substitute(s, params) for s in clean_singles]
        assert singles == expected
        for name in PARAMETERS:
            assert params[name] in singles


# The Session document, run as the agent runs a NonInteractiveCommands session --------

def session_argv(params, program=SSMRESET):
    """The Linux command, substituted and split into words as the agent
    does: /bin/sh, -c and the script, with program where ssmreset is."""
    doc = load(GENERATE)
    params = with_defaults(doc, params)
    assert all(allowed(doc, k, v) for k, v in params.items())
    argv = shlex_split(agent_substitute(doc["properties"]["linux"]["commands"], params))
    assert argv[:2] == ["/bin/sh", "-c"] and len(argv) == 3, argv
    return argv[:2] + [argv[2].replace(INSTALLED, program)]


class Session:
    """A NonInteractiveCommands session of the Session document on Linux:
    the words run below the stand-in worker (the session id as its first
    argument), standard input on /dev/null, no terminal, standard output
    and error to pipes; view is what the requester's client shows."""

    def __init__(self, params, tmpdir, program=SSMRESET):
        proc = subprocess.run([WORKER, SESSION, "--exec", *session_argv(params, program)], capture_output=True,
                              timeout=120, env={"PATH": os.environ["PATH"], "TMPDIR": str(tmpdir),
                                                "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": "/root"})
        self.rc, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        props = load(GENERATE)["properties"]["linux"]
        view, self.client_status, self.session_status = session_client_view(
            "NonInteractiveCommands", props, self.rc, self.stdout, self.stderr)
        self.view = view.decode()


def test_session_command_passes_allowed_values_literally(recipients, tmp_path):
    """The Session document's Linux command, split as the agent splits it,
    with the oddest values the patterns allow: ssmreset gets each as given,
    the certificate as its own bytes in a private file that is gone
    afterwards, standard input on /dev/null."""
    stand_in = StandIn(tmp_path)
    for n, params in enumerate(hostile_but_allowed(recipients)):
        tmpdir = tmp_path / ("tmp%d" % n)
        tmpdir.mkdir()
        session = Session(params, tmpdir, program=stand_in.program(3))
        assert session.rc == 3, session.stderr
        assert session.client_status == 3 and session.view.endswith("EXIT_CODE: 3")
        seen = stand_in.seen()
        path = seen["argv"][2]
        assert seen["argv"] == ["--generate", "--recipient", path, "--cipher", params["cipher"]] + \
            (["--expire"] if params["expire"] == "true" else []) + \
            (["--passphrase"] if params["passphrase"] == "true" else []) + \
            (["--break-glass", params["breakGlass"], "--end-sessions"] if params["breakGlass"] != "0" else []) + \
            ["--", params["username"]]
        assert os.path.dirname(path) == str(tmpdir) and stat.S_IMODE(seen["mode"]) == 0o600
        assert bytes.fromhex(seen["data"]) == base64.b64decode(params["certificate"])
        assert seen["stdin_is_null"]
        assert os.listdir(tmpdir) == []


@pytest.mark.parametrize("cipher", ["aes-256-cbc", "aes-256-gcm"])
def test_session_generates_and_shows_only_the_encrypted_block(account, journal, recipients, tmp_path, cipher):
    r = recipients["rsa3072"]
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    session = Session({"username": account.name, "certificate": r.b64, "cipher": cipher}, tmpdir)
    if cipher == "aes-256-gcm" and not makes_auth_enveloped_data():
        assert session.rc == 2 and session.client_status == 2, session.view
        assert "BAD_REQUEST: this host's crypto library" in session.view and "BEGIN CMS" not in session.view
        assert login_ok(account.name, INITIAL)
        return
    assert session.rc == 0, session.view
    # The client sees the result, the block, and the exit status last.
    assert session.client_status == 0 and session.view.endswith("EXIT_CODE: 0")
    text = session.view
    assert "ssmreset: CHANGED" in text
    assert "Password reset for account '%s'" % account.name in session.stderr.decode()
    assert r.fingerprint in text
    assert "openssl cms -decrypt" in text
    [block] = CMS_BLOCK.findall(session.stdout.decode())
    structure = openssl("cms", "-cmsout", "-print", "-inform", "PEM", data=block.encode()).decode()
    assert ("authEnvelopedData" in structure) == (cipher == "aes-256-gcm")
    password = r.decrypt(block, str(tmp_path))
    assert password not in text and "New password" not in text
    assert login_ok(account.name, password)
    assert not login_ok(account.name, INITIAL)
    assert os.listdir(tmpdir) == []
    _, rec = journal.generated(SSMRESET_USER=account.name)
    assert rec["SSMRESET_SESSION_ID"] == SESSION and rec["SSMRESET_REQUESTER"] == "jane.doe@example.com"
    assert rec["SSMRESET_GENERATED"] == "yes" and rec["SSMRESET_RECIPIENT"] == r.fingerprint


@pytest.mark.parametrize("case,code,words", [("weak certificate", 2, "2048 bits"),
                                             ("unknown account", 3, "USER_UNKNOWN"),
                                             ("locked account", 4, "is locked")])
def test_a_refused_session_changes_nothing_and_the_client_learns_its_status(case, code, words, account, recipients,
                                                                            tmp_path):
    """What an InteractiveCommands session could not tell: the client gets
    ssmreset's exit status."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    user, cert = account.name, recipients["p256"].b64
    if case == "weak certificate":
        cert = recipients["rsa2048"].b64
    elif case == "unknown account":
        user = "nosuchuser" + account.name[1:7]
    else:
        subprocess.run(["usermod", "-L", account.name], check=True)
    before = shadow_bytes()
    session = Session({"username": user, "certificate": cert, "expire": "true"}, tmpdir)
    assert session.rc == code and session.client_status == code, session.view
    assert session.view.endswith("EXIT_CODE: %d" % code)
    assert words in session.view and "BEGIN CMS" not in session.view
    assert shadow_bytes() == before
    assert os.listdir(tmpdir) == []


def test_an_interactive_session_would_have_hidden_the_status():
    """The model of the two session types: an InteractiveCommands session
    ends Success and sends no exit status (why the Session document is
    NonInteractiveCommands), and without separateOutputStream neither does
    a NonInteractiveCommands one."""
    assert session_client_view("InteractiveCommands", {}, 4, b"out")[1:] == (None, "Success")
    assert session_client_view("NonInteractiveCommands", {}, 4, b"out")[1:] == (None, "Success")
    assert session_client_view("NonInteractiveCommands", {"separateOutputStream": True}, 4, b"out") == \
        (b"outEXIT_CODE: 4", 4, "Success")


# Passphrases and break-glass, per run ---------------------------------------------

def test_rotation_with_a_passphrase_that_closes_after_use(account, journal, recipients, tmp_path):
    """The run asks for a passphrase that closes itself: the agent's script
    passes --passphrase --break-glass 3600 --end-sessions, the result says
    so, and the account is armed (test_break_glass.py has the rest of the
    cycle)."""
    r = recipients["rsa3072"]
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": r.b64, "passphrase": "true",
                                      "breakGlass": "3600", "endSessions": "true"})
    assert inv.rc == 0, (inv.stdout, inv.stderr)
    res = inv.result
    assert res["status"] == "CHANGED" and res["break_glass"] == 3600
    phrase = r.decrypt(res["encrypted_password"], str(tmp_path))
    assert len(phrase.split("-")) == 10 and re.fullmatch(r"[a-z-]+", phrase), phrase
    assert login_ok(account.name, phrase)
    with open("/var/lib/ssmreset/break-glass/" + account.name) as f:
        text = f.read()
    assert "grace=3600\n" in text and "end_sessions=yes\n" in text
    _, rec = journal.generated(SSMRESET_USER=account.name)
    assert rec["SSMRESET_BREAK_GLASS"] == "3600"
    assert inv.leftovers() == []


def test_end_sessions_without_break_glass_is_refused(account, recipients, tmp_path):
    before = shadow_bytes()
    inv = run_command_step(tmp_path, {"username": account.name, "certificate": recipients["p256"].b64,
                                      "endSessions": "true"})
    assert inv.rc == 2 and inv.result["status"] == "BAD_REQUEST"
    assert inv.result["reason"] == "--end-sessions goes with --break-glass"
    assert shadow_bytes() == before
