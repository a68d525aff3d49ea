# SPDX-License-Identifier: Apache-2.0
"""Drives ssmreset the way a person in a session does: through a real
pseudo-terminal, a byte at a time. Also: accounts, the journal, shadow."""
import errno
import fcntl
import json
import os
import re
import select
import signal
import socket
import subprocess
import termios
import time

BUILD = os.environ.get("SSMRESET_BUILD_DIR", os.getcwd())
LOGIN_CHECK = os.path.join(BUILD, "tests/helpers/pam-login-check")
# The stand-in for the agent's worker, where the agent installs it (the
# sandbox puts it there); the same program at its build path is an impostor.
WORKER = os.environ.get("SSMRESET_SANDBOX_WORKER", "/usr/bin/ssm-session-worker")
UNTRUSTED_WORKER = os.path.join(BUILD, "tests/helpers/ssm-session-worker")

GOOD = "Tulip-Granite-Orbit-73"       # passes Debian's pwquality defaults
GOOD2 = "Velvet-Harbor-Quartz-19"
INITIAL = "Initial-Passphrase-Sunrise-55"


def shadow_bytes():
    with open("/etc/shadow", "rb") as f:
        return f.read()


def shadow_line(user):
    for line in shadow_bytes().decode().splitlines():
        if line.split(":", 1)[0] == user:
            return line
    return None


def as_nobody():
    """preexec_fn: the rest of the child runs as nobody."""
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def login_ok(user, password, service=None):
    """Does password open the account through a real PAM auth stack?"""
    r = subprocess.run([LOGIN_CHECK, user] + ([service] if service else []),
                       input=(password + "\n").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.returncode == 0


class PamService:
    """Edits a sandbox PAM file for one test and puts it back afterwards."""

    def __init__(self, name="ssmreset"):
        self.path = "/etc/pam.d/" + name
        with open(self.path) as f:
            self.original = f.read()

    def write(self, text):
        with open(self.path, "w") as f:
            f.write(text)

    def module_options(self, *options):
        """Appends options to the first pam_ssmreset.so line (the policy one)."""
        lines = self.original.splitlines()
        for i, line in enumerate(lines):
            if "pam_ssmreset.so" in line and not line.lstrip().startswith("#") and "finish" not in line:
                lines[i] = line + " " + " ".join(options)
                break
        else:
            raise AssertionError("no pam_ssmreset.so line in " + self.path)
        self.write("\n".join(lines) + "\n")

    def restore(self):
        self.write(self.original)


class Account:
    def __init__(self, name):
        self.name = name

    @classmethod
    def create(cls, name, password=INITIAL):
        subprocess.run(["userdel", name], stderr=subprocess.DEVNULL)
        subprocess.run(["useradd", "-M", "-s", "/bin/bash", name], check=True)
        subprocess.run(["chpasswd"], input=("%s:%s\n" % (name, password)).encode(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert login_ok(name, password)
        return cls(name)

    def delete(self):
        subprocess.run(["userdel", self.name], stderr=subprocess.DEVNULL)


JOURNAL_SOCKET = "/run/systemd/journal/socket"
DEV_LOG = "/run/systemd/journal/dev-log"     # the sandbox's /dev/log points here


def socket_reachable(path):
    """Does a datagram socket at path have a listener?"""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def journald_pid():
    """The sandbox's own journald: this PID namespace shows no other."""
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/comm" % pid) as f:
                    if f.read().strip() == "systemd-journal":
                        return int(pid)
            except OSError:
                pass
    return None


def stop_journald():
    pid = journald_pid()
    assert pid, "no journald in the sandbox"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while socket_reachable(JOURNAL_SOCKET) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not socket_reachable(JOURNAL_SOCKET)


def start_journald():
    """Starts the sandbox's journald again if it is not running; stale
    sockets of a stopped one are removed first."""
    if socket_reachable(JOURNAL_SOCKET):
        return
    for path in (JOURNAL_SOCKET, DEV_LOG):
        if os.path.exists(path) and not socket_reachable(path):
            os.unlink(path)
    subprocess.Popen(["/lib/systemd/systemd-journald"], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 10
    while not (socket_reachable(JOURNAL_SOCKET) and socket_reachable(DEV_LOG)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert socket_reachable(JOURNAL_SOCKET), "journald did not come back"


class Journal:
    """The sandbox's journald, read back as JSON: only what arrived after
    this object was made, so tests do not see each other's records."""

    def __init__(self):
        self.since_us = time.time_ns() // 1000

    def records(self, **match):
        args = ["journalctl", "--no-pager", "-o", "json", "SYSLOG_IDENTIFIER=ssmreset"]
        args += ["%s=%s" % kv for kv in match.items()]
        out = subprocess.run(args, stdout=subprocess.PIPE, check=True).stdout.decode()
        recs = [json.loads(line) for line in out.splitlines() if line.strip()]
        return [r for r in recs if int(r["__REALTIME_TIMESTAMP"]) >= self.since_us]

    def wait_for(self, count=1, timeout=10, **match):
        """Exactly count records matching; waits for late arrivals, then
        makes sure no extra record follows."""
        deadline = time.monotonic() + timeout
        recs = self.records(**match)
        while len(recs) < count and time.monotonic() < deadline:
            time.sleep(0.05)
            recs = self.records(**match)
        time.sleep(0.2)
        recs = self.records(**match)
        assert len(recs) == count, "expected %d journal records for %r, found %d: %r" % (
            count, match, len(recs), [r.get("MESSAGE") for r in recs])
        return recs

    def generated(self, **match):
        """The two records of a generated password's reset: the one written
        before the password was set ("PENDING", with the ciphertext), then
        the result. Returns (pending, result)."""
        pending, result = self.wait_for(count=2, **match)
        assert pending["SSMRESET_RESULT"] == "PENDING", pending
        assert pending["SSMRESET_GENERATED"] == "yes" and pending["SSMRESET_CIPHERTEXT"], pending
        assert result["SSMRESET_RESULT"] != "PENDING", result
        assert (result["SSMRESET_SESSION_ID"], result["SSMRESET_REQUESTER"]) == \
            (pending["SSMRESET_SESSION_ID"], pending["SSMRESET_REQUESTER"])
        return pending, result

    def export_text(self):
        return subprocess.run(["journalctl", "--no-pager", "-o", "export"],
                              stdout=subprocess.PIPE, check=True).stdout


class Pty:
    """A program on a real pseudo-terminal, as the session agent runs it."""

    def __init__(self, argv, env=None, preexec=None):
        self.master, self.slave = os.openpty()
        # Keep the session client's terminal settings: echo and canonical on.
        attrs = termios.tcgetattr(self.slave)
        self.initial_lflag = attrs[3]
        full_env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TERM": "xterm-256color",
                    "LANG": "C.UTF-8"}
        full_env.update(env or {})

        def child_setup():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            if preexec:
                preexec()

        self.proc = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                     env=full_env, preexec_fn=child_setup, close_fds=True)
        self.out = b""
        self.pos = 0        # expect() looks only at output after its last match

    def _read(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError as e:
            if e.errno == errno.EIO:
                return False
            raise
        self.out += data
        return bool(data)

    def expect(self, pattern, timeout=10):
        """Waits until the transcript matches pattern (bytes regex)."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.out, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("%r not seen; transcript: %r" % (pattern, self.out))
            if not self._read(min(left, 0.2)) and self.proc.poll() is not None:
                if not self._read(0) and not rx.search(self.out, self.pos):
                    raise AssertionError("%r not seen before exit %r; transcript: %r"
                                         % (pattern, self.proc.returncode, self.out))

    def type(self, text, enter=b"\r"):
        """Keystrokes one byte at a time, as the session client relays them."""
        data = text.encode() if isinstance(text, str) else text
        for b in data + enter:
            os.write(self.master, bytes([b]))
            time.sleep(0.002)

    def echo_on(self):
        return bool(termios.tcgetattr(self.slave)[3] & termios.ECHO)

    def wait(self, timeout=20):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        rc = self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        while self._read(0.05):
            pass
        return rc

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)

    @property
    def text(self):
        return self.out.decode("utf-8", "replace")


def run_pty(argv, keys=(), env=None, preexec=None, timeout=20):
    """Runs argv on a pty; answers each prompt in order with keys. Returns
    (exit status, transcript, echo restored?)."""
    p = Pty(argv, env=env, preexec=preexec)
    try:
        for k in keys:
            p.expect(rb"password: $", timeout=timeout)
            p.type(k)
        rc = p.wait(timeout)
        return rc, p.text, p.echo_on()
    finally:
        p.close()
