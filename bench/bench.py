#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ssmreset against the tools it replaces, measured in the sandbox.

Run through bench/run, which builds the helpers (launch, hashtool,
hashprobe.so) and starts this inside tests/sandbox/sandbox-run. Everything
that changes a password happens in the sandbox's overlay of /etc.

Phases:
  1. per reset: every contender run --runs times (after --warmup), one at a
     time, in a shuffled order each round, on the same one-line PAM stack;
  2. where the time goes: a few more runs of each reset contender with
     hashprobe.so preloaded (hashes, PAM calls, start-up, exit);
  3. concurrency: --scale-resets resets of as many accounts with 1, 2, 4 and
     8 in flight, --scale-reps times;
  4. /etc/shadow size: 100, 10 000 and 100 000 lines, --size-runs runs each.
Passwords are random, fed on a pipe or a pseudo-terminal, never on a command
line or in the environment; after every reset the stored hash is checked
against the password (outside the timed part).
"""
import argparse
import datetime
import errno
import json
import os
import random
import re
import secrets
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(HERE, "build")
LAUNCH = os.path.join(BUILD, "launch")
HASHTOOL = os.path.join(BUILD, "hashtool")
HASHPROBE = os.path.join(BUILD, "hashprobe.so")
LOCKWATCH = os.path.join(BUILD, "lockwatch")
SHIPPED_PAM = os.path.join(ROOT, "pam_ssmreset", "ssmreset.pam")

# The one password stack every contender gets: pam_unix alone, yescrypt at
# libxcrypt's default cost, no quality checks.
BENCH_STACK_LINE = "password\trequired\tpam_unix.so yescrypt"
BENCH_STACK = ("# Written by bench/bench.py in the sandbox: the same password stack\n"
               "# for ssmreset, chpasswd and passwd.\n" + BENCH_STACK_LINE + "\n")
SERVICES = ("ssmreset", "chpasswd", "passwd")

ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "TERM": "xterm-256color"}
JOB_TIMEOUT = 60.0
BENCH_USERS = ["ssrbench%02d" % i for i in range(16)]
BULK_UID = 200000
# The accounts reset: ordinary ones, inside login.defs' UID_MIN..UID_MAX,
# which the shipped stack's pam_ssmreset.so insists on.
BENCH_UID = 59000


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def new_password():
    return "Bench-" + secrets.token_urlsafe(15)


# ---------------------------------------------------------------- contenders

class Contender:
    """One way of doing (or not doing) a reset.

    kind: "reset" changes USER's password; "bound" the lower bound;
    "base" an empty process; "diag" diagnostics that change nothing."""

    def __init__(self, key, label, short, argv, mode, kind, stdin=None, answers=0,
                 expect_rc=0, stack="bench", note="", new_password_from=None):
        self.key, self.label, self.short, self.mode, self.kind = key, label, short, mode, kind
        self.argv = argv            # function(user) -> list
        self.stdin = stdin          # function(user, password) -> bytes, for "pipe"
        self.answers = answers      # prompts answered, for "pty"
        self.expect_rc = expect_rc
        self.stack = stack          # PAM stack for the ssmreset service: "bench" or "shipped"
        self.note = note
        # function(output) -> the password the run set, when the contender
        # makes it (--generate); None: the one it was given
        self.new_password_from = new_password_from


class Recipient:
    """A one-time RSA 3072 key and certificate for the --generate runs, made
    with the openssl command as a requester would; decrypts their results."""

    def __init__(self, folder):
        self.key, self.cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", self.key,
                        "-out", self.cert, "-days", "2", "-subj", "/CN=bench@example.com",
                        "-addext", "keyUsage=critical,keyEncipherment"], check=True, capture_output=True)
        with open(self.cert) as f:
            self.pem = f.read()

    def password_from(self, output):
        res = json.loads(output.decode().strip().splitlines()[-1])
        r = subprocess.run(["openssl", "cms", "-decrypt", "-inform", "PEM", "-inkey", self.key,
                            "-recip", self.cert], input=res["encrypted_password"].encode(),
                           capture_output=True, check=True)
        return r.stdout.decode()


def make_contenders(ssmreset, has_batch, shipped, recipient=None):
    c = [
        Contender("bound", "lower bound: bare libxcrypt hash (hashtool)", "lower bound",
                  lambda u: [HASHTOOL, "hash"], "pipe", "bound",
                  stdin=lambda u, p: (p + "\n").encode()),
        Contender("true", "empty process (/bin/true)", "/bin/true", lambda u: ["/bin/true"], "pipe", "base",
                  stdin=lambda u, p: b""),
        Contender("ssmreset_pty", "ssmreset USER (pty)", "ssmreset pty", lambda u: [ssmreset, u], "pty", "reset",
                  answers=2),
        Contender("ssmreset_pipe", "ssmreset USER (stdin pipe)", "ssmreset pipe", lambda u: [ssmreset, u], "pipe", "reset",
                  stdin=lambda u, p: ("%s\n%s\n" % (p, p)).encode()),
    ]
    if has_batch:
        c.append(Contender("ssmreset_batch", "ssmreset --batch (JSON on stdin)", "ssmreset --batch",
                           lambda u: [ssmreset, "--batch"], "pipe", "reset",
                           stdin=lambda u, p: (json.dumps({"version": 1, "username": u,
                                                           "password": p}) + "\n").encode()))
    c += [
        Contender("chpasswd", "chpasswd (PAM path, stdin pipe)", "chpasswd", lambda u: ["/usr/sbin/chpasswd"],
                  "pipe", "reset", stdin=lambda u, p: ("%s:%s\n" % (u, p)).encode()),
        Contender("passwd_pty", "passwd USER (pty)", "passwd pty", lambda u: ["/usr/bin/passwd", u], "pty", "reset",
                  answers=2),
    ]
    diags = [
        Contender("true_pty", "empty process on a pty (/bin/true)", "/bin/true pty", lambda u: ["/bin/true"], "pty", "diag",
                  note="what a pty start costs the pty contenders"),
        Contender("ssmreset_version", "ssmreset --version", "ssmreset --version", lambda u: [ssmreset, "--version"], "pipe", "diag",
                  stdin=lambda u, p: b"", note="start-up only: exec, dynamic linking, exit"),
        Contender("passwd_help", "passwd --help", "passwd --help", lambda u: ["/usr/bin/passwd", "--help"],
                  "pipe", "diag", stdin=lambda u, p: b"", note="passwd's start-up only, to compare with ssmreset --version"),
        Contender("ssmreset_unknown", "ssmreset on an unknown account", "ssmreset unknown user", lambda u: [ssmreset, "ssrb-nosuchuser"],
                  "pipe", "diag", stdin=lambda u, p: b"", expect_rc=3,
                  note="everything but PAM and hashing: checks, NSS lookup, journald record"),
    ]
    if has_batch and recipient:
        diags.append(Contender("ssmreset_batch_generate", "ssmreset --batch, generated (\"generate\", "
                               "\"recipient\": RSA 3072)", "ssmreset --batch --generate",
                               lambda u: [ssmreset, "--batch"], "pipe", "diag-reset",
                               stdin=lambda u, p: (json.dumps({"version": 1, "username": u, "generate": True,
                                                               "recipient": recipient.pem}) + "\n").encode(),
                               note="the password made from pwquality.conf's policy (libpwquality's "
                                    "generator and checks) and returned encrypted (CMS); decrypted with "
                                    "the openssl command after the run, outside the timing",
                               new_password_from=recipient.password_from))
    if shipped:
        diags.append(Contender("ssmreset_shipped", "ssmreset USER (pipe), its shipped PAM stack", "ssmreset shipped stack",
                               lambda u: [ssmreset, u], "pipe", "diag-reset",
                               stdin=lambda u, p: ("%s\n%s\n" % (p, p)).encode(), stack="shipped",
                               note="pam_ssmreset/ssmreset.pam with Debian's common-password as "
                                    "the sandbox has it (pwquality, pam_unix obscure yescrypt)"))
    return c, diags


def changes_password(c):
    return c.kind in ("reset", "diag-reset")


# ---------------------------------------------------------------- one run

class Job:
    """One run of a contender under launch, driven through a pipe or a pty."""

    def __init__(self, contender, user, password, extra_env=None):
        self.c, self.user, self.password = contender, user, password
        self.env = dict(ENV)
        self.env.update(extra_env or {})
        self.out = b""
        self.answered = 0
        self.child = None
        self.resbuf = b""
        self.res_fd = self.out_fd = None
        self.result = None
        self.error = None
        self.want_smaps = False
        self.smaps = None

    def start(self):
        c = self.c
        res_r, res_w = os.pipe()
        close_after = [res_w]
        if c.mode == "pty":
            master, slave = os.openpty()
            os.set_blocking(master, False)
            fa = [(os.POSIX_SPAWN_DUP2, slave, 0), (os.POSIX_SPAWN_DUP2, slave, 1),
                  (os.POSIX_SPAWN_DUP2, slave, 2)]
            close_after.append(slave)
            self.out_fd = master
            args = [LAUNCH, "-t", "3"]
        else:
            in_r, in_w = os.pipe()
            data = c.stdin(self.user, self.password)
            if len(data) > 60000:
                raise ValueError("standard input too large for one pipe write")
            os.write(in_w, data)
            os.close(in_w)
            out_r, out_w = os.pipe()
            fa = [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1),
                  (os.POSIX_SPAWN_DUP2, out_w, 2)]
            close_after += [in_r, out_w]
            self.out_fd = out_r
            args = [LAUNCH, "3"]
        fa.append((os.POSIX_SPAWN_DUP2, res_w, 3))
        self.res_fd = res_r
        self.deadline = time.monotonic() + JOB_TIMEOUT
        self.pid = os.posix_spawn(LAUNCH, args + c.argv(self.user), self.env, file_actions=fa)
        for fd in close_after:
            os.close(fd)

    def fds(self):
        return [fd for fd in (self.res_fd, self.out_fd) if fd is not None]

    def _read_out(self):
        try:
            data = os.read(self.out_fd, 65536)
        except BlockingIOError:
            return True
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:
            os.close(self.out_fd)
            self.out_fd = None
            return False
        self.out += data
        if self.c.mode == "pty":
            prompts = self.out.count(b"password: ")
            if prompts and self.want_smaps and self.smaps is None:
                while self.child is None and self.res_fd is not None:
                    self.on_readable(self.res_fd)
                self.smaps = read_smaps(self.child) if self.child else {}
            while self.answered < min(prompts, self.c.answers):
                os.write(self.out_fd, self.password.encode() + b"\r")
                self.answered += 1
        return True

    def on_readable(self, fd):
        if fd == self.out_fd:
            self._read_out()
            return
        data = os.read(self.res_fd, 4096)
        if data:
            self.resbuf += data
            m = re.search(rb"^pid (\d+)$", self.resbuf, re.M)
            if m:
                self.child = int(m.group(1))
            return
        os.close(self.res_fd)
        self.res_fd = None
        self._finish()

    def _finish(self):
        os.waitpid(self.pid, 0)
        # The contender is gone: collect what it wrote last.
        while self.out_fd is not None:
            r, _, _ = select.select([self.out_fd], [], [], 1.0)
            if not r or not self._read_out():
                break
        if self.out_fd is not None:
            os.close(self.out_fd)
            self.out_fd = None
        m = re.search(rb"^done (.*)$", self.resbuf, re.M)
        if not m:
            self.error = "launch reported nothing: %r" % self.resbuf
            return
        f = [int(x) for x in m.group(1).split()]
        wall_ns, status, ut, st, rss, minflt, majflt, nvcsw, nivcsw, t0, t1 = f
        rc = os.waitstatus_to_exitcode(status)
        self.result = {"wall_ms": wall_ns / 1e6, "cpu_ms": (ut + st) / 1e3, "user_ms": ut / 1e3,
                       "sys_ms": st / 1e3, "rss_kib": rss, "minflt": minflt, "majflt": majflt,
                       "nvcsw": nvcsw, "nivcsw": nivcsw, "rc": rc, "t0": t0, "t1": t1}
        if rc != self.c.expect_rc:
            self.error = "exit status %d, expected %d; output: %r" % (rc, self.c.expect_rc,
                                                                     self.out[-400:])

    @property
    def done(self):
        return self.res_fd is None

    def check_timeout(self):
        if self.done or time.monotonic() < self.deadline:
            return
        self.error = "timed out after %.0f s; output: %r" % (JOB_TIMEOUT, self.out[-400:])
        if self.child:
            try:
                os.kill(self.child, signal.SIGKILL)
            except ProcessLookupError:
                pass


class CpuMeter:
    """How much CPU the rest of the machine used while a phase ran: busy time
    from /proc/stat minus this driver's own and its children's (the launched
    contenders are the launchers' children, counted when reaped). The
    sandbox's journald is counted as others (it is not our child)."""

    @staticmethod
    def _sample():
        import resource
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        hz = os.sysconf("SC_CLK_TCK")
        idle = v[3] + (v[4] if len(v) > 4 else 0)
        busy = (sum(v[:8]) - idle) / hz
        me = resource.getrusage(resource.RUSAGE_SELF)
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime
        return time.monotonic(), busy, ours

    def __init__(self):
        self.start = self._sample()

    def stop(self):
        t1, b1, o1 = self._sample()
        t0, b0, o0 = self.start
        el = t1 - t0
        others = max(0.0, (b1 - b0) - (o1 - o0))
        return {"elapsed_s": el, "others_cores": others / el if el > 0 else 0.0,
                "ours_cores": (o1 - o0) / el if el > 0 else 0.0}


def read_smaps(pid):
    """Resident KiB by mapping (library file name, [heap], [stack], [anon])."""
    out = {}
    name = None
    try:
        with open("/proc/%d/smaps" % pid) as f:
            for line in f:
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    parts = line.split(None, 5)
                    name = os.path.basename(parts[5].strip()) if len(parts) > 5 and parts[5].strip() else "[anon]"
                    if parts[5:] and parts[5].strip().startswith("["):
                        name = parts[5].strip()
                elif line.startswith("Rss:") and name:
                    out[name] = out.get(name, 0) + int(line.split()[1])
    except OSError:
        return {}
    out = {k: v for k, v in out.items() if v}
    out["total"] = sum(out.values())
    return out


def run_jobs(jobs, concurrency):
    """Runs jobs with at most concurrency in flight; returns the wall time in s
    from the first start to the last end."""
    pending = list(jobs)
    running = []
    t0 = time.monotonic()
    while pending or running:
        while pending and len(running) < concurrency:
            j = pending.pop(0)
            j.start()
            running.append(j)
        fdmap = {}
        for j in running:
            for fd in j.fds():
                fdmap[fd] = j
        if fdmap:
            r, _, _ = select.select(list(fdmap), [], [], 0.5)
            for fd in r:
                j = fdmap[fd]
                if fd in j.fds():
                    j.on_readable(fd)
        for j in list(running):
            j.check_timeout()
            if j.done:
                running.remove(j)
    return time.monotonic() - t0


# ---------------------------------------------------------------- the sandbox's /etc

def stored_hash(user):
    with open("/etc/shadow", "rb") as f:
        data = b"\n" + f.read()
    i = data.find(b"\n" + user.encode() + b":")
    if i < 0:
        return None
    line = data[i + 1:data.find(b"\n", i + 1)].decode()
    return line.split(":")[1]


def hash_matches(password, h):
    r = subprocess.run([HASHTOOL, "verify"], input=("%s\n%s\n" % (password, h)).encode(), env=ENV)
    return r.returncode == 0


def hash_setting(h):
    """The method and cost part of a crypt hash: "$y$j9T$" for yescrypt cost 5."""
    if not h or not h.startswith("$"):
        return h or "(none)"
    parts = h.split("$")
    return "$".join(parts[:3]) + "$" if parts[1] == "y" else "$".join(parts[:2]) + "$"


def bare_hash(password):
    r = subprocess.run([HASHTOOL, "hash"], input=(password + "\n").encode(), stdout=subprocess.PIPE,
                       env=ENV, check=True)
    return r.stdout.decode().split()[0]


class Accounts:
    """The sandbox's passwd/shadow/group: the original lines, bulk accounts,
    then the bench accounts last (the worst case for a linear lookup)."""

    def __init__(self):
        self.base = {}
        for name in ("passwd", "shadow", "group"):
            with open("/etc/" + name) as f:
                self.base[name] = [l for l in f.read().splitlines() if l.strip()]
        self.base_lines = len(self.base["shadow"])
        self.filler_hash = bare_hash(new_password())
        self.today = int(time.time() // 86400)
        taken = {l.split(":")[0] for l in self.base["passwd"]}
        for u in BENCH_USERS + ["ssrbulk000000"]:
            if u in taken:
                raise SystemExit("bench: account %s already exists in the sandbox's copy of /etc/passwd" % u)
        self.bulk = 0

    def write(self, bulk):
        """Rewrites the three files with bulk extra accounts plus the bench accounts."""
        users = [("ssrbulk%06d" % i, BULK_UID + i) for i in range(bulk)]
        users += [(u, BENCH_UID + i) for i, u in enumerate(BENCH_USERS)]
        pw, sh, gr = list(self.base["passwd"]), list(self.base["shadow"]), list(self.base["group"])
        for u, uid in users:
            pw.append("%s:x:%d:%d::/nonexistent:/usr/sbin/nologin" % (u, uid, uid))
            sh.append("%s:%s:%d:0:99999:7:::" % (u, self.filler_hash, self.today))
            gr.append("%s:x:%d:" % (u, uid))
        for name, lines in (("passwd", pw), ("shadow", sh), ("group", gr)):
            path = "/etc/" + name
            tmp = path + ".bench-new"
            with open(tmp, "w") as f:
                f.write("\n".join(lines) + "\n")
            st = os.stat(path)
            os.chmod(tmp, st.st_mode & 0o7777)
            os.chown(tmp, st.st_uid, st.st_gid)
            os.rename(tmp, path)
        self.bulk = bulk
        return len(sh)


class PamStacks:
    def __init__(self, shipped):
        self.shipped = shipped
        self.current = None
        for s in SERVICES:
            self._write(s, BENCH_STACK)
        self.current = "bench"

    @staticmethod
    def _write(service, text):
        with open("/etc/pam.d/" + service, "w") as f:
            f.write(text)

    def use(self, stack):
        if stack != self.current:
            self._write("ssmreset", BENCH_STACK if stack == "bench" else self.shipped)
            self.current = stack


# ---------------------------------------------------------------- statistics

def summary(xs):
    if not xs:
        return None
    s = sorted(xs)
    if len(s) >= 4:
        q1, q2, q3 = statistics.quantiles(s, n=4, method="inclusive")
    else:
        q1, q2, q3 = s[0], statistics.median(s), s[-1]
    return {"n": len(s), "median": statistics.median(s), "q1": q1, "q3": q3, "min": s[0], "max": s[-1],
            "mean": statistics.fmean(s)}


def bootstrap_diff(a, b, rng, n=2000):
    """95% interval of median(a) - median(b) by resampling both."""
    if len(a) < 5 or len(b) < 5:
        return None
    d = []
    for _ in range(n):
        d.append(statistics.median(rng.choices(a, k=len(a))) - statistics.median(rng.choices(b, k=len(b))))
    d.sort()
    return d[int(0.025 * n)], d[int(0.975 * n) - 1]


# ---------------------------------------------------------------- phases

class Bench:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.accounts = Accounts()
        self.pam = PamStacks(args.shipped_stack)
        self.failures = []
        self.settings = {}          # contender key -> set of stored hash settings

    def run_one(self, c, user, extra_env=None, smaps=False):
        if c.kind in ("reset", "diag-reset", "bound"):
            self.pam.use(c.stack)
        pw = new_password()
        j = Job(c, user, pw, extra_env)
        j.want_smaps = smaps
        run_jobs([j], 1)
        return self.check(j)

    def check(self, j):
        """After the run, outside the timed part: did it do what it says?"""
        c = j.c
        if j.error is None and changes_password(c) and c.new_password_from:
            try:
                j.password = c.new_password_from(j.out)
            except (ValueError, KeyError, subprocess.CalledProcessError) as e:
                j.error = "cannot decrypt the generated password: %r; output: %r" % (e, j.out[-400:])
        if j.error is None and changes_password(c):
            h = stored_hash(j.user)
            self.settings.setdefault(c.key, set()).add(hash_setting(h))
            if not hash_matches(j.password, h):
                j.error = "stored hash of %s does not match the new password" % j.user
        elif j.error is None and c.kind == "bound":
            h = j.out.decode().split()[0] if j.out.split() else ""
            self.settings.setdefault(c.key, set()).add(hash_setting(h))
            try:
                j.result["crypt_ms"] = int(j.out.decode().split()[1]) / 1e6
            except (IndexError, ValueError):
                j.error = "hashtool printed %r" % j.out
        if j.error:
            self.failures.append("%s (%s): %s" % (c.label, j.user, j.error))
            log("FAILED: %s: %s" % (c.label, j.error))
        return j

    def per_reset(self, contenders):
        users = {}
        for i, c in enumerate(c for c in contenders if changes_password(c)):
            users[c.key] = BENCH_USERS[i]
        samples = {c.key: [] for c in contenders}
        rounds = self.args.warmup + self.args.runs
        for r in range(rounds):
            order = list(contenders)
            self.rng.shuffle(order)
            for c in order:
                j = self.run_one(c, users.get(c.key, BENCH_USERS[-1]))
                if r >= self.args.warmup and j.result and not j.error:
                    samples[c.key].append(j.result)
            if (r + 1) % 10 == 0:
                log("per reset: round %d of %d" % (r + 1, rounds))
        return samples, users

    @staticmethod
    def watched(run, out):
        """run() while bench/lockwatch.c watches the shadow lock: run's result,
        and {pid: (ms held, holds)}."""
        if not os.path.exists("/etc/.pwd.lock"):
            os.close(os.open("/etc/.pwd.lock", os.O_WRONLY | os.O_CREAT, 0o600))
        lw = subprocess.Popen([LOCKWATCH, out], stdout=subprocess.PIPE)
        assert lw.stdout.readline() == b"watching\n", "lockwatch did not start"
        try:
            result = run()
        finally:
            lw.terminate()
            lw.wait(timeout=10)
            lw.stdout.close()
        held = {}
        with open(out) as f:
            for line in f:
                pid, us, holds = (int(x) for x in line.split())
                held[pid] = (us / 1000.0, holds)
        return result, held

    def probe(self, contenders, users, nruns):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "ssr-hashprobe.out")
        watch = os.path.join(os.environ.get("TMPDIR", "/tmp"), "ssr-lockwatch.out")
        rows = {}
        for c in contenders:
            if c.kind not in ("reset", "bound", "diag-reset"):
                continue
            runs = []
            for r in range(nruns + 1):
                if os.path.exists(path):
                    os.unlink(path)
                j, held = self.watched(lambda: self.run_one(c, users.get(c.key, BENCH_USERS[-1]),
                                                             {"LD_PRELOAD": HASHPROBE, "SSR_HASHPROBE_OUT": path}),
                                       watch)
                if r == 0 or j.error or not j.result:
                    continue            # the first run warms the preloaded library
                line = None
                if os.path.exists(path):
                    with open(path) as f:
                        for l in f:
                            if l.split()[0] == str(j.child):
                                line = [int(x) for x in l.split()]
                if not line:
                    self.failures.append("%s: the hash probe wrote nothing" % c.label)
                    continue
                _, ctor, dtor, calls, hash_ns, ps, pc, pe, nss_calls, nss_ns, locked_calls = line
                t0, t1 = j.result["t0"], j.result["t1"]
                lock_ms, holds = held.get(j.child, (0.0, 0))
                runs.append({"wall_ms": (t1 - t0) / 1e6, "before_main_ms": (ctor - t0) / 1e6,
                             "main_ms": (dtor - ctor) / 1e6, "after_main_ms": (t1 - dtor) / 1e6,
                             "hash_calls": calls, "hash_ms": hash_ns / 1e6, "pam_start_ms": ps / 1e6,
                             "pam_chauthtok_ms": pc / 1e6, "pam_end_ms": pe / 1e6,
                             "nss_calls": nss_calls, "nss_ms": nss_ns / 1e6,
                             "locked_hash_calls": locked_calls, "lock_ms": lock_ms, "lock_holds": holds})
            if runs:
                rows[c.key] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                rows[c.key]["n"] = len(runs)
                rows[c.key]["hash_calls_set"] = sorted({r["hash_calls"] for r in runs})
                rows[c.key]["nss_calls_set"] = sorted({r["nss_calls"] for r in runs})
                rows[c.key]["locked_hash_calls_set"] = sorted({r["locked_hash_calls"] for r in runs})
                rows[c.key]["lock_holds_set"] = sorted({r["lock_holds"] for r in runs})
        return rows

    def concurrency(self, contenders):
        levels = self.args.levels
        n = self.args.scale_resets
        users = BENCH_USERS[:n]
        data = {c.key: {k: {"walls": [], "lat": []} for k in levels} for c in contenders}
        for rep in range(self.args.scale_reps):
            for k in levels:
                order = list(contenders)
                self.rng.shuffle(order)
                for c in order:
                    self.pam.use(c.stack)
                    jobs = [Job(c, u, new_password()) for u in users]
                    wall = run_jobs(jobs, k)
                    bad = [self.check(j) for j in jobs]
                    if any(j.error for j in bad):
                        continue
                    data[c.key][k]["walls"].append(wall)
                    data[c.key][k]["lat"] += [j.result["wall_ms"] for j in jobs]
            log("concurrency: repetition %d of %d" % (rep + 1, self.args.scale_reps))
        out = {}
        for key, per in data.items():
            out[key] = {}
            for k, d in per.items():
                if d["walls"]:
                    w = statistics.median(d["walls"])
                    out[key][k] = {"resets_per_s": n / w, "wall_s": w, "reps": len(d["walls"]),
                                   "latency": summary(d["lat"])}
        return out

    def shadow_sizes(self, contenders):
        out = {c.key: {} for c in contenders}
        lines_of = {}
        probe = {}
        for size in self.args.sizes:
            bulk = max(0, size - self.accounts.base_lines - len(BENCH_USERS))
            lines = self.accounts.write(bulk)
            lines_of[size] = {"lines": lines, "bytes": os.path.getsize("/etc/shadow")}
            users = {c.key: BENCH_USERS[i] for i, c in enumerate(contenders)}
            samples = {c.key: [] for c in contenders}
            for r in range(self.args.size_warmup + self.args.size_runs):
                order = list(contenders)
                self.rng.shuffle(order)
                for c in order:
                    j = self.run_one(c, users[c.key])
                    if r >= self.args.size_warmup and j.result and not j.error:
                        samples[c.key].append(j.result["wall_ms"])
            for c in contenders:
                out[c.key][size] = summary(samples[c.key])
            if size == max(self.args.sizes):
                probe = self.probe(contenders, users, self.args.size_probe_runs)
            log("shadow size %d (%d lines): done" % (size, lines))
        self.accounts.write(0)
        return out, lines_of, probe


# ---------------------------------------------------------------- the machine

def cmd_out(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=ENV).stdout.decode().strip()
    except OSError:
        return ""


def snapshot(path):
    """A private copy of a binary in the sandbox's TMPDIR: the tree may be
    rebuilt by someone else while the bench runs."""
    import hashlib
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\x7fELF"):
        raise SystemExit("bench: %s is not an ELF executable (a libtool wrapper?)" % path)
    d = os.path.join(os.environ.get("TMPDIR", "/tmp"), "bench-bin")
    os.makedirs(d, exist_ok=True)
    copy = os.path.join(d, os.path.basename(path))
    with open(copy, "wb") as f:
        f.write(data)
    os.chmod(copy, 0o755)
    return copy, hashlib.sha256(data).hexdigest()[:12]


def shipped_stack():
    """ssmreset's own PAM service file, with pam_ssmreset.so named by the path of
    the module built in the tree (as tests/sandbox/sandbox-run does); None and
    the reason when it cannot be used."""
    if not os.path.exists(SHIPPED_PAM):
        return None, "%s does not exist" % SHIPPED_PAM
    with open(SHIPPED_PAM) as f:
        text = f.read()
    if "pam_ssmreset.so" in text:
        module = os.environ.get("SSMRESET_PAM_MODULE") or os.path.join(ROOT, ".libs", "pam_ssmreset.so")
        if not os.path.exists(module):
            return None, "it needs pam_ssmreset.so, which is not built (%s)" % module
        copy, _ = snapshot(module)
        text = text.replace("pam_ssmreset.so", copy)
    return text, ""


def machine_info(ssmreset):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for l in f:
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    pkgs = {}
    for line in cmd_out(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "libpam0g", "libpam-modules",
                         "passwd", "libcrypt1", "libpam-pwquality", "systemd", "libssl3"]).splitlines():
        p, v = line.split(" ", 1)
        pkgs[p] = v
    try:
        debian = open("/etc/debian_version").read().strip()
    except OSError:
        debian = "?"
    u = os.uname()
    git = cmd_out(["git", "-C", ROOT, "-c", "safe.directory=*", "rev-parse", "--short", "HEAD"])
    dirty = cmd_out(["git", "-C", ROOT, "-c", "safe.directory=*", "status", "--porcelain", "--",
                     ".", ":!bench"])
    return {"cpu": cpu, "cores": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)),
            "mem_gib": round(mem_kib / 1048576, 1), "kernel": "%s %s" % (u.release, u.version),
            "arch": u.machine, "debian": debian, "packages": pkgs,
            "ssmreset_version": cmd_out([ssmreset, "--version"]), "git": git,
            "git_dirty": bool(dirty), "python": sys.version.split()[0]}


# ---------------------------------------------------------------- report

def fmt(x, d=1):
    return "–" if x is None else ("%.*f" % (d, x))


def write_report(res, path_md):
    R = []
    m = res["machine"]
    a = res["args"]
    label = {c["key"]: c["label"] for c in res["contenders"] + res["diagnostics"]}
    per = res["per_reset"]

    def med(key, field="wall_ms"):
        s = per.get(key, {}).get(field)
        return s["median"] if s else None

    R.append("# ssmreset benchmark: latest run")
    R.append("")
    R.append("Generated by `bench/run` on %s. Raw samples: `latest.json`; plot: `latest.png`."
             % res["started"])
    R.append("")
    R.append("## Machine")
    R.append("")
    R.append("| | |")
    R.append("|---|---|")
    R.append("| CPU | %s (%d cores, %d usable) |" % (m["cpu"], m["cores"], m["cpus_usable"]))
    R.append("| memory | %s GiB |" % m["mem_gib"])
    R.append("| kernel | %s (%s) |" % (m["kernel"], m["arch"]))
    R.append("| Debian | %s |" % m["debian"])
    R.append("| packages | %s |" % ", ".join("%s %s" % kv for kv in sorted(m["packages"].items())))
    R.append("| ssmreset | %s, git %s%s, binary sha256 %s… |" % (
        m["ssmreset_version"], m["git"], " + uncommitted changes" if m["git_dirty"] else "",
        m.get("ssmreset_sha256", "?")))
    R.append("| load average (1/5/15 min) | start %s, end %s |" % (
        " / ".join("%.2f" % x for x in res["load_start"]), " / ".join("%.2f" % x for x in res["load_end"])))
    co = res.get("cpu_others", {})
    if co:
        R.append("| CPU used by other work during the phases (cores of %d; includes kernel threads and the sandbox journald) | %s |" % (
            m["cpus_usable"], ", ".join("%s %.2f" % (k, v["others_cores"]) for k, v in co.items())))
    R.append("| PAM stack (ssmreset, chpasswd, passwd) | `%s` |" % BENCH_STACK_LINE.replace("\t", " "))
    R.append("| stored hash settings seen | %s |" % "; ".join(
        "%s: `%s`" % (label.get(k, k), ", ".join(v)) for k, v in sorted(res["settings"].items())))
    R.append("| runs | %d per contender after %d warm-up, shuffled order each round; "
             "probe %d; concurrency %d resets × %d reps; shadow sizes %d runs |"
             % (a["runs"], a["warmup"], a["probe_runs"], a["scale_resets"], a["scale_reps"], a["size_runs"]))
    R.append("")
    busy = [k for k, v in co.items() if v["others_cores"] > 0.25]
    if busy:
        R.append("**Other work used the CPU during this run** (more than a quarter of a core on average "
                 "during: %s): the numbers are noisier and slower than on an idle machine, and the "
                 "concurrency figures understate what %d idle cores would do. Compare contenders "
                 "within this run, not across runs." % (", ".join(busy), m["cpus_usable"]))
        R.append("")
    elif not co and (res["load_start"][0] > 0.5 * m["cpus_usable"]):
        R.append("**The machine was busy when this run started** (load average above half the cores).")
        R.append("")

    R.append("## Per reset")
    R.append("")
    R.append("Wall time from fork to wait4() of one run, one run at a time; CPU = user + system time "
             "of the contender's process; peak RSS = its ru_maxrss. Medians over the runs; IQR = "
             "25th–75th percentile.")
    R.append("")
    R.append("| contender | wall median ms | IQR ms | min ms | CPU median ms | peak RSS KiB | runs ok |")
    R.append("|---|---:|---:|---:|---:|---:|---:|")
    for c in res["contenders"] + res["diagnostics"]:
        k = c["key"]
        s = per.get(k)
        if not s or not s.get("wall_ms"):
            R.append("| %s | failed | | | | | 0 |" % c["label"])
            continue
        w, cpu, rss = s["wall_ms"], s["cpu_ms"], s["rss_kib"]
        name = c["label"] if c["kind"] not in ("diag", "diag-reset") else "*%s*" % c["label"]
        R.append("| %s | %s | %s–%s | %s | %s | %d | %d/%d |" % (
            name, fmt(w["median"], 2), fmt(w["q1"], 2), fmt(w["q3"], 2), fmt(w["min"], 2),
            fmt(cpu["median"], 2), rss["median"], w["n"], a["runs"]))
    if "crypt_ms" in per.get("bound", {}):
        R.append("")
        R.append("The hash alone, timed inside hashtool around crypt_ra(): median %s ms (IQR %s–%s)."
                 % (fmt(per["bound"]["crypt_ms"]["median"], 2), fmt(per["bound"]["crypt_ms"]["q1"], 2),
                    fmt(per["bound"]["crypt_ms"]["q3"], 2)))
    R.append("")
    R.append("Rows in *italics* are diagnostics, not contenders: %s." % "; ".join(
        "*%s*: %s" % (d["label"], d["note"]) for d in res["diagnostics"] if d.get("note")))
    if res.get("shipped_skipped"):
        R.append("")
        R.append("ssmreset with its shipped PAM stack: not measured, %s." % res["shipped_skipped"])
    if not res["has_batch"]:
        R.append("")
        R.append("**ssmreset --batch: not measured.** This ssmreset's `--help` does not mention "
                 "`--batch`, so the mode does not exist yet; the row appears by itself once it does.")
    R.append("")

    R.append("## Ratios and goals")
    R.append("")
    R.append("Goals, not assertions. Ratios of medians of wall time.")
    R.append("")
    R.append("| measure | value | goal | met |")
    R.append("|---|---:|---|---|")
    g = res["goals"]
    for row in g:
        R.append("| %s | %s | %s | %s |" % (row["measure"], row["value"], row["goal"], row["met"]))
    R.append("")

    R.append("## Where the time goes")
    R.append("")
    R.append("Separate runs with `hashprobe.so` preloaded (it times libxcrypt's crypt functions and "
             "the PAM calls; the preload itself costs a little start-up). *before main*: fork, exec, "
             "dynamic linking; *main*: from the program's first code to its exit handlers; "
             "*hashes*: time inside crypt calls (for ssmreset and passwd also inside pam_chauthtok); "
             "*chauthtok*: pam_chauthtok() in total, including the pty round trips and pam_unix's hash "
             "and rewrite of /etc/shadow. Medians of %d runs." % a["probe_runs"])
    R.append("")
    probe_table(R, res["contenders"] + res["diagnostics"], res["probe"])
    R.append("")
    R.append("## The shadow lock")
    R.append("")
    R.append("While a reset holds the shadow lock (/etc/.pwd.lock) no other writer of the account files "
             "can go on, so every hash computed under it makes every other reset, useradd or chage wait. "
             "Same probe runs: *hashes* as above, *under the lock* those computed while the process held "
             "it (/proc/locks, checked at each hash), *held ms* how long it held the lock in all, "
             "*holds* how many separate times (`build/lockwatch`, polling /proc/locks every 0.1 ms). "
             "Medians of %d runs; *vs chpasswd* is the held time over chpasswd's." % a["probe_runs"])
    R.append("")
    lock_table(R, res["contenders"] + res["diagnostics"], res["probe"])
    R.append("")
    if res.get("smaps"):
        R.append("Resident memory by mapping while the program waits at its first prompt "
                 "(/proc/PID/smaps; KiB, largest first). The peak RSS above adds the hash's work area "
                 "(yescrypt at this cost allocates 16 MiB) on top of this.")
        R.append("")
        keys = [k for k in ("ssmreset_pty", "passwd_pty") if res["smaps"].get(k)]
        names = []
        for k in keys:
            for n, _ in sorted(res["smaps"][k].items(), key=lambda kv: -kv[1])[:10]:
                if n not in names and n != "total":
                    names.append(n)
        R.append("| mapping | " + " | ".join(res["labels"][k] for k in keys) + " |")
        R.append("|---|" + "---:|" * len(keys))
        for n in names:
            R.append("| %s | %s |" % (n, " | ".join(str(res["smaps"][k].get(n, 0)) for k in keys)))
        R.append("| everything else | %s |" % " | ".join(
            str(res["smaps"][k]["total"] - sum(res["smaps"][k].get(n, 0) for n in names)) for k in keys))
        R.append("| **total** | %s |" % " | ".join("**%d**" % res["smaps"][k]["total"] for k in keys))
        R.append("")

    R.append("## Concurrent resets")
    R.append("")
    R.append("%d resets of %d different accounts with 1, 2, 4 and 8 in flight; resets per second "
             "(median of %d repetitions) and, in brackets, the median wall time of one reset in ms."
             % (a["scale_resets"], a["scale_resets"], a["scale_reps"]))
    R.append("")
    levels = a["levels"]
    R.append("| contender | " + " | ".join("%d at once" % k for k in levels) + " |")
    R.append("|---|" + "---:|" * len(levels))
    for c in res["contenders"]:
        d = res["concurrency"].get(c["key"])
        if not d:
            continue
        cells = []
        for k in levels:
            x = d.get(k) or d.get(str(k))
            cells.append("%.0f/s (%.1f)" % (x["resets_per_s"], x["latency"]["median"]) if x else "failed")
        R.append("| %s | %s |" % (c["label"], " | ".join(cells)))
    R.append("")

    R.append("## Accounts in /etc/shadow")
    R.append("")
    R.append("Median wall ms per reset (%d runs) with the bench accounts after N lines of bulk "
             "accounts appended to the sandbox's passwd, shadow and group." % a["size_runs"])
    R.append("")
    sizes = a["sizes"]
    lines_of = res["shadow_lines"]
    R.append("| contender | " + " | ".join("%s lines (%.1f MB)" % (
        format(lines_of[str(s)]["lines"], ","), lines_of[str(s)]["bytes"] / 1e6) for s in sizes) + " |")
    R.append("|---|" + "---:|" * len(sizes))
    for c in res["contenders"]:
        d = res["sizes"].get(c["key"])
        if not d:
            continue
        cells = []
        for s in sizes:
            x = d.get(str(s))
            cells.append(fmt(x["median"], 1) if x else "failed")
        R.append("| %s | %s |" % (c["label"], " | ".join(cells)))
    R.append("")

    if res.get("size_probe"):
        big = max(sizes)
        R.append("Where the time goes with %s lines in /etc/shadow (hashprobe, medians of %d runs; "
                 "compare with the table above, taken with the machine's own few accounts):"
                 % (format(lines_of[str(big)]["lines"], ","), a["size_probe_runs"]))
        R.append("")
        probe_table(R, res["contenders"], res["size_probe"])
        R.append("")
    if res["failures"]:
        R.append("## Failures")
        R.append("")
        for f in res["failures"][:30]:
            R.append("- " + f.replace("|", "\\|"))
        if len(res["failures"]) > 30:
            R.append("- ... %d more" % (len(res["failures"]) - 30))
        R.append("")
    R.append("Total bench time %.0f s." % res["elapsed_s"])
    with open(path_md, "w") as f:
        f.write("\n".join(R) + "\n")


def probe_table(R, cons, probe):
    R.append("| contender | wall ms | before main ms | main ms | after main ms | hash calls | hashes ms | "
             "NSS look-ups | NSS ms | pam_start ms | pam_chauthtok ms | pam_end ms | not hashing ms |")
    R.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in cons:
        p = probe.get(c["key"])
        if not p:
            continue
        R.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c["label"], fmt(p["wall_ms"], 2), fmt(p["before_main_ms"], 2), fmt(p["main_ms"], 2),
            fmt(p["after_main_ms"], 2), "/".join(str(x) for x in p["hash_calls_set"]),
            fmt(p["hash_ms"], 2), "/".join(str(x) for x in p.get("nss_calls_set", [])),
            fmt(p.get("nss_ms"), 2), fmt(p["pam_start_ms"], 2), fmt(p["pam_chauthtok_ms"], 2),
            fmt(p["pam_end_ms"], 2), fmt(p["wall_ms"] - p["hash_ms"], 2)))


def lock_table(R, cons, probe):
    base = (probe.get("chpasswd") or {}).get("lock_ms")
    R.append("| contender | hashes | under the lock | held ms | holds | vs chpasswd |")
    R.append("|---|---:|---:|---:|---:|---:|")
    for c in cons:
        p = probe.get(c["key"])
        if not p or "lock_ms" not in p:
            continue
        R.append("| %s | %s | %s | %s | %s | %s |" % (
            c["label"], "/".join(str(x) for x in p["hash_calls_set"]),
            "/".join(str(x) for x in p["locked_hash_calls_set"]), fmt(p["lock_ms"], 2),
            "/".join(str(x) for x in p["lock_holds_set"]),
            "%.2f×" % (p["lock_ms"] / base) if base else "n/a"))


def goals(res):
    per = res["per_reset"]
    rows = []

    def med(k, f="wall_ms"):
        s = per.get(k, {}).get(f)
        return s["median"] if s else None

    def ratio(a, b, goal, limit=None):
        x, y = med(a), med(b)
        if x is None or y is None:
            return
        r = x / y
        rows.append({"measure": "%s / %s" % (res["labels"][a], res["labels"][b]), "value": "%.2f" % r,
                     "goal": goal, "met": ("yes" if r <= limit else "**no**") if limit else ""})

    for k in ("ssmreset_pipe", "ssmreset_batch"):
        ratio(k, "chpasswd", "≤ 1 (no slower than chpasswd)", 1.0)
    ratio("ssmreset_pty", "passwd_pty", "≤ 1 (no slower than passwd)", 1.0)
    ratio("ssmreset_pty", "chpasswd", "")
    for k in ("ssmreset_pipe", "ssmreset_pty", "ssmreset_batch"):
        ratio(k, "bound", "")
    b = res["per_reset"].get("bound", {}).get("wall_ms")
    for k, base in (("ssmreset_pipe", "bound"), ("ssmreset_batch", "bound"), ("chpasswd", "bound"),
                    ("ssmreset_pty", "bound"), ("passwd_pty", "bound")):
        s = per.get(k, {}).get("wall_ms")
        if not s or not b:
            continue
        d = s["median"] - b["median"]
        ci = res["overhead_ci"].get(k)
        rows.append({"measure": "%s − lower bound, ms" % res["labels"][k],
                     "value": "%.2f (95%% CI %.2f…%.2f)" % (d, ci[0], ci[1]) if ci else "%.2f" % d,
                     "goal": "< 2 ms" if k.startswith("ssmreset") else "(reference)",
                     "met": ("yes" if d < 2.0 else "**no**") if k.startswith("ssmreset") else ""})
    pr = res.get("probe", {})
    if "bound" in pr:
        nb = pr["bound"]["wall_ms"] - pr["bound"]["hash_ms"]
        for k in ("ssmreset_pipe", "ssmreset_pty", "ssmreset_batch", "chpasswd", "passwd_pty"):
            if k in pr:
                d = (pr[k]["wall_ms"] - pr[k]["hash_ms"]) - nb
                mine = k.startswith("ssmreset")
                rows.append({"measure": "%s − lower bound, hashing left out (hashprobe runs), ms" % res["labels"][k],
                             "value": "%.2f" % d, "goal": "(everything but hashing)" if mine else "(reference)",
                             "met": ""})
    x, y = med("ssmreset_batch_generate"), med("ssmreset_batch")
    if x is not None and y is not None:
        rows.append({"measure": "%s − %s, ms" % (res["labels"]["ssmreset_batch_generate"],
                                                 res["labels"]["ssmreset_batch"]),
                     "value": "%.2f" % (x - y), "goal": "≤ 1 ms", "met": "yes" if x - y <= 1.0 else "**no**"})
    p = res["per_reset"]
    for k in ("ssmreset_pty", "ssmreset_pipe", "ssmreset_batch"):
        if k in p and "passwd_pty" in p and p[k].get("rss_kib") and p["passwd_pty"].get("rss_kib"):
            x, y = p[k]["rss_kib"]["median"], p["passwd_pty"]["rss_kib"]["median"]
            rows.append({"measure": "peak RSS %s vs passwd, KiB" % res["labels"][k],
                         "value": "%d vs %d (%+d)" % (x, y, x - y), "goal": "≤ passwd",
                         "met": "yes" if x <= y else "**no**"})
    return rows


# ---------------------------------------------------------------- plot

def plot(res, path_png):
    gp = shutil.which("gnuplot")
    if not gp:
        log("gnuplot not found: no plot")
        return False
    tmp = os.environ.get("TMPDIR", "/tmp")
    per, cons = res["per_reset"], res["contenders"] + res["diagnostics"]
    short = {c["key"]: c["short"] for c in cons}
    color = {"bound": 0xcc3311, "base": 0x999999, "reset": 0x4477aa, "diag": 0xbbbbbb, "diag-reset": 0xbbbbbb}

    def q(s):
        return '"%s"' % s.replace('"', "'")

    def path(name):
        return os.path.join(tmp, name)

    top = 0.0
    with open(path("per.dat"), "w") as f:
        for c in cons:
            s = per.get(c["key"], {}).get("wall_ms")
            if s:
                col = 0xee7733 if c["key"].startswith("ssmreset") and c["kind"] == "reset" else color[c["kind"]]
                f.write("%s %f %f %f %d\n" % (q(c["short"]), s["median"], s["q1"], s["q3"], col))
                top = max(top, s["q3"])
    ptop = 0.0
    with open(path("probe.dat"), "w") as f:
        for c in cons:
            p = res["probe"].get(c["key"])
            if p:
                other = max(0.0, p["main_ms"] - p["hash_ms"])
                f.write("%s %f %f %f %f\n" % (q(c["short"]), p["before_main_ms"], p["hash_ms"], other,
                                              p["after_main_ms"]))
                ptop = max(ptop, p["wall_ms"])
    levels = res["args"]["levels"]
    conc_keys = [c["key"] for c in res["contenders"] if res["concurrency"].get(c["key"])]
    ctop = 0.0
    with open(path("conc.dat"), "w") as f:
        for k in conc_keys:
            f.write("# %s\n" % k)
            for lv in levels:
                x = res["concurrency"][k].get(str(lv))
                if x:
                    f.write("%d %f\n" % (lv, x["resets_per_s"]))
                    ctop = max(ctop, x["resets_per_s"])
            f.write("\n\n")
    size_keys = [c["key"] for c in res["contenders"] if res["sizes"].get(c["key"])]
    with open(path("size.dat"), "w") as f:
        for k in size_keys:
            f.write("# %s\n" % k)
            for s in res["args"]["sizes"]:
                x = res["sizes"][k].get(str(s))
                if x:
                    f.write("%d %f %f %f\n" % (res["shadow_lines"][str(s)]["lines"], x["median"], x["q1"], x["q3"]))
            f.write("\n\n")
    bound = per.get("bound", {}).get("wall_ms", {}).get("median", 0)
    m = res["machine"]
    style = {"bound": "lc rgb '#cc3311' dt 2", "ssmreset_pty": "lc rgb '#ee7733'",
             "ssmreset_pipe": "lc rgb '#ee7733' dt 3", "ssmreset_batch": "lc rgb '#aa3377'",
             "chpasswd": "lc rgb '#4477aa'", "passwd_pty": "lc rgb '#228833'"}
    script = """
set terminal pngcairo size 1600,1200 font "DejaVu Sans,11" noenhanced
set output %(out)s
set multiplot layout 2,2 title %(title)s font ",12"
set grid ytics
set style fill solid 0.75 border -1
set boxwidth 0.65
set xtics rotate by -35 font ",10"
set bmargin 7
set ylabel "ms per run (median; bars: IQR)"
set title "One reset, one at a time (orange: ssmreset; grey: diagnostics)"
set key top right
set yrange [0:%(ptop)f]
plot %(per)s using 0:2:5:xtic(1) with boxes lc rgb variable notitle, \\
     "" using 0:2:3:4 with yerrorbars lc rgb "black" pt 0 notitle, \\
     %(bound)f with lines dt 2 lw 2 lc rgb "#cc3311" title "lower bound (one hash, one process)"
set title "Where the time goes (runs with hashprobe.so preloaded)"
set style data histograms
set style histogram rowstacked
set key top right
plot %(probe)s using 2:xtic(1) title "before main (fork, exec, linking)" lc rgb "#bbbbbb", \\
     "" using 3 title "hashing (crypt calls)" lc rgb "#cc3311", \\
     "" using 4 title "rest of main (PAM, files, audit, I/O)" lc rgb "#4477aa", \\
     "" using 5 title "exit" lc rgb "#66ccee"
unset style data
set style data linespoints
set xtics norotate font ",11"
set bmargin 4
set title "Throughput: N resets of N accounts, k at once (%(ncpu)d CPUs; other work used %(others)s)"
set xlabel "resets in flight (k)"
set ylabel "resets per second (median)"
set logscale x 2
set xrange [0.8:10]
set yrange [0:%(ctop)f]
set xtics (%(levels)s)
set key top right
plot %(conc)s
set title "Time per reset vs. lines in /etc/shadow"
set xlabel "lines in /etc/shadow (log scale)"
set ylabel "ms per reset (median; bars: IQR)"
set logscale x 10
set autoscale x
set xrange [*:*]
set yrange [0:*]
set xtics auto
set format x "%%.0s%%c"
set key top left
plot %(size)s
unset multiplot
""" % {
        "out": q(path_png),
        "title": q("ssmreset bench: %s, %d cores, kernel %s, load %.2f→%.2f, %s"
                   % (m["cpu"], m["cores"], m["kernel"].split()[0], res["load_start"][0],
                      res["load_end"][0], res["started"])),
        "per": q(path("per.dat")), "probe": q(path("probe.dat")),
        "bound": bound, "ncpu": m["cpus_usable"],
        "others": ("%.2f cores" % res["cpu_others"]["concurrency"]["others_cores"]
                   if res.get("cpu_others", {}).get("concurrency") else "unknown"), "ptop": max(top, ptop) * 1.35 + 1,
        "ctop": ctop * 1.35 + 1,
        "levels": ", ".join(str(x) for x in levels),
        "conc": ", \\\n     ".join("%s index %d using 1:2 title %s lw 2 %s" % (
            q(path("conc.dat")), i, q(short[k]), style.get(k, "")) for i, k in enumerate(conc_keys)),
        "size": ", \\\n     ".join("%s index %d using 1:2:3:4 with yerrorlines title %s lw 2 %s" % (
            q(path("size.dat")), i, q(short[k]), style.get(k, "")) for i, k in enumerate(size_keys)),
    }
    with open(path("bench.gp"), "w") as f:
        f.write(script)
    r = subprocess.run([gp, path("bench.gp")], stderr=subprocess.PIPE)
    if r.returncode != 0:
        log("gnuplot failed: %s" % r.stderr.decode()[-800:])
        return False
    return True


def splice_readme(md_path, readme):
    if not os.path.exists(readme):
        return
    begin, end = "<!-- latest results: begin (bench/run writes this part) -->", "<!-- latest results: end -->"
    with open(readme) as f:
        text = f.read()
    if begin not in text or end not in text:
        return
    with open(md_path) as f:
        table = f.read()
    # Demote the headings by one level inside the README.
    table = re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", table, flags=re.M)
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(readme, "w") as f:
        f.write(head + begin + "\n" + table + "\n" + end + tail)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ssmreset")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--probe-runs", type=int, default=10)
    ap.add_argument("--scale-resets", type=int, default=16)
    ap.add_argument("--scale-reps", type=int, default=3)
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 10000, 100000])
    ap.add_argument("--size-runs", type=int, default=10)
    ap.add_argument("--size-warmup", type=int, default=2)
    ap.add_argument("--size-probe-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--quick", action="store_true", help="a smoke run: few runs, small sizes; writes results/quick.*")
    ap.add_argument("--no-readme", action="store_true", help="leave bench/README.md alone")
    ap.add_argument("--replot", metavar="JSON", help="only rewrite the .md and .png of an earlier run's .json "
                    "(no sandbox needed)")
    args = ap.parse_args()
    if args.replot:
        with open(args.replot) as f:
            res = json.load(f)
        base = os.path.splitext(args.replot)[0]
        write_report(res, base + ".md")
        return 0 if plot(res, base + ".png") else 1
    if args.quick:
        args.runs, args.warmup, args.probe_runs, args.scale_reps, args.scale_resets = 5, 1, 2, 1, 8
        args.size_runs, args.size_warmup, args.sizes, args.size_probe_runs = 3, 1, [100, 10000], 1
    if args.scale_resets > len(BENCH_USERS):
        ap.error("--scale-resets is at most %d" % len(BENCH_USERS))

    if not args.ssmreset:
        ap.error("--ssmreset is required")
    # Standard descriptors must exist, or os.pipe() could hand out 0-2 and
    # the dup2() plans of Job.start() would clash.
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)
    # Never outside the sandbox: this rewrites /etc/shadow and /etc/pam.d.
    if os.environ.get("SSMRESET_SANDBOX") != "1" or cmd_out(
            ["findmnt", "-n", "-o", "FSTYPE", "--target", "/etc/shadow"]) != "overlay":
        raise SystemExit("bench: refusing to run outside tests/sandbox/sandbox-run (use bench/run)")
    for p in (LAUNCH, HASHTOOL, HASHPROBE, LOCKWATCH, args.ssmreset):
        if not os.access(p, os.X_OK if p != HASHPROBE else os.R_OK):
            raise SystemExit("bench: %s missing (bench/run builds it)" % p)
    os.makedirs(args.out, exist_ok=True)
    ssmreset, ssmreset_sum = snapshot(os.path.abspath(args.ssmreset))

    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t_start = time.monotonic()
    load_start = os.getloadavg()
    machine = machine_info(ssmreset)
    machine["ssmreset_sha256"] = ssmreset_sum
    help_text = cmd_out([ssmreset, "--help"])
    has_batch = "--batch" in help_text
    args.shipped_stack, shipped_why = shipped_stack()
    recipient = Recipient(tempfile.mkdtemp(prefix="ssr-bench-")) if "--generate" in help_text else None
    contenders, diags = make_contenders(ssmreset, has_batch, args.shipped_stack is not None, recipient)
    log("machine: %s, %d cores, load %.2f; ssmreset --batch %s" % (
        machine["cpu"], machine["cores"], load_start[0], "found" if has_batch else "absent (not measured)"))

    bench = Bench(args)
    bench.accounts.write(0)
    log("per reset: %d runs + %d warm-up of %d contenders and %d diagnostics" % (
        args.runs, args.warmup, len(contenders), len(diags)))
    cpu = {}
    meter = CpuMeter()
    samples, users = bench.per_reset(contenders + diags)
    cpu["per reset"] = meter.stop()
    per = {}
    for k, runs in samples.items():
        per[k] = {f: summary([r[f] for r in runs]) for f in ("wall_ms", "cpu_ms", "user_ms", "sys_ms",
                                                             "rss_kib", "nvcsw", "nivcsw")}
        if runs and "crypt_ms" in runs[0]:
            per[k]["crypt_ms"] = summary([r["crypt_ms"] for r in runs])
    overhead_ci = {}
    bw = [r["wall_ms"] for r in samples.get("bound", [])]
    for k in ("ssmreset_pipe", "ssmreset_pty", "ssmreset_batch", "chpasswd", "passwd_pty"):
        if samples.get(k):
            overhead_ci[k] = bootstrap_diff([r["wall_ms"] for r in samples[k]], bw, bench.rng)

    smaps = {}
    for c in contenders:
        if c.key in ("ssmreset_pty", "passwd_pty"):
            j = bench.run_one(c, users[c.key], smaps=True)
            if j.smaps:
                smaps[c.key] = j.smaps
    log("where the time goes: %d probe runs per contender" % args.probe_runs)
    meter = CpuMeter()
    probe = bench.probe(contenders + diags, users, args.probe_runs)
    cpu["where the time goes"] = meter.stop()

    scale_cons = [c for c in contenders if c.kind in ("reset", "bound")]
    log("concurrency: %d resets at %s in flight" % (args.scale_resets, args.levels))
    meter = CpuMeter()
    conc = bench.concurrency(scale_cons)
    cpu["concurrency"] = meter.stop()

    size_cons = [c for c in contenders if c.kind == "reset"]
    log("shadow sizes: %s" % args.sizes)
    meter = CpuMeter()
    sizes, lines_of, size_probe = bench.shadow_sizes(size_cons)
    cpu["shadow sizes"] = meter.stop()

    res = {
        "started": started, "machine": machine, "load_start": list(load_start),
        "load_end": list(os.getloadavg()), "args": vars(args), "has_batch": has_batch,
        "shipped_skipped": shipped_why, "cpu_others": cpu,
        "contenders": [{"key": c.key, "label": c.label, "short": c.short, "kind": c.kind, "mode": c.mode}
                       for c in contenders],
        "diagnostics": [{"key": c.key, "label": c.label, "short": c.short, "kind": c.kind, "mode": c.mode,
                         "note": c.note}
                        for c in diags],
        "per_reset": per, "samples": samples, "smaps": smaps, "overhead_ci": overhead_ci, "probe": probe,
        "concurrency": conc, "sizes": {k: {str(s): v for s, v in d.items()} for k, d in sizes.items()},
        "shadow_lines": {str(s): v for s, v in lines_of.items()}, "size_probe": size_probe,
        "settings": {k: sorted(v) for k, v in bench.settings.items()},
        "failures": bench.failures, "elapsed_s": time.monotonic() - t_start,
    }
    res["labels"] = {c["key"]: c["label"] for c in res["contenders"] + res["diagnostics"]}
    res["goals"] = goals(res)
    res = json.loads(json.dumps(res))       # the same types as when read back from the file
    name = "quick" if args.quick else "latest"
    md = os.path.join(args.out, name + ".md")
    write_report(res, md)
    with open(os.path.join(args.out, name + ".json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    plot(res, os.path.join(args.out, name + ".png"))
    if not args.no_readme and not args.quick:
        splice_readme(md, os.path.join(HERE, "README.md"))
    with open(md) as f:
        sys.stdout.write(f.read())
    log("wrote %s (and .json, .png) in %.0f s" % (md, res["elapsed_s"]))
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
