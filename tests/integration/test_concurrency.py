# SPDX-License-Identifier: Apache-2.0
"""Resets at the same time: 100 accounts at once, 60 at once where a hash
takes 80 ms, 20 resets of one account at once behind a held shadow lock.
Every reset gets a definite result, the account files stay whole (every line
parses, none lost or doubled, pwck finds nothing new), and each account's
password is the one its last reset set."""
import json
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import Journal, shadow_line
from hardening import (SSMRESET, BulkAccounts, LockHolder, account_files, hash_matches, new_password,
                       pwck_complaints, sha512_rounds_for)


def start_batch(request):
    p = subprocess.Popen([SSMRESET, "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    p.stdin.write(json.dumps(request).encode())
    p.stdin.close()
    return p


def finish_batch(p, timeout=60):
    out = p.stdout.read()
    err = p.stderr.read()
    rc = p.wait(timeout=timeout)
    p.stdout.close()
    p.stderr.close()
    lines = out.decode().splitlines()
    assert len(lines) == 1, (rc, out, err)
    res = json.loads(lines[0])
    assert res["exit"] == rc, res
    return res


def finish_batches(procs):
    """finish_batch() of each, every output read as it comes, as the agent
    reads a session's: a reader that took them one after another would leave
    the later ones unread past ssmreset's output time-out (10 s), and they
    would rightly not end with exit 0."""
    with ThreadPoolExecutor(max_workers=len(procs)) as pool:
        return list(pool.map(finish_batch, procs))


def assert_files_whole(before, changed_shadow=()):
    """Every line of the four account files parses; nothing is lost, added or
    doubled; only the shadow lines of changed_shadow differ."""
    after = account_files()
    for path in before:
        assert list(after[path]) == list(before[path]), "%s: lines lost, added or reordered" % path
        for name, line in before[path].items():
            if path == "/etc/shadow" and name in changed_shadow:
                old, new = line.split(":"), after[path][name].split(":")
                assert new[0] == old[0] and new[3:] == old[3:], (line, after[path][name])
            else:
                assert after[path][name] == line, "%s: %s changed" % (path, name)


@pytest.fixture
def hundred():
    accounts = BulkAccounts("cc", 100, 43000)
    yield accounts
    accounts.restore()


def test_hundred_accounts_at_once(hundred):
    complaints = pwck_complaints()
    before = account_files()
    journal = Journal()
    new = {name: new_password() for name in hundred.names}
    procs = {name: start_batch({"version": 1, "username": name, "password": new[name],
                                "requester": "conc-" + name}) for name in hundred.names}
    results = dict(zip(procs, finish_batches(list(procs.values()))))

    statuses = {}
    for name, res in results.items():
        statuses.setdefault(res["status"], []).append(name)
    assert set(statuses) == {"CHANGED"}, {k: v[:3] for k, v in statuses.items()}
    assert all(res["verified"] for res in results.values())
    assert_files_whole(before, changed_shadow=hundred.names)
    assert pwck_complaints() == complaints
    for name in hundred.names:
        stored = shadow_line(name).split(":")[1]
        assert hash_matches(new[name], stored), name
        assert not hash_matches(hundred.passwords[name], stored), name
    # One record each, all of them found in one read of the journal.
    recs = [r for r in journal.records(SYSLOG_IDENTIFIER="ssmreset")
            if r.get("SSMRESET_REQUESTER", "").startswith("conc-cc")]
    deadline = time.monotonic() + 10
    while len(recs) < 100 and time.monotonic() < deadline:
        time.sleep(0.1)
        recs = [r for r in journal.records(SYSLOG_IDENTIFIER="ssmreset")
                if r.get("SSMRESET_REQUESTER", "").startswith("conc-cc")]
    assert sorted(r["SSMRESET_USER"] for r in recs) == sorted(hundred.names)
    assert {r["SSMRESET_RESULT"] for r in recs} == {"CHANGED"}


@pytest.fixture
def sixty_with_slow_hashes(stack):
    """60 accounts, under Debian's stack and the RPM's, where every hash --
    the accounts' own, pam_unix's store, each verification -- takes at least
    80 ms, as one yescrypt hash does on a slow 2-core machine: sha512crypt
    with the rounds measured here to take that long."""
    rounds = sha512_rounds_for(80)

    def slow(lines):
        return [re.sub(r"\byescrypt\b", "sha512 rounds=%d" % rounds, l)
                if l.startswith("password") and "pam_unix.so" in l else l for l in lines]
    stack.edit_password_stack(slow)
    accounts = BulkAccounts("slow", 60, 45000, setting="$6$rounds=%d$" % rounds)
    yield accounts, rounds
    accounts.restore()


def test_sixty_resets_at_once_where_a_hash_takes_80_ms(sixty_with_slow_hashes):
    """With the default lock_timeout (10 s), all 60 end CHANGED: the shadow
    lock is held for pam_unix's hash alone, every other hash is computed
    without it, and a reset waits on a queue of others that each take their
    turn (lock_timeout bounds one holder's turn, not the queue)."""
    accounts, rounds = sixty_with_slow_hashes
    before = account_files()
    new = {name: new_password() for name in accounts.names}
    started = time.monotonic()
    procs = {name: start_batch({"version": 1, "username": name, "password": new[name]})
             for name in accounts.names}
    results = dict(zip(procs, finish_batches(list(procs.values()))))
    took = time.monotonic() - started
    statuses = {}
    for name, res in results.items():
        statuses.setdefault(res["status"], []).append((name, res["reason"][:120]))
    assert set(statuses) == {"CHANGED"}, ("%.1f s" % took, {k: v[:3] for k, v in statuses.items()})
    assert_files_whole(before, changed_shadow=accounts.names)
    for name in accounts.names:
        stored = shadow_line(name).split(":")[1]
        assert stored.startswith("$6$rounds=%d$" % rounds), stored
        assert hash_matches(new[name], stored), name


@pytest.fixture
def one():
    accounts = BulkAccounts("one", 1, 44000)
    yield accounts
    accounts.restore()


def test_twenty_resets_of_one_account_behind_a_held_lock(one):
    """Twenty resets of one account start while another process holds the
    shadow lock for a second and a half: each waits, retrying with backoff,
    instead of failing, then they write one after another.

    What can be proved about the order: the writes are serialized by the
    lock, and each reset reads the stored hash back after its write. The
    account ends with the password of whichever wrote last, so exactly one
    of the twenty passwords opens it, and that reset saw its own hash:
    CHANGED. Any other reset is CHANGED (overwritten after its check) or,
    if another write came between its write and its check, SYSTEM_ERROR
    with changed=false (its password is not the one stored) and "is not one
    of the new password": never a refusal, never silence.
    Which process wrote last cannot be told from outside (journal records
    are written after the check, not under the lock); the stored hash
    itself decides."""
    name = one.names[0]
    complaints = pwck_complaints()
    before = account_files()
    holder = LockHolder(1.5)
    try:
        passwords = [new_password() for _ in range(20)]
        started = time.monotonic()
        procs = [start_batch({"version": 1, "username": name, "password": pw, "requester": "one-%d" % i})
                 for i, pw in enumerate(passwords)]
        results = finish_batches(procs)
        took = time.monotonic() - started
    finally:
        holder.stop()

    assert took >= 1.4, "the resets did not wait for the lock (%.1f s)" % took
    for res in results:
        assert res["status"] == "CHANGED" or (
            res["status"] == "SYSTEM_ERROR" and res["changed"] is False
            and "is not one of the new password" in res["reason"]), json.dumps(res)
    stored = shadow_line(name).split(":")[1]
    winners = [i for i, pw in enumerate(passwords) if hash_matches(pw, stored)]
    assert len(winners) == 1, winners
    assert results[winners[0]]["status"] == "CHANGED" and results[winners[0]]["verified"] is True
    assert not hash_matches(one.passwords[name], stored)
    # The wait was announced, in the result's messages.
    assert any("locked by process %d (lock-holder)" % holder.pid in m
               for res in results for m in res["messages"])
    assert_files_whole(before, changed_shadow=[name])
    assert pwck_complaints() == complaints
