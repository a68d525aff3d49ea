/* SPDX-License-Identifier: Apache-2.0 */
/* The handshake between ssmreset, the PAM application (linux/backend-pam.c),
 * and pam_ssmreset.so, the module (pam_ssmreset/module.c). They share no
 * memory and no files: everything crosses the PAM transaction of one
 * pam_chauthtok() call, through the PAM environment (pam_putenv() /
 * pam_getenv(), "NAME=value"), and the PAM service file names the module's
 * line, first in the password stack:
 *
 *   password requisite pam_ssmreset.so [options]   decides, asks, checks
 *   <the distribution's password stack>           stores the password
 *
 * Before pam_chauthtok(), the application may set:
 *   SSMRESET_MODE=check     decide only. The module's PRELIM phase applies
 *                           the policy as always; its UPDATE phase then sets
 *                           SSMRESET_DECISION=allowed and ends the stack with
 *                           PAM_ABORT before anyone is asked anything. Without
 *                           that answer the application never says ALLOWED.
 *   SSMRESET_EXPIRE=1       the new password must be changed at the next login.
 *   SSMRESET_GENERATED=1    the password that will be given was made from the
 *                           kernel's random bytes (--generate): it is neither
 *                           the current password nor one in the history, and
 *                           the module spends no hash on showing so.
 *   SSMRESET_EXPECT_STORED=DIGEST
 *                           a break-glass scramble: the account's stored hash
 *                           must still be the one whose SHA-256 (hex) is
 *                           DIGEST (common/stored-hash.h). The module checks
 *                           it under the shadow lock, just before the stack
 *                           stores, and refuses the account (PAM_PERM_DENIED)
 *                           when another password was set since.
 *
 * During pam_chauthtok(), the module sets, once it has accepted the
 * password the person typed (checked and retyped):
 *   SSMRESET_ACCEPTED=1     from here on nobody may be asked anything: the
 *                           application refuses every further prompt (a module
 *                           that asks again, as pam_pwquality retry=N does,
 *                           would store an answer the module never checked),
 *                           so the try fails and the next one starts at the
 *                           module's line. The module clears it when it starts
 *                           a try.
 * and what the local policy asks of the rest of the reset, which is the
 * application's (it verifies the stored hash, then expires the password and
 * clears the faillock tally, or puts back a failed try):
 *   SSMRESET_PLAN_EXPIRE=1          expire the new password (--expire, or the
 *                                   module's expire option)
 *   SSMRESET_PLAN_KEEP_FAILLOCK=1   leave the faillock tally as it is
 *   SSMRESET_PLAN_FAILLOCK_DIR=DIR  the tallies are in DIR only (faillock_dir=)
 *   SSMRESET_PLAN_LOCK_TIMEOUT=N    wait at most N seconds for any lock
 *   SSMRESET_PLAN_BREAK_GLASS=N     the account is a break-glass account
 *                                   (breakglass_users=): its new password
 *                                   closes N seconds after its first session
 *   SSMRESET_PLAN_END_SESSIONS=1    and that scramble ends its sessions
 *
 * After pam_chauthtok(), in check mode:
 *   SSMRESET_DECISION=allowed   the policy allows the reset
 *
 * Every name below is the only spelling of its word: both sides include this
 * header. */
#pragma once

/* The option of the "finish" line of ssmreset 0.1's service files, which
 * the module still accepts and ignores. */
#define SSMRESET_PAM_FINISH_OPTION "finish"

#define SSMRESET_ENV_MODE "SSMRESET_MODE"
#define SSMRESET_MODE_CHECK "check"

#define SSMRESET_ENV_EXPIRE "SSMRESET_EXPIRE"
#define SSMRESET_ENV_GENERATED "SSMRESET_GENERATED"
#define SSMRESET_ENV_ACCEPTED "SSMRESET_ACCEPTED"
#define SSMRESET_ENV_DECISION "SSMRESET_DECISION"
#define SSMRESET_DECISION_ALLOWED "allowed"
#define SSMRESET_ENV_PLAN_EXPIRE "SSMRESET_PLAN_EXPIRE"
#define SSMRESET_ENV_PLAN_KEEP_FAILLOCK "SSMRESET_PLAN_KEEP_FAILLOCK"
#define SSMRESET_ENV_PLAN_FAILLOCK_DIR "SSMRESET_PLAN_FAILLOCK_DIR"
#define SSMRESET_ENV_PLAN_LOCK_TIMEOUT "SSMRESET_PLAN_LOCK_TIMEOUT"
#define SSMRESET_ENV_PLAN_BREAK_GLASS "SSMRESET_PLAN_BREAK_GLASS"
#define SSMRESET_ENV_PLAN_END_SESSIONS "SSMRESET_PLAN_END_SESSIONS"
#define SSMRESET_ENV_EXPECT_STORED "SSMRESET_EXPECT_STORED"

/* pam_ssmreset.so as a session module runs this program, as root with an
 * empty environment: "ssmreset --session-opened --pam-service S --pam-tty T
 * --pam-rhost H -- USER", when USER has a break-glass state. */
#define SSMRESET_OPTION_SESSION_OPENED "--session-opened"

/* "1" for the yes/no variables above; absent means no. */
#define SSMRESET_ENV_YES "1"

/* How long either side waits for a lock by default, in seconds (the
 * module's lock_timeout=). */
#define SSMRESET_LOCK_TIMEOUT_DEFAULT 10
