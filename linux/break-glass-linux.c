/* SPDX-License-Identifier: Apache-2.0 */
/* hook/os/break-glass.h on Linux. pam_ssmreset.so, as a session module,
 * runs ssmreset --session-opened when an account with a break-glass state
 * opens a session (a session module, not the journal: it cannot miss a
 * login, needs no daemon following the log, and reads no log text); the
 * scramble goes to systemd as a transient timer (common/scheduler.h) that
 * runs ssmreset --scramble; the state lives in /var/lib
 * (common/break-glass-state.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "break-glass-linux.h"
#include "break-glass-state.h"
#include "os/break-glass.h"
#include "os/random.h"
#include "scheduler.h"
#include "sessions-logind.h"
#include "stored-hash.h"

static void utc(long long t, char *buf, size_t n)
{
        time_t tt = (time_t) t;
        struct tm tm;

        if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm))
                snprintf(buf, n, "%lld", t);
}

int break_glass_ready(char *why, size_t n)
{
        int r = scheduler_ready(why, n);

        return r < 0 ? r : break_glass_state_ready(why, n);
}

/* systemd's unit names take [A-Za-z0-9:_.\-]; anything else as \xNN, as
 * systemd-escape does. */
static void unit_name(const char *user, const char *id, char *buf, size_t n)
{
        size_t len = (size_t) snprintf(buf, n, "ssmreset-scramble-");

        for (const char *c = user; *c && len + 5 < n; c++)
                len += (size_t) snprintf(buf + len, n - len,
                                         (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                                                         (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' ||
                                                         *c == '-' ?
                                                 "%c" :
                                                 "\\x%02x",
                                         (unsigned char) *c);
        snprintf(buf + len, n - len, "-%s", id);
}

static int new_id(char id[BREAK_GLASS_ID_LEN + 1])
{
        unsigned char b[BREAK_GLASS_ID_LEN / 2];
        int r = os_random(b, sizeof b);

        for (size_t i = 0; r == 0 && i < sizeof b; i++)
                snprintf(id + 2 * i, 3, "%02x", b[i]);
        return r;
}

static int fail(struct ssr_outcome *out, enum ssr_status status, int r, const char *why)
{
        out->status = status;
        snprintf(out->reason, sizeof out->reason, "%s", why);
        return r < 0 ? r : -EIO;
}

static int arm_locked(const char *user, const char *hash, unsigned grace_s, bool end_sessions, bool *ret_cancelled,
                      char *why, size_t n)
{
        struct break_glass_state old, st = { .grace_s = grace_s, .end_sessions = end_sessions };
        char ignored[256];
        bool had;
        int r;

        r = break_glass_state_read(user, &old, why, n);
        if (r < 0 && r != -ENOENT && r != -EINVAL)
                return r;
        /* A state ssmreset cannot read is replaced: the reset just made is
         * what counts now. */
        had = r == 0;
        if (r == -ENOENT && !grace_s)
                return 0;
        if (grace_s) {
                st.armed_at = (long long) time(NULL);
                if ((r = stored_hash_digest(hash, st.stored, sizeof st.stored)) < 0) {
                        snprintf(why, n, "cannot digest the stored password hash");
                        return r;
                }
                if ((r = break_glass_state_write(user, &st, why, n)) < 0)
                        return r;
        } else if ((r = break_glass_state_remove(user)) < 0) {
                snprintf(why, n, "cannot remove the break-glass state of '%s': %s", user, strerror(-r));
                return r;
        }
        if (had && old.id[0]) {
                *ret_cancelled = true;
                (void) scheduler_cancel(old.unit, ignored, sizeof ignored);
        }
        return 0;
}

/* What is stored for user now, against the digest a state holds. */
enum stored_now { STORED_SAME, STORED_LOCKED, STORED_OTHER };

static int stored_now(const char *user, const char *expect, enum stored_now *ret)
{
        char digest[STORED_DIGEST_HEX + 1], *hash = NULL;
        const char *h;
        int r = stored_hash_read(user, &hash);

        if (r < 0)
                return r;
        *ret = STORED_OTHER;
        if ((r = stored_hash_digest(hash, digest, sizeof digest)) == 0 && strcmp(digest, expect) == 0)
                *ret = STORED_SAME;
        /* passwd -l and usermod -L put '!' before the same hash: locked, not
         * changed; an unlock brings the same password back. */
        for (h = hash; r == 0 && *ret == STORED_OTHER && *h == '!'; h++)
                if ((r = stored_hash_digest(h + 1, digest, sizeof digest)) == 0 && strcmp(digest, expect) == 0)
                        *ret = STORED_LOCKED;
        stored_hash_free(hash);
        return r;
}

static int session_opened_locked(const char *user, const struct break_glass_trigger *t, char *said, size_t n,
                                 char *trigger, size_t tn, struct ssr_outcome *out)
{
        struct break_glass_state st;
        char why[512], when[64], due[64];
        long long now = (long long) time(NULL);
        enum stored_now stored;
        const char *lost = "";
        unsigned delay;
        int r;

        if ((r = break_glass_state_read(user, &st, why, sizeof why)) == -ENOENT)
                return 0;
        if (r < 0)
                return fail(out, SSR_SYSTEM_ERROR, r, why);
        out->break_glass_s = st.grace_s;
        /* Armed for the hash the reset stored: one set since by other means
         * (passwd, chpasswd) is not ssmreset's to close. */
        if ((r = stored_now(user, st.stored, &stored)) < 0) {
                snprintf(why, sizeof why, "cannot read the stored password hash of '%s': %s", user, strerror(-r));
                return fail(out, SSR_SYSTEM_ERROR, r, why);
        }
        if (stored == STORED_LOCKED)
                return 0; /* a key's login to a locked password: its unlock's next session schedules */
        if (stored == STORED_OTHER) {
                (void) break_glass_state_remove(user);
                snprintf(trigger, tn,
                         "a session opened (service %s), but the password is no longer the one ssmreset "
                         "set: changed by other means since",
                         t->service[0] ? t->service : "unknown");
                return fail(out, SSR_ACCOUNT_REFUSED, -ESTALE,
                            "the password was changed since ssmreset set it (not by ssmreset): nothing to close");
        }
        if (st.id[0]) {
                /* Scheduled before: still to come (or under way), or lost
                 * (a reboot drops transient timers; a scramble that failed). */
                if ((r = scheduler_pending(st.unit, why, sizeof why)) < 0)
                        return fail(out, SSR_SYSTEM_ERROR, r, why);
                if (r == 1) {
                        utc(st.due, due, sizeof due);
                        if (st.due > now)
                                snprintf(said, n, "ssmreset: this break-glass password stops working at %s.", due);
                        else
                                snprintf(said, n, "ssmreset: this break-glass password is being closed now.");
                        return 0;
                }
                lost = " (the one scheduled before did not close it: lost by a reboot, or it failed)";
        }
        /* The grace counts from the first session: what is left of it when
         * the scramble scheduled then was lost. */
        delay = !st.id[0] ? st.grace_s : st.due > now ? (unsigned) (st.due - now) : 1;
        if ((r = new_id(st.id)) < 0)
                return fail(out, SSR_SYSTEM_ERROR, r, "cannot read random numbers for the scramble's id");
        unit_name(user, st.id, st.unit, sizeof st.unit);
        st.due = now + delay;
        utc(now, when, sizeof when);
        utc(st.due, due, sizeof due);
        snprintf(st.trigger, sizeof st.trigger,
                 "%s session opened at %s (service %s, tty %s, from %s); scramble due at %s, %u s later%s",
                 lost[0] ? "a" : "the first", when, t->service[0] ? t->service : "unknown", t->tty[0] ? t->tty : "none",
                 t->rhost[0] ? t->rhost : "this host", due, delay, lost);
        snprintf(trigger, tn, "%s", st.trigger);
        if ((r = break_glass_state_write(user, &st, why, sizeof why)) < 0)
                return fail(out, SSR_SYSTEM_ERROR, r, why);

        char *command[] = { SSMRESET_PROGRAM, "--scramble", "--scramble-id", st.id, "--", (char *) user, NULL };
        char description[200];
        snprintf(description, sizeof description, "ssmreset: close the break-glass password of %s", user);
        if ((r = scheduler_start(st.unit, delay, description, command, why, sizeof why)) < 0) {
                st.id[0] = st.unit[0] = st.trigger[0] = '\0';
                st.due = 0;
                (void) break_glass_state_write(user, &st, why + strlen(why), 0);
                return fail(out, SSR_SYSTEM_ERROR, r, why);
        }
        snprintf(said, n, "ssmreset: this is a break-glass password: it stops working at %s (in %u s)%s.", due, delay,
                 st.end_sessions ? ", and this account's sessions end then" : "");
        return 1;
}

int break_glass_session_opened(const char *user, const struct break_glass_trigger *t, char *said, size_t n,
                               char *trigger, size_t tn, struct ssr_outcome *out)
{
        char path[256], why[512];
        struct stat st;
        int lock, r;

        said[0] = trigger[0] = '\0';
        *out = (struct ssr_outcome){ .status = SSR_CHANGED };
        /* No state, nothing to lock (nor a folder to make). */
        if (break_glass_state_path(user, path, sizeof path) == 0 && lstat(path, &st) < 0 && errno == ENOENT)
                return 0;
        if ((lock = break_glass_state_lock(why, sizeof why)) < 0)
                return fail(out, SSR_SYSTEM_ERROR, lock, why);
        r = session_opened_locked(user, t, said, n, trigger, tn, out);
        break_glass_state_unlock(lock);
        return r;
}

int break_glass_scramble_due(const char *user, const char *id, struct break_glass_due *ret, char *said, size_t n,
                             struct ssr_outcome *out)
{
        struct break_glass_state st;
        char why[512];
        int r = break_glass_state_read(user, &st, why, sizeof why);

        if (r == -ENOENT || (r == 0 && strcmp(st.id, id) != 0)) {
                snprintf(said, n, "nothing to scramble for '%s': this scramble (%s) was cancelled by a reset since",
                         user, id);
                return 0;
        }
        if (r < 0)
                return fail(out, SSR_SYSTEM_ERROR, r, why);
        *ret = (struct break_glass_due){ .end_sessions = st.end_sessions };
        snprintf(ret->id, sizeof ret->id, "%s", st.id);
        snprintf(ret->expect_stored, sizeof ret->expect_stored, "%s", st.stored);
        snprintf(ret->trigger, sizeof ret->trigger, "%s", st.trigger);
        return 1;
}

void break_glass_scramble_done(const char *user, const struct break_glass_due *due, struct ssr_outcome *out)
{
        struct break_glass_state st;
        enum stored_now stored = STORED_SAME;
        char why[512];
        bool gone = out->status == SSR_CHANGED;
        int lock = break_glass_state_lock(why, sizeof why);

        /* A password changed since has nothing left to close; any other
         * failure (a locked password among them) keeps the state, and the
         * account's next session schedules the scramble again. */
        if (!gone && stored_now(user, due->expect_stored, &stored) == 0 && stored == STORED_OTHER)
                gone = true;
        /* Only this scramble's state: a reset meanwhile armed a new one. */
        if (gone && lock >= 0 && break_glass_state_read(user, &st, why, sizeof why) == 0 && strcmp(st.id, due->id) == 0)
                (void) break_glass_state_remove(user);
        break_glass_state_unlock(lock);
        if (out->status != SSR_CHANGED || !due->end_sessions)
                return;
        if (sessions_end(user, why, sizeof why) == 0)
                out->sessions_ended = true;
}

int break_glass_arm(const char *user, const char *hash, unsigned grace_s, bool end_sessions, bool *ret_cancelled,
                    char *why, size_t n)
{
        char path[256];
        struct stat info;
        int lock, r;

        *ret_cancelled = false;
        /* An ordinary reset of an account without a state: nothing to lock,
         * no folder made. */
        if (!grace_s && break_glass_state_path(user, path, sizeof path) == 0 && lstat(path, &info) < 0 &&
            errno == ENOENT)
                return 0;
        if ((lock = break_glass_state_lock(why, n)) < 0)
                return lock;
        r = arm_locked(user, hash, grace_s, end_sessions, ret_cancelled, why, n);
        break_glass_state_unlock(lock);
        return r;
}
