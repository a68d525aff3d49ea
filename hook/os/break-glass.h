/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: break-glass passwords that close themselves. A password set
 * by a reset of a break-glass account (the local policy names it, or the
 * run asked with --break-glass) is armed; the first session the account
 * opens with it schedules, through the host's own scheduler, a scramble at
 * the end of the grace period: a reset to a fresh random password that is
 * never delivered, so that the account stays closed until its next audited
 * reset. A scramble is a reset like any other (all or nothing, verified,
 * recorded with what triggered it) and never touches an account whose
 * password changed since its session opened: what was stored then is
 * compared with what is stored, under the shadow lock, just before the
 * store. A reset of the account in the meantime cancels it.
 *
 * Linux: linux/break-glass-linux.c (pam_ssmreset.so as a session module
 * runs ssmreset --session-opened; systemd-run's transient timers; loginctl
 * terminate-user). Windows: win32/break-glass-win32.c, not yet: every
 * call says so. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "os/backend.h"

/* The longest grace period, in seconds: Windows LAPS' 24 hours. */
#define BREAK_GLASS_GRACE_MAX 86400

/* What started a session, as the session module saw it (PAM_SERVICE,
 * PAM_TTY, PAM_RHOST); "" when unknown. */
struct break_glass_trigger {
        const char *service, *tty, *rhost;
};

/* Can a break-glass password be armed here at all (the scheduler and the
 * state folder)? 0, or -errno with the cause and its fix in why: checked
 * before a run that asks for --break-glass changes anything. -EOPNOTSUPP:
 * not on this OS. */
int break_glass_ready(char *why, size_t n);

/* A session of user opened (ssmreset --session-opened, which the session
 * module runs): when the account's password is an armed break-glass
 * password, the scramble is scheduled. Returns 1 when it was (trigger says
 * what triggered it and when the scramble is due, in words, for the
 * record; out->break_glass_s the grace period), 0 when there was nothing
 * to do or to record (not armed, or scheduled already), or -errno with out's
 * status and reason set. What the person logging in should know is in said
 * (n bytes; "" when nothing). */
int break_glass_session_opened(const char *user, const struct break_glass_trigger *t, char *said, size_t n,
                               char *trigger, size_t tn, struct ssr_outcome *out);

/* What the timer's scramble runs on. */
struct break_glass_due {
        char id[17];            /* the scramble's id (--scramble-id) */
        char expect_stored[65]; /* ssr_request's expect_stored */
        bool end_sessions;
        char trigger[512]; /* what triggered it, in words, for the record */
};

/* Is the scramble of user with this id (--scramble-id) still due? 1 yes
 * (ret filled), 0 no: cancelled or replaced by a later reset (said says so,
 * n bytes), -errno when the state cannot be read (out set). */
int break_glass_scramble_due(const char *user, const char *id, struct break_glass_due *ret, char *said, size_t n,
                             struct ssr_outcome *out);

/* After a scramble of user: when it changed the password, or found it
 * changed since (nothing to close any more), the state goes, unless a
 * reset has replaced it meanwhile; a password only locked since (passwd -l,
 * usermod -L: the same hash behind '!') is not "changed": its state stays,
 * and its next session after an unlock schedules the scramble again. When
 * it changed the password and due asks so, the account's sessions are
 * ended (out->sessions_ended). */
void break_glass_scramble_done(const char *user, const struct break_glass_due *due, struct ssr_outcome *out);
