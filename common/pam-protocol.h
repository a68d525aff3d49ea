/* SPDX-License-Identifier: Apache-2.0 */
/* The handshake between ssmreset, the PAM application (linux/backend-pam.c),
 * and pam_ssmreset.so, the module (pam_ssmreset/module.c). They share no
 * memory and no files: everything crosses the PAM transaction of one
 * pam_chauthtok() call, through the PAM environment (pam_putenv() /
 * pam_getenv(), "NAME=value"), and the PAM service file names the module's
 * two lines.
 *
 *   password requisite pam_ssmreset.so [options]   first line: decides, asks, checks
 *   <the distribution's password stack>           stores the password
 *   password required  pam_ssmreset.so finish      finish line: expiry, faillock
 *
 * Before pam_chauthtok(), the application may set:
 *   SSMRESET_MODE=check     decide only. The first line's PRELIM phase applies
 *                           the policy as always; its UPDATE phase then sets
 *                           SSMRESET_DECISION=allowed and ends the stack with
 *                           PAM_ABORT before anyone is asked anything. Without
 *                           that answer the application never says ALLOWED.
 *   SSMRESET_EXPIRE=1       the new password must be changed at the next login.
 *
 * During pam_chauthtok(), the first line sets, once it has accepted the
 * password the person typed (checked and retyped):
 *   SSMRESET_ACCEPTED=1     from here on nobody may be asked anything: the
 *                           application refuses every further prompt (a module
 *                           that asks again, as pam_pwquality retry=N does,
 *                           would store an answer the first line never
 *                           checked), so the try fails and the next one starts
 *                           at the first line. The first line clears it when
 *                           it starts a try.
 *
 * After pam_chauthtok(), the module has set, where it did them:
 *   SSMRESET_DECISION=allowed   (check mode) the policy allows the reset
 *   SSMRESET_EXPIRED=1          the finish line expired the new password
 *   SSMRESET_FAILLOCK=cleared   the finish line cleared a faillock tally that
 *                               held records
 * The finish line acts only when the stored hash, read under the shadow lock,
 * is a hash of the accepted password by a method libxcrypt holds strong;
 * otherwise it changes nothing and fails the stack.
 *
 * Every name below is the only spelling of its word: both sides include this
 * header. */
#pragma once

/* The option that makes a pam_ssmreset.so line the finish line. */
#define SSMRESET_PAM_FINISH_OPTION "finish"

#define SSMRESET_ENV_MODE "SSMRESET_MODE"
#define SSMRESET_MODE_CHECK "check"

#define SSMRESET_ENV_EXPIRE "SSMRESET_EXPIRE"
#define SSMRESET_ENV_ACCEPTED "SSMRESET_ACCEPTED"
#define SSMRESET_ENV_DECISION "SSMRESET_DECISION"
#define SSMRESET_DECISION_ALLOWED "allowed"
#define SSMRESET_ENV_EXPIRED "SSMRESET_EXPIRED"
#define SSMRESET_ENV_FAILLOCK "SSMRESET_FAILLOCK"
#define SSMRESET_FAILLOCK_CLEARED "cleared"

/* "1" for the yes/no variables above; absent means no. */
#define SSMRESET_ENV_YES "1"

/* How long either side waits for the shadow lock by default, in seconds
 * (the module's lock_timeout=). */
#define SSMRESET_LOCK_TIMEOUT_DEFAULT 10
