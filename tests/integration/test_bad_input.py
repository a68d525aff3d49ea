# SPDX-License-Identifier: Apache-2.0
"""Hostile input, table by table: passwords through the terminal and through
--batch, user names, malformed JSON requests. Each one gets its documented
code and message, leaves /etc/shadow byte-identical (or, when the password is
taken, changes that account's line alone), never shows a password, and is
recorded in the journal, found there by a requester unique to the case."""
import fcntl
import json
import os
import secrets
import struct
import termios
import time

import pytest

from harness import INITIAL, Pty, login_ok, run_pty, shadow_bytes, shadow_line
from hardening import SSMRESET, hash_matches, new_password, passing, run_batch

EOF = object()          # Ctrl+D on an empty line


def marker(tag):
    """A requester no other test uses: A-Z a-z 0-9 + = , . @ _ - only."""
    return "bad.%s.%d" % (tag, time.monotonic_ns())


def recorded(journal, requester, result, *secrets_):
    """The one record of a run that has ended. Its record was sent before it
    exited, so once it is there no other can follow far behind: a short
    look again instead of journal.wait_for()'s longer one keeps 150 cases
    quick."""
    deadline = time.monotonic() + 10
    while not journal.records(SSMRESET_REQUESTER=requester) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)
    recs = journal.records(SSMRESET_REQUESTER=requester)
    assert len(recs) == 1, "expected one journal record for %s, found %d" % (requester, len(recs))
    rec = recs[0]
    assert rec["SSMRESET_RESULT"] == result, rec
    text = json.dumps(rec)
    for s in secrets_:
        assert s not in text, "a password reached the journal"
    return rec


def other_lines(shadow, user):
    return [l for l in shadow.split(b"\n") if not l.startswith(user.encode() + b":")]


def assert_only_this_account_changed(before, user):
    after = shadow_bytes()
    assert other_lines(after, user) == other_lines(before, user)
    assert len(shadow_line(user).split(":")) == 9


def pending_input(p):
    """Bytes typed on the terminal that nobody read."""
    return struct.unpack("i", fcntl.ioctl(p.slave, termios.FIONREAD, b"\0\0\0\0"))[0]


# Passwords through the terminal ----------------------------------------------

def tail():
    return secrets.token_hex(8).encode()


# id, what is typed at each prompt, exit status, code, words on the terminal
TERMINAL_REFUSED = [
    ("empty", lambda: [b""], 5, "PASSWORD_REJECTED", "No password has been supplied."),
    ("512-bytes", lambda: [b"Qv" + secrets.token_hex(255).encode(), EOF], 6, "ABORTED",
     "That is longer than 511 bytes."),
    ("nul", lambda: [b"Qv-" + tail() + b"\x00-7x", EOF], 6, "ABORTED",
     "Control characters are not allowed in a password."),
    ("tab", lambda: [b"Qv-" + tail() + b"\t-7x", EOF], 6, "ABORTED",
     "Control characters are not allowed in a password."),
    ("escape-sequence", lambda: [b"Qv-" + tail() + b"\x1b[2J-7x", EOF], 6, "ABORTED",
     "Control characters are not allowed in a password."),
    ("c1-csi", lambda: [b"Qv-" + tail() + b"\xc2\x9b2J-7x", EOF], 6, "ABORTED",
     "Control characters are not allowed in a password."),
    ("not-utf8", lambda: [b"Qv-" + tail() + b"\xff-7x", EOF], 6, "ABORTED",
     "That password is not valid UTF-8 text."),
    ("overlong-utf8", lambda: [b"Qv-" + tail() + b"\xc0\xaf-7x", EOF], 6, "ABORTED",
     "That password is not valid UTF-8 text."),
    ("utf8-surrogate", lambda: [b"Qv-" + tail() + b"\xed\xa0\x80-7x", EOF], 6, "ABORTED",
     "That password is not valid UTF-8 text."),
]


@pytest.mark.parametrize("case", TERMINAL_REFUSED, ids=[c[0] for c in TERMINAL_REFUSED])
def test_terminal_password_refused(ssmreset, account, journal, shadow, case):
    name, answers, status, code, words = case
    answers = answers()
    who = marker(name)
    p = Pty([ssmreset, "--tries", "1", "--requester", who, account.name])
    try:
        for a in answers:
            p.expect(rb"New password: $")
            if a is EOF:
                p.type(b"\x04", enter=b"")
            else:
                p.type(a)
        assert p.wait() == status, p.text
        assert words in p.text
        assert "ssmreset: %s: " % code in p.text
        assert "the password of '%s' was not changed" % account.name in p.text
        assert p.echo_on()
        for a in answers:
            if a is not EOF and a:
                assert a[3:19] not in p.out, "a password reached the terminal"
        assert b"\x1b[2J" not in p.out and b"\xc2\x9b" not in p.out
        assert pending_input(p) == 0
    finally:
        p.close()
    assert shadow_bytes() == shadow
    assert login_ok(account.name, INITIAL)
    rec = recorded(journal, who, code, *[a[3:19].decode() for a in answers if a is not EOF and a])
    assert rec["SSMRESET_USER"] == account.name


@pytest.mark.parametrize("enter", [b"\r", b"\n"], ids=["CR", "LF"])
def test_terminal_line_end_inside_a_password_ends_the_answer(ssmreset, account, journal, shadow, enter):
    """Enter ends the answer wherever it is: the rest is typed ahead. Here
    the first part is too short, so nothing changes, and the rest is
    discarded at exit instead of being left for the next reader (a shell
    that would echo it)."""
    rest = tail()
    who = marker("line-end")
    p = Pty([ssmreset, "--tries", "1", "--requester", who, account.name])
    try:
        p.expect(rb"New password: $")
        os.write(p.master, b"Qv7" + enter + rest + b"-Orbit")   # all at once, as a paste
        assert p.wait() == 5, p.text
        assert "BAD PASSWORD: The password is shorter than 8 characters" in p.text
        assert "ssmreset: PASSWORD_REJECTED: " in p.text
        assert rest not in p.out
        assert pending_input(p) == 0, "typed-ahead keys were left on the terminal"
        assert p.echo_on()
    finally:
        p.close()
    assert shadow_bytes() == shadow
    recorded(journal, who, "PASSWORD_REJECTED", rest.decode())


@pytest.mark.parametrize("password", [
    passing(lambda: new_password("Qv:with:colons") + ":"),
    passing(lambda: "Grüße-Ünïcødé-" + secrets.token_hex(6) + "-€"),
], ids=["colons", "non-ascii"])
def test_terminal_password_taken_as_it_is(ssmreset, account, journal, shadow, password):
    who = marker("taken")
    rc, out, echo = run_pty([ssmreset, "--requester", who, account.name], keys=[password, password])
    assert rc == 0, out
    assert "ssmreset: CHANGED: " in out
    assert password not in out
    assert_only_this_account_changed(shadow, account.name)
    assert hash_matches(password, shadow_line(account.name).split(":")[1])
    assert login_ok(account.name, password)
    recorded(journal, who, "CHANGED", password)


# Passwords through --batch ---------------------------------------------------

def batch_password_cases():
    return [
        # id, password field (str) or the whole request (bytes), exit, code, words
        ("empty", "", 5, "PASSWORD_REJECTED", "No password has been supplied"),
        ("512-bytes", "Qv" + secrets.token_hex(255), 2, "BAD_REQUEST", "longer than 511 bytes"),
        ("nul", new_password() + "\0x", 2, "BAD_REQUEST", "control character"),
        ("cr", new_password() + "\rx", 2, "BAD_REQUEST", "control character"),
        ("lf", new_password() + "\nx", 2, "BAD_REQUEST", "control character"),
        ("tab", new_password() + "\tx", 2, "BAD_REQUEST", "control character"),
        ("del", new_password() + "\x7fx", 2, "BAD_REQUEST", "control character"),
        ("c1-csi", new_password() + "\u009b2J", 2, "BAD_REQUEST", "control character"),
        ("not-utf8", b'"Qv-' + tail() + b'\xff-7x"', 2, "BAD_REQUEST", "invalid UTF-8"),
        ("overlong-utf8", b'"Qv-' + tail() + b'\xc0\xaf-7x"', 2, "BAD_REQUEST", "invalid UTF-8"),
        ("utf8-surrogate", b'"Qv-' + tail() + b'\xed\xa0\x80-7x"', 2, "BAD_REQUEST", "invalid UTF-8"),
        ("lone-surrogate-escape", b'"Qv-' + tail() + b'\\udc80-7x"', 2, "BAD_REQUEST", "surrogate"),
        ("high-surrogate-escape", b'"Qv-' + tail() + b'\\ud83d-7x"', 2, "BAD_REQUEST", "surrogate"),
    ]


BATCH_PASSWORDS = batch_password_cases()


def request_bytes(username, password):
    """The request with password as a JSON string, or spliced in raw."""
    if isinstance(password, bytes):
        return b'{"version":1,"username":' + json.dumps(username).encode() + b',"password":' + password + b"}"
    return json.dumps({"version": 1, "username": username, "password": password}).encode()


@pytest.mark.parametrize("case", BATCH_PASSWORDS, ids=[c[0] for c in BATCH_PASSWORDS])
def test_batch_password_refused(account, journal, shadow, case):
    name, password, status, code, words = case
    who = marker(name)
    rc, res, err = run_batch(request_bytes(account.name, password), "--requester", who)
    assert rc == status, res
    assert res["status"] == code and res["exit"] == status
    assert words in res["reason"], res
    assert res["changed"] is False and res["verified"] is False
    assert res["requester"] == who
    assert shadow_bytes() == shadow
    secret = password[3:19] if isinstance(password, str) else password[4:20].decode()
    if secret:
        assert secret not in json.dumps(res) and secret not in err
    rec = recorded(journal, who, code, *([secret] if secret else []))
    assert rec["SSMRESET_REASON"] == res["reason"]


@pytest.mark.parametrize("password", [
    passing(lambda: ("Qv" + secrets.token_urlsafe(400))[:508] + "-7x"),   # 511 bytes, the longest allowed
    passing(lambda: new_password("Qv:with:colons") + ":"),
    passing(lambda: "Grüße-Ünïcødé-" + secrets.token_hex(6) + "-\U0001F511"),
    passing(lambda: new_password() + "\\u0041\"quoted\""),
], ids=["511-bytes", "colons", "non-ascii", "escapes"])
def test_batch_password_taken_as_it_is(account, journal, shadow, password):
    who = marker("batch-taken")
    rc, res, err = run_batch({"version": 1, "username": account.name, "password": password,
                              "requester": who})
    assert rc == 0, res
    assert res["status"] == "CHANGED" and res["verified"] is True
    assert password not in json.dumps(res) and password not in err
    assert_only_this_account_changed(shadow, account.name)
    assert hash_matches(password, shadow_line(account.name).split(":")[1])
    assert login_ok(account.name, password)
    recorded(journal, who, "CHANGED", password)


def test_batch_raw_utf8_password(account, journal, shadow):
    """UTF-8 as it is, not as \\u escapes (json.dumps' default): json-c 0.18's
    strict mode refuses every byte of 0x80 or more inside a string."""
    who = marker("batch-raw-utf8")
    password = "Grüß-Tulip-73-" + secrets.token_hex(4) + "-\U0001F511"
    data = json.dumps({"version": 1, "username": account.name, "password": password, "requester": who},
                      ensure_ascii=False).encode()
    assert "ü".encode() in data
    rc, res, err = run_batch(data)
    assert rc == 0, res
    assert res["status"] == "CHANGED" and res["verified"] is True
    assert_only_this_account_changed(shadow, account.name)
    assert hash_matches(password, shadow_line(account.name).split(":")[1])
    assert login_ok(account.name, password)
    recorded(journal, who, "CHANGED", password)


def test_a_surrogate_pair_is_one_character(account):
    """Only unpaired halves are refused: an escaped pair is the character."""
    rc, res, _ = run_batch(b'{"version":1,"username":"' + account.name.encode()
                           + b'","password":"Qv-key-\\ud83d\\udd11-7x-Orbit"}')
    assert rc == 0, res
    assert login_ok(account.name, "Qv-key-\U0001F511-7x-Orbit")


# User names ------------------------------------------------------------------

HOSTILE_NAMES = [
    # id, user name, exit, code, words
    ("empty", "", 2, "BAD_REQUEST", "the user name is empty"),
    ("33-bytes", "a" * 33, 2, "BAD_REQUEST", "longer than 32 bytes"),
    ("nul", "bob\0root", 2, "BAD_REQUEST", "control character"),
    ("newline", "bob\nroot::0:0", 2, "BAD_REQUEST", "control character"),
    ("escape", "bob\x1b[2J", 2, "BAD_REQUEST", "control character"),
    ("c1", "bob\u009b", 2, "BAD_REQUEST", "control character"),
    ("colon", "root:x", 2, "BAD_REQUEST", "not allowed in account names"),
    ("path", "../../etc/shadow", 2, "BAD_REQUEST", "not allowed in account names"),
    ("shell", "$(reboot)", 2, "BAD_REQUEST", "not allowed in account names"),
    ("zero-width-space", "r\u200boot", 2, "BAD_REQUEST", "not allowed in account names"),
    ("no-break-space", "root\u00a0", 2, "BAD_REQUEST", "not allowed in account names"),
    ("right-to-left-override", "al\u202eice", 2, "BAD_REQUEST", "not allowed in account names"),
    ("leading-dash", "-rf", 2, "BAD_REQUEST", "begins with '-' or '+'"),
    ("nis-plus", "+@admins", 2, "BAD_REQUEST", "begins with '-' or '+'"),
    ("dot", ".", 2, "BAD_REQUEST", "'.' or '..'"),
    ("dotdot", "..", 2, "BAD_REQUEST", "'.' or '..'"),
    ("32-bytes-unknown", "a" * 32, 3, "USER_UNKNOWN", "there is no account named"),
    ("samba-machine-unknown", "web1$", 3, "USER_UNKNOWN", "there is no account named"),
    ("non-ascii-unknown", "jürgen", 3, "USER_UNKNOWN", "there is no account named"),
]


@pytest.mark.parametrize("case", HOSTILE_NAMES, ids=[c[0] for c in HOSTILE_NAMES])
def test_batch_user_name(journal, shadow, case):
    name, user, status, code, words = case
    who = marker(name)
    password = new_password()
    rc, res, _ = run_batch({"version": 1, "username": user, "password": password}, "--requester", who)
    assert rc == status, res
    assert res["status"] == code and words in res["reason"], res
    assert res["tries"] == 0, "a refused name must come before PAM"
    assert shadow_bytes() == shadow
    rec = recorded(journal, who, code, password)
    assert all(c >= " " and c != "\x7f" and not "\x80" <= c <= "\x9f" for c in rec["SSMRESET_USER"])


@pytest.mark.parametrize("case", [c for c in HOSTILE_NAMES if "\0" not in c[1]],
                         ids=[c[0] for c in HOSTILE_NAMES if "\0" not in c[1]])
def test_terminal_user_name(journal, shadow, case):
    name, user, status, code, words = case
    who = marker(name)
    rc, out, echo = run_pty([SSMRESET, "--requester", who, "--", user])
    assert rc == status, out
    assert "ssmreset: %s: " % code in out and words in out
    assert "New password" not in out
    assert "\x1b[2J" not in out and "\u009b" not in out and "\u202e" not in out
    assert echo
    assert shadow_bytes() == shadow
    recorded(journal, who, code)


# Malformed requests ----------------------------------------------------------

P = b'"username":"root","password":"Qv-not-used-7x"'
BAD_REQUESTS = [
    ("empty", b"", "not valid JSON"),
    ("blank", b"  \n\t", "not valid JSON"),
    ("null", b"null", "not valid JSON"),
    ("array", b"[]", "must be a JSON object"),
    ("string", b'"root"', "must be a JSON object"),
    ("empty-object", b"{}", "missing field 'version'"),
    ("no-username", b'{"version":1,"password":"x"}', "missing field 'username'"),
    ("no-password", b'{"version":1,"username":"root"}', "missing field 'password'"),
    ("trailing-text", b'{"version":1,' + P + b"} rm -rf /", "text follows the JSON object"),
    ("two-objects", b'{"version":1,' + P + b'}{"version":1,' + P + b"}", "text follows the JSON object"),
    ("byte-order-mark", b"\xef\xbb\xbf{\"version\":1," + P + b"}", "not valid JSON"),
    ("comment", b'{/* hi */"version":1,' + P + b"}", "not valid JSON"),
    ("single-quotes", b"{'version':1}", "single-quoted string"),
    ("trailing-comma", b'{"version":1,' + P + b",}", "not valid JSON"),
    ("unterminated", b'{"version":1,"username":"root","password":"x', "not valid JSON"),
    ("bad-escape", b'{"version":1,"username":"root","password":"\\x41"}', "not valid JSON"),
    ("short-escape", b'{"version":1,"username":"root","password":"\\u12"}', "not valid JSON"),
    ("bare-word", b'{"version":1,"username":root,"password":"x"}', "not valid JSON"),
    ("deep-nesting", b"[" * 10000, "nesting too deep"),
    ("nested-value", b'{"version":1,' + P + b',"x":{"y":{"z":1}}}', "not valid JSON"),
    ("object-name", b'{"version":1,"username":{"name":"root"},"password":"x"}', "must not be an object"),
    ("array-name", b'{"version":1,"username":["root"],"password":"x"}', "must not be an object"),
    ("number-name", b'{"version":1,"username":0,"password":"x"}', "'username' must be a string"),
    ("null-password", b'{"version":1,"username":"root","password":null}', "'password' must be a string"),
    ("number-password", b'{"version":1,"username":"root","password":12345678}', "'password' must be a string"),
    ("version-string", b'{"version":"1",' + P + b"}", "'version' must be an integer"),
    ("version-float", b'{"version":1.0,' + P + b"}", "'version' must be an integer"),
    ("version-huge", b'{"version":1e999,' + P + b"}", "'version' must be an integer"),
    ("version-nan", b'{"version":NaN,' + P + b"}", "'version' must be an integer"),
    ("version-overflow", b'{"version":99999999999999999999,' + P + b"}", "integer out of range"),
    ("version-2", b'{"version":2,' + P + b"}", "unsupported version 2"),
    ("version-leading-zero", b'{"version":01,' + P + b"}", "not valid JSON"),
    ("expire-number", b'{"version":1,' + P + b',"expire":1}', "'expire' must be true or false"),
    ("unknown-field", b'{"version":1,' + P + b',"uid":0}', "unknown field 'uid'"),
    ("field-case", b'{"version":1,' + P + b',"Password":"x"}', "unknown field 'Password'"),
    ("duplicate-name", b'{"version":1,"username":"nobody","username":"root","password":"x"}',
     "duplicate field 'username'"),
    ("duplicate-escaped", b'{"version":1,"username":"root","pass\\u0077ord":"x","password":"y"}',
     "duplicate field 'password'"),
    ("raw-nul", b'{"version":1,"username":"ro\x00ot","password":"x"}', "contains a NUL byte"),
    ("too-large", b'{"version":1,' + P + b"}" + b" " * 65536, "larger than 65536 bytes"),
    ("session-id-shell", b'{"version":1,' + P + b',"session_id":"a;reboot"}', "session_id and requester take"),
    ("requester-long", b'{"version":1,' + P + b',"requester":"' + b"r" * 257 + b'"}',
     "session_id and requester take"),
    ("requester-nul", b'{"version":1,' + P + b',"requester":"a\\u0000b"}', "contains a NUL byte"),
]


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_malformed_request(journal, shadow, case):
    name, data, words = case
    who = marker(name)
    rc, res, err = run_batch(data, "--requester", who)
    assert rc == 2, res
    assert res["status"] == "BAD_REQUEST" and res["mode"] == "batch", res
    assert words in res["reason"], res
    assert res["changed"] is False and res["tries"] == 0
    assert err == ""
    assert shadow_bytes() == shadow
    rec = recorded(journal, who, "BAD_REQUEST", "Qv-not-used-7x")
    assert rec["SSMRESET_REASON"] == res["reason"]


def test_the_request_names_the_requester_before_the_command_line(account, journal):
    """--requester and --session-id on the command line stand in for what
    the request leaves out, and only for that. (They were ignored with
    --batch, and a malformed request's record named nobody.)"""
    cli = marker("cli")
    body = marker("body")
    rc, res, _ = run_batch({"version": 1, "username": account.name, "password": new_password(),
                            "requester": body}, "--requester", cli, "--session-id", "cli-session-1")
    assert rc == 0, res
    assert res["requester"] == body and res["session_id"] == "cli-session-1"
    rec = recorded(journal, body, "CHANGED")
    assert rec["SSMRESET_SESSION_ID"] == "cli-session-1"
    assert journal.records(SSMRESET_REQUESTER=cli) == []


@pytest.mark.parametrize("in_request", [None, False], ids=["absent", "false"])
def test_expire_on_the_command_line_is_not_dropped_by_a_request(account, in_request):
    """ssmreset --batch --expire: the request may ask for expiry too, but
    not take it away (the flag was silently ignored)."""
    request = {"version": 1, "username": account.name, "password": new_password()}
    if in_request is not None:
        request["expire"] = in_request
    rc, res, _ = run_batch(request, "--expire")
    assert rc == 0 and res["expired"] is True, res
    assert shadow_line(account.name).split(":")[2] == "0"
