# SPDX-License-Identifier: Apache-2.0
"""Helpers of the hardening tests (bad input, concurrency, faults, secrets):
passwords nobody else uses, hashes checked with libcrypt, the account files
parsed line by line, a process that holds the shadow lock, a pipe that
blocks its writer, and a scan of another process's memory."""
import ctypes
import fcntl
import json
import os
import secrets
import subprocess
import sys
import time

from harness import BUILD

SSMRESET = os.path.join(BUILD, "ssmreset")

_crypt = ctypes.CDLL("libcrypt.so.1", use_errno=True)
_crypt.crypt.restype = ctypes.c_char_p
_crypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
_crypt.crypt_gensalt.restype = ctypes.c_char_p
_crypt.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]


_pwq = ctypes.CDLL("libpwquality.so.1")
_pwq.pwquality_default_settings.restype = ctypes.c_void_p
_pwq.pwquality_read_config.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
_pwq.pwquality_check.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                 ctypes.POINTER(ctypes.c_void_p)]
_pwq_settings = None


def passes_policy(password, user=None):
    """Does the local policy (pwquality.conf, cracklib) take password? About
    one random password in 700 is "too simplistic/systematic" to cracklib."""
    global _pwq_settings
    if _pwq_settings is None:
        _pwq_settings = _pwq.pwquality_default_settings()
        _pwq.pwquality_read_config(_pwq_settings, None, ctypes.byref(ctypes.c_void_p()))
    return _pwq.pwquality_check(_pwq_settings, password.encode(), None,
                                user.encode() if user else None, ctypes.byref(ctypes.c_void_p())) >= 0


def passing(make):
    """make() again until the local policy takes what it makes."""
    for _ in range(100):
        password = make()
        if passes_policy(password):
            return password
    raise AssertionError("no acceptable password made")


def new_password(prefix="Qv"):
    """A password that passes the local quality policy and that no library,
    binary or dictionary holds: finding it somewhere means it came from the
    reset."""
    return passing(lambda: "%s-%s-7x" % (prefix, secrets.token_urlsafe(18)))


def make_hash(password, setting=None):
    """password's hash: yescrypt at libxcrypt's default cost, or as setting
    says (a crypt(5) setting, "$6$rounds=N$")."""
    if setting is None:
        salt = _crypt.crypt_gensalt(b"$y$", 0, None, 0)
        assert salt, "libcrypt cannot make a yescrypt setting"
    else:
        salt = _crypt.crypt_gensalt(setting.split("$rounds=")[0].encode() + b"$",
                                    int(setting.split("rounds=")[1].strip("$")) if "rounds=" in setting else 0,
                                    None, 0)
        assert salt, "libcrypt cannot make the setting %r" % setting
    return _crypt.crypt(password.encode(), salt).decode()


def sha512_rounds_for(ms):
    """The sha512crypt rounds (pam_unix's sha512 rounds=N) that make one hash
    take at least ms milliseconds here: hashes as slow as a slower machine's,
    on this one. Measured, the best of three."""
    probe = 200000
    setting = _crypt.crypt_gensalt(b"$6$", probe, None, 0)
    best = None
    for _ in range(3):
        t = time.monotonic()
        _crypt.crypt(b"calibration-only", setting)
        took = time.monotonic() - t
        best = took if best is None else min(best, took)
    return max(1000, int(probe * ms / 1000.0 / best * 1.05))


def hash_matches(password, stored):
    pw = password if isinstance(password, bytes) else password.encode()
    out = _crypt.crypt(pw, stored.encode())
    return out is not None and out.decode() == stored


def json_results(stdout):
    """What a --json or --batch run printed: (the PENDING object, or None,
    and the result object). A generated password's ciphertext comes first,
    on a line of its own with "status": "PENDING", before the password is
    set; every run ends with exactly one result object."""
    text = stdout.decode() if isinstance(stdout, bytes) else stdout
    objs = [json.loads(line) for line in text.splitlines()]
    assert len(objs) in (1, 2), text
    if len(objs) == 1:
        assert objs[0]["status"] != "PENDING", text
        return None, objs[0]
    pending, res = objs
    assert pending["status"] == "PENDING" and pending["exit"] is None, text
    assert pending["generated"] is True and pending["encrypted_password"], text
    assert res["status"] != "PENDING", text
    if res["status"] == "CHANGED":
        assert res["encrypted_password"] == pending["encrypted_password"], text
    return pending, res


def json_result(stdout):
    return json_results(stdout)[1]


def run_batch(request, *args, env=None, timeout=60):
    """ssmreset --batch with request (a dict, or bytes as they are) on stdin:
    (exit status, the result object, standard error)."""
    data = request if isinstance(request, bytes) else json.dumps(request).encode()
    r = subprocess.run([SSMRESET, "--batch", *args], input=data, capture_output=True, env=env,
                       timeout=timeout)
    return r.returncode, json_result(r.stdout), r.stderr.decode()


# The account files ---------------------------------------------------------

FIELDS = {"/etc/passwd": 7, "/etc/shadow": 9, "/etc/group": 4, "/etc/gshadow": 4}


def read_account_file(path):
    """Every line of path, checked: the right number of fields, a name, no
    name twice. Returns {name: line} in file order."""
    with open(path, "rb") as f:
        data = f.read()
    assert data.endswith(b"\n"), "%s does not end with a newline" % path
    entries = {}
    for line in data.decode("latin-1").split("\n")[:-1]:
        fields = line.split(":")
        assert len(fields) == FIELDS[path], "%s: broken line %r" % (path, line)
        assert fields[0], "%s: line without a name: %r" % (path, line)
        assert fields[0] not in entries, "%s: %s appears twice" % (path, fields[0])
        if path == "/etc/shadow":
            for n in fields[2:8]:
                assert n == "" or n.lstrip("-").isdigit(), "%s: bad number in %r" % (path, line)
        entries[fields[0]] = line
    return entries


def account_files():
    return {p: read_account_file(p) for p in FIELDS}


def pwck_complaints():
    """What pwck -r and grpck -r find. The sandbox shares the machine's
    accounts, some of whose home directories do not exist (pwck exits 2 for
    those): tests compare complaints before and after."""
    found = set()
    for cmd in (["pwck", "-r"], ["grpck", "-r"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode in (0, 2), (cmd, r.returncode, r.stdout, r.stderr)
        found |= {"%s: %s" % (cmd[0], l) for l in (r.stdout + r.stderr).splitlines()
                  if l.strip() and not l.endswith(": no changes")}
    return found


class BulkAccounts:
    """n accounts appended to passwd, shadow, group and gshadow at once
    (useradd takes a second for 100), each with its own known password.
    restore() puts the four files back as they were. setting: the hashes'
    crypt(5) setting (make_hash())."""

    def __init__(self, prefix, n, first_uid, setting=None):
        self.saved = {}
        for p in FIELDS:
            with open(p, "rb") as f:
                self.saved[p] = f.read()
        self.names = ["%s%03d" % (prefix, i) for i in range(n)]
        self.passwords = {name: new_password("Init") for name in self.names}
        lines = {p: [] for p in FIELDS}
        for i, name in enumerate(self.names):
            uid = first_uid + i
            h = make_hash(self.passwords[name], setting)
            lines["/etc/passwd"].append("%s:x:%d:%d::/nonexistent:/bin/sh" % (name, uid, uid))
            lines["/etc/shadow"].append("%s:%s:19700:0:99999:7:::" % (name, h))
            lines["/etc/group"].append("%s:x:%d:" % (name, uid))
            lines["/etc/gshadow"].append("%s:!::" % name)
        for p, new in lines.items():
            with open(p, "ab") as f:
                f.write(("\n".join(new) + "\n").encode())

    def restore(self):
        for p, data in self.saved.items():
            with open(p, "wb") as f:
                f.write(data)


# The shadow lock ------------------------------------------------------------

class LockHolder:
    """Another process, named lock-holder, that takes the shadow lock with
    lckpwdf() as shadow-utils and pam_unix do, and keeps it for hold
    seconds (or until stop())."""

    CODE = ("import ctypes, sys, time\n"
            "libc = ctypes.CDLL('libc.so.6')\n"
            "libc.prctl(15, b'lock-holder', 0, 0, 0)\n"
            "assert libc.lckpwdf() == 0\n"
            "print('locked', flush=True)\n"
            "time.sleep(float(sys.argv[1]))\n")

    def __init__(self, hold):
        self.proc = subprocess.Popen([sys.executable, "-c", self.CODE, str(hold)], stdout=subprocess.PIPE)
        assert self.proc.stdout.readline() == b"locked\n", "the lock holder did not get the lock"
        self.pid = self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


# Processes caught after they reported ---------------------------------------

F_SETPIPE_SZ = 1031


def full_pipe():
    """A pipe whose buffer is already full: a process with it as standard
    output blocks in write() on its first flush, its work done, until the
    test reads. Returns (read end, write end)."""
    r, w = os.pipe()
    fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
    os.set_blocking(w, False)
    try:
        while True:
            os.write(w, b"\0" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(w, True)
    return r, w


SYS_WRITE, SYS_POLL = "1", "7"     # x86-64


def wait_blocked_in_write(pid, fd=1, timeout=20):
    """Waits until pid sits in write(fd, ...), or waits for fd to take more:
    ssmreset writes its output only when poll() says there is room (one
    descriptor, waking every second to mind its deadline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open("/proc/%d/syscall" % pid) as f:
            call = f.read().split()
        if len(call) > 1 and call[0] == SYS_WRITE and int(call[1], 16) == fd:
            return
        if len(call) > 3 and call[0] == SYS_POLL and int(call[2], 16) == 1 and 0 < int(call[3], 16) <= 1000:
            return
        time.sleep(0.02)
    raise AssertionError("process %d never blocked writing to fd %d" % (pid, fd))


UNREADABLE = ("[vvar]", "[vvar_vclock]", "[vsyscall]")
# AddressSanitizer's shadow memory on x86-64 (tests/sanitize runs these tests
# on such a build): terabytes of metadata about the program's bytes, never a
# copy of them.
ASAN_SHADOW = (0x7fff8000, 0x10007fff8000)
CHUNK = 64 << 20


def _is_asan_build(pid):
    with open("/proc/%d/exe" % pid, "rb") as f:
        return b"AddressSanitizer" in f.read()


def _memory_regions(pid):
    """pid's readable memory, read through /proc/PID/mem (which root may do
    even for a process that is not dumpable): yields (mapping, address,
    bytes) in chunks of CHUNK that overlap by one less than MAX_NEEDLE."""
    scanned = set()
    asan = _is_asan_build(pid)
    with open("/proc/%d/maps" % pid) as maps, open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            name = fields[5] if len(fields) > 5 else ""
            if not fields[1].startswith("r") or name in UNREADABLE:
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if asan and ASAN_SHADOW[0] <= start and end <= ASAN_SHADOW[1]:
                continue
            assert end - start <= 64 << 30, "a mapping too large to read: %s" % line
            scanned.add(name)
            at_addr, tail = start, b""
            while at_addr < end:
                mem.seek(at_addr)
                data = tail + mem.read(min(CHUNK, end - at_addr))
                yield line.strip(), at_addr - len(tail), data
                at_addr += min(CHUNK, end - at_addr)
                tail = data[-(MAX_NEEDLE - 1):]
    # (AddressSanitizer's allocator keeps no brk heap.)
    assert "[stack]" in scanned and ("[heap]" in scanned or asan), scanned


# The longest needle the scans look for: a password of 511 bytes in UTF-16.
MAX_NEEDLE = 2 * 511


def _find(regions, needles):
    assert max(len(n) for n in needles) <= MAX_NEEDLE
    hits = []
    for mapping, base, data in regions:
        for n in needles:
            at = data.find(n)
            while at >= 0:
                hits.append((mapping, hex(base + at), n))
                at = data.find(n, at + 1)
    return hits


def memory_hits(pid, needles):
    """Every place in pid's readable memory where one of needles (bytes)
    lies: [(mapping, address, needle)]."""
    return _find(_memory_regions(pid), needles)


class MemorySnapshot:
    """pid's readable memory as it is now, kept to be searched later: for a
    secret the test learns only once the process has gone on (a generated
    password, known after its ciphertext is decrypted)."""

    def __init__(self, pid):
        self.regions = list(_memory_regions(pid))

    def hits(self, needles):
        return _find(self.regions, needles)


def secret_forms(*passwords):
    """The forms a password may take in memory: its UTF-8 bytes, and UTF-16
    as wide-character code would hold it."""
    forms = []
    for p in passwords:
        forms += [p.encode(), p.encode("utf-16-le")]
    return forms
