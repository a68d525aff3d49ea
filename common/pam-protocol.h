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
 * After pam_chauthtok(), the module has set, where it did them:
 *   SSMRESET_DECISION=allowed   (check mode) the policy allows the reset
 *   SSMRESET_EXPIRED=1          the finish line expired the new password
 *   SSMRESET_FAILLOCK=cleared   the finish line cleared a faillock tally
 *
 * Every name below is the only spelling of its word: both sides include this
 * header. */
#pragma once

/* The option that makes a pam_ssmreset.so line the finish line. */
#define SSMRESET_PAM_FINISH_OPTION "finish"

#define SSMRESET_ENV_MODE "SSMRESET_MODE"
#define SSMRESET_MODE_CHECK "check"

#define SSMRESET_ENV_EXPIRE "SSMRESET_EXPIRE"
#define SSMRESET_ENV_DECISION "SSMRESET_DECISION"
#define SSMRESET_DECISION_ALLOWED "allowed"
#define SSMRESET_ENV_EXPIRED "SSMRESET_EXPIRED"
#define SSMRESET_ENV_FAILLOCK "SSMRESET_FAILLOCK"
#define SSMRESET_FAILLOCK_CLEARED "cleared"

/* "1" and "0" for the yes/no variables above. */
#define SSMRESET_ENV_YES "1"
