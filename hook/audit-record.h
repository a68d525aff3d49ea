/* SPDX-License-Identifier: Apache-2.0 */
/* The audit record: one per attempt on an account, with the same fields on
 * every OS. Where it is written is the OS's business: os/audit.h. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "result.h"

/* Where a record went, as the portable program needs to know it: the OS's
 * own audit trail, its fallback, or nowhere. The OS names them
 * (audit_sink_name()). */
enum audit_sink {
        AUDIT_NONE,
        AUDIT_PREFERRED, /* journald; Windows: the Application Event Log */
        AUDIT_FALLBACK,  /* syslog, when journald is not reachable */
};

struct audit_event {
        const char *username; /* escaped for display */
        /* The record of an attempt that is starting: a generated password,
         * its ciphertext already delivered, is about to be set. status is not
         * a result yet; the record of the outcome follows. */
        bool pending;
        enum ssr_status status;
        const char *reason;     /* "" on success */
        const char *session_id; /* "" when unknown */
        const char *requester;  /* "" when unknown */
        /* The session of the agent's worker the run came from, when
         * session_id (given in a --batch request or by --session-id) names
         * another; "" or NULL otherwise. */
        const char *worker_session_id;
        bool check_only; /* --check: a decision, not a reset */
        bool verified;
        bool expired;
        bool faillock_cleared; /* the failed-login tally was emptied */
        bool changed;          /* the account's password is another than before */
        bool rolled_back;      /* what a failed try had written was put back */
        bool generated;        /* the password was made on the host */
        const char *recipient; /* SHA-256 fingerprint of the certificate it went to; "" when none */
        /* With pending: the ciphertext (PEM) delivered to the requester, kept
         * with the record so that a run killed after the store still leaves
         * it on the host; only the requester's key opens it. NULL: none. */
        const char *ciphertext;
        unsigned tries_used;
        const char *host;
        /* Break-glass (os/break-glass.h). */
        unsigned break_glass;    /* the new password closes this many seconds after its first session; 0: not */
        bool scramble_cancelled; /* this reset cancelled a pending scramble */
        bool scramble;           /* the record of a scramble: the reset the timer ran */
        bool scheduled;          /* the record of a scramble scheduled when a session opened (status CHANGED),
                                  * or that could not be (another status, reason set) */
        bool sessions_ended;     /* the scramble ended the account's sessions */
        const char *trigger;     /* with scramble or scheduled: what triggered it, in words; NULL: none */
};

/* The record's mode: "check", "reset", "scramble" or "session". */
const char *audit_mode_name(const struct audit_event *ev);

/* The record's one-line summary, the same on every OS:
 * "password of 'alice' changed (session S, requested by R)". */
void audit_format_message(const struct audit_event *ev, char *buf, size_t n);
