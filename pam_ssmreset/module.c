/* SPDX-License-Identifier: Apache-2.0 */
/* pam_ssmreset.so: the local reset policy, in the password stack of the
 * ssmreset service, on one line before the distribution's stack:
 *
 *   password requisite pam_ssmreset.so [options]   decides, then checks the new password
 *   @include common-password                       pam_unix writes it
 *
 * PRELIM phase: may this account be reset at all, and can a new password be
 * checked and stored (quality check, room and writable files in /etc, the
 * faillock tallies found)? A refusal comes before any prompt. UPDATE phase:
 * asks for the new password and enforces the local quality policy and
 * password history whoever the caller is (pam_pwquality and pam_pwhistory
 * only warn root), then takes the shadow lock with a bounded wait and decides
 * again under it, just before the stack writes. What follows the store
 * (verifying it, --expire, the faillock tally, putting back a failed try) is
 * ssmreset's: this line tells it what the local policy asks for.
 *
 * A "finish" line after the stack, which service files of ssmreset 0.1 had,
 * is accepted and does nothing.
 *
 * What the module tells ssmreset, and check mode, go through the PAM
 * environment as common/pam-protocol.h describes. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#define PAM_SM_PASSWORD
#define PAM_SM_SESSION
#include <fcntl.h>
#include <sys/stat.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include "account-store.h"
#include "break-glass-state.h"
#include "faillock-tally.h"
#include "history.h"
#include "host-files.h"
#include "local-accounts.h"
#include "lock-holder.h"
#include "module-options.h"
#include "pam-protocol.h"
#include "policy.h"
#include "quality.h"
#include "scheduler.h"
#include "helper-run.h"
#include "stored-hash.h"
#include "shadow-lock.h"
#include "verify-crypt.h"

#define DATA_LOCK "pam_ssmreset:lock"

static void drop_lock(pam_handle_t *pamh, void *data, int status)
{
        int *fd = data;

        shadow_lock_release(*fd);
        free(fd);
}

/* Releases the shadow lock a previous call of this transaction took, when
 * the stack stopped before pam_unix released it: first thing in each phase,
 * so that no lock is held while the person is asked. */
static void release_lock(pam_handle_t *pamh)
{
        (void) pam_set_data(pamh, DATA_LOCK, NULL, NULL);
}

static bool env_is(pam_handle_t *pamh, const char *name, const char *value)
{
        const char *v = pam_getenv(pamh, name);

        return v && strcmp(v, value) == 0;
}

static void say_lock_busy(pam_handle_t *pamh, pid_t holder, int timeout_s, const char *what)
{
        char who[64];

        lock_holder_describe(holder, who, sizeof who);
        pam_syslog(pamh, LOG_ERR, "%s: the account files are locked by %s, still after %d s", what, who, timeout_s);
        pam_error(pamh, "The account files (/etc/shadow) are locked by %s, still after %d s", who, timeout_s);
}

/* Can pam_unix store a password now? A failed write would reach the
 * application as PAM_AUTHTOK_ERR, the code of a refused password. */
static int check_store(pam_handle_t *pamh)
{
        char why[512];

        if (account_store_check(why, sizeof why) == 0)
                return PAM_SUCCESS;
        pam_syslog(pamh, LOG_ERR, "%s", why);
        pam_error(pamh, "%s", why);
        return PAM_SYSTEM_ERR;
}

/* Takes the shadow lock with a bounded wait. Returns the descriptor, or a
 * PAM code after telling the person why. */
static int lock(pam_handle_t *pamh, int timeout_s, const char *what, int *ret_fd)
{
        const unsigned quick_ms = 500, timeout_ms = (unsigned) timeout_s * 1000;
        pid_t holder;
        int fd;

        /* Most waits end within the quick try; a longer one is announced, so
         * that the person knows what the silence is. */
        fd = shadow_lock_take(timeout_ms < quick_ms ? timeout_ms : quick_ms, &holder);
        if (fd == -EBUSY && timeout_ms > quick_ms) {
                char who[64];

                lock_holder_describe(holder, who, sizeof who);
                pam_info(pamh, "The account files are locked by %s: waiting up to %d s for it.", who, timeout_s);
                fd = shadow_lock_take(timeout_ms - quick_ms, &holder);
        }
        if (fd == -EBUSY) {
                say_lock_busy(pamh, holder, timeout_s, what);
                return PAM_AUTHTOK_LOCK_BUSY;
        }
        /* /etc read-only or full: say it as the store check words it. */
        if ((fd == -EROFS || fd == -ENOSPC) && check_store(pamh) != PAM_SUCCESS)
                return PAM_SYSTEM_ERR;
        if (fd == -EINVAL) {
                pam_syslog(pamh, LOG_ERR, "%s is not a regular file", SHADOW_LOCK_FILE);
                pam_error(pamh,
                          "The shadow lock file %s is not a regular file: no writer of the account files can lock it "
                          "(remove it: rm %s; it is made again as an empty file).",
                          SHADOW_LOCK_FILE, SHADOW_LOCK_FILE);
                return PAM_SYSTEM_ERR;
        }
        if (fd < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot lock %s: %s", SHADOW_LOCK_FILE, strerror(-fd));
                pam_error(pamh, "Cannot lock the account files (%s): %s", SHADOW_LOCK_FILE, strerror(-fd));
                return PAM_SYSTEM_ERR;
        }
        *ret_fd = fd;
        return PAM_SUCCESS;
}

/* Holds the shadow lock from here until pam_unix's ulckpwdf() releases it,
 * or until the next call of the transaction, or pam_end(). */
static int hold_lock(pam_handle_t *pamh, const struct module_options *o)
{
        int fd = -1, *box, r;

        r = lock(pamh, o->lock_timeout_s, "not changing the password", &fd);
        if (r != PAM_SUCCESS)
                return r;
        box = malloc(sizeof *box);
        if (!box) {
                shadow_lock_release(fd);
                return PAM_BUF_ERR;
        }
        *box = fd;
        r = pam_set_data(pamh, DATA_LOCK, box, drop_lock);
        if (r != PAM_SUCCESS)
                drop_lock(pamh, box, r);
        return r;
}

/* May this account be reset, as the files are now? when is "" before any
 * prompt, or words for a decision taken again later. */
static int decide(pam_handle_t *pamh, const struct module_options *o, const char *user, const char *when)
{
        struct local_account local;
        struct passwd *pw = pam_modutil_getpwnam(pamh, user);
        char sources[256], reason[768];
        char **groups;
        enum policy_verdict v;
        int r;

        r = local_account_read(user, &local);
        if (r < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot read the local account files: %s", strerror(-r));
                pam_error(pamh, "pam_ssmreset: cannot read /etc/passwd or /etc/shadow: %s.", strerror(-r));
                return PAM_SYSTEM_ERR;
        }
        local_nss_sources(sources, sizeof sources);
        groups = local_groups(user, local.in_passwd ? local.gid : pw ? pw->pw_gid : (gid_t) -1);
        struct account_facts f = {
                .user = user,
                .known_to_nss = pw != NULL,
                .in_local_passwd = local.in_passwd,
                .nss_sources = sources,
                .uid = local.in_passwd ? local.uid :
                       pw              ? pw->pw_uid :
                                         (uid_t) -1,
                .has_shadow = local.in_shadow,
                .hash = local.hash,
                .expire_day = local.expire_day,
                .today = local_today(),
                .uid_min = o->uid_min > 0 ? o->uid_min : local_uid_min(),
                .uid_max = o->uid_max > 0 ? o->uid_max : local_uid_max(),
                .groups = groups,
        };
        v = policy_decide(o, &f, reason, sizeof reason);
        local_groups_free(groups);
        local_account_free(&local);
        if (v == POLICY_ALLOW)
                return PAM_SUCCESS;
        pam_syslog(pamh, LOG_NOTICE, "refused%s: %s", when, reason);
        pam_error(pamh, "%s%s", reason, when);
        return v == POLICY_UNKNOWN_USER ? PAM_USER_UNKNOWN : PAM_PERM_DENIED;
}

static int load_quality(pam_handle_t *pamh, const struct module_options *o, pwquality_settings_t **ret)
{
        char msg[768];
        int r = quality_settings_load(o->quality, ret, msg, sizeof msg);

        if (r == 0)
                r = quality_ready(*ret, msg, sizeof msg);
        if (r == 0)
                return PAM_SUCCESS;
        if (r != -ENOMEM) {
                pam_syslog(pamh, LOG_ERR, "%s", msg);
                pam_error(pamh, "%s", msg);
        }
        if (*ret && r != -ENOMEM)
                pwquality_free_settings(*ret);
        *ret = NULL;
        return r == -ENOMEM ? PAM_BUF_ERR : PAM_SYSTEM_ERR;
}

/* ssmreset clears the tallies once the new password is stored: their folders
 * must be known before anyone is asked anything. */
static int check_faillock(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        struct faillock_dirs dirs;
        char err[512], path[PATH_MAX];

        if (o->keep_faillock)
                return PAM_SUCCESS;
        if (faillock_dirs_find(o->faillock_dir, SSMRESET_PAM_CONFDIR, &dirs, err, sizeof err) < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot find the faillock tallies: %s", err);
                pam_error(pamh, "pam_ssmreset: cannot find the faillock tallies: %s (or add keep_faillock).", err);
                return PAM_SYSTEM_ERR;
        }
        /* The account's tally itself: a FIFO there cannot be cleared. */
        for (size_t i = 0; i < dirs.n; i++) {
                snprintf(path, sizeof path, "%s/%s", dirs.dir[i], user);
                if (host_file_check(path, false, "the faillock tally", err, sizeof err) < 0) {
                        pam_syslog(pamh, LOG_ERR, "%s", err);
                        pam_error(pamh, "%s", err);
                        return PAM_SYSTEM_ERR;
                }
        }
        return PAM_SUCCESS;
}

/* A break-glass account's new password must be able to close itself: the
 * scheduler and the state folder are checked before anyone is asked
 * anything. */
static int check_break_glass(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        char why[512];

        if (!module_list_contains(o->breakglass_users, user))
                return PAM_SUCCESS;
        if (scheduler_ready(why, sizeof why) == 0 && break_glass_state_ready(why, sizeof why) == 0)
                return PAM_SUCCESS;
        pam_syslog(pamh, LOG_ERR, "break-glass account %s: %s", user, why);
        pam_error(pamh, "%s is a break-glass account (breakglass_users=), but its password could not close itself: %s",
                  user, why);
        return PAM_SYSTEM_ERR;
}

static int prelim(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        pwquality_settings_t *pwq = NULL;
        int r;

        release_lock(pamh);
        if ((r = decide(pamh, o, user, "")) != PAM_SUCCESS)
                return r;
        if ((r = check_store(pamh)) != PAM_SUCCESS)
                return r;
        if ((r = check_break_glass(pamh, o, user)) != PAM_SUCCESS)
                return r;
        if ((r = load_quality(pamh, o, &pwq)) != PAM_SUCCESS)
                return r;
        pwquality_free_settings(pwq);
        return check_faillock(pamh, o, user);
}

static int check_new_password(pam_handle_t *pamh, const struct module_options *o, pwquality_settings_t *pwq,
                              const char *user, const char *password)
{
        struct local_account local = { 0 };
        char msg[512];
        int r;

        if (password[0] == '\0') {
                pam_error(pamh, "No password has been supplied.");
                return PAM_AUTHTOK_ERR;
        }
        if (quality_check(pwq, password, user, msg, sizeof msg) != 0) {
                pam_error(pamh, "%s", msg);
                return PAM_AUTHTOK_ERR;
        }
        /* A password made from the kernel's random bytes is neither the
         * current one nor an old one: no hash is spent on showing it. */
        if (env_is(pamh, SSMRESET_ENV_GENERATED, SSMRESET_ENV_YES))
                return PAM_SUCCESS;
        if (local_account_read(user, &local) < 0) {
                pam_error(pamh, "pam_ssmreset: cannot read /etc/shadow.");
                return PAM_SYSTEM_ERR;
        }
        /* A reset sets a new password: the current one is refused whether or
         * not history is kept. */
        r = local.hash && verify_password_hash(password, local.hash) == 1;
        if (r) {
                local_account_free(&local);
                pam_error(pamh, "The new password is the current one. Choose another.");
                return PAM_AUTHTOK_ERR;
        }
        {
                struct history_files files;
                char err[256];

                r = history_files_find(SSMRESET_PAM_CONFDIR, SSMRESET_PAM_SERVICE, &files, err, sizeof err);
                if (r == 0)
                        r = history_reused(&files, user, password, local.hash, o->remember);
        }
        local_account_free(&local);
        if (r < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot read the password history: %s", strerror(-r));
                pam_error(pamh, "pam_ssmreset: cannot read the password history.");
                return PAM_SYSTEM_ERR;
        }
        if (r > 0) {
                pam_error(pamh, "Password has been already used. Choose another.");
                return PAM_AUTHTOK_ERR;
        }
        return PAM_SUCCESS;
}

/* What the local policy asks of the rest of the reset, for ssmreset. */
static int tell_plan(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        char timeout[64], dir[PATH_MAX + 64];
        int r;

        if (o->expire || env_is(pamh, SSMRESET_ENV_EXPIRE, SSMRESET_ENV_YES))
                r = pam_putenv(pamh, SSMRESET_ENV_PLAN_EXPIRE "=" SSMRESET_ENV_YES);
        else
                r = PAM_SUCCESS;
        if (r == PAM_SUCCESS && o->keep_faillock)
                r = pam_putenv(pamh, SSMRESET_ENV_PLAN_KEEP_FAILLOCK "=" SSMRESET_ENV_YES);
        if (r == PAM_SUCCESS && o->faillock_dir) {
                if ((size_t) snprintf(dir, sizeof dir, "%s=%s", SSMRESET_ENV_PLAN_FAILLOCK_DIR, o->faillock_dir) >=
                    sizeof dir)
                        return PAM_BUF_ERR;
                r = pam_putenv(pamh, dir);
        }
        if (r == PAM_SUCCESS && module_list_contains(o->breakglass_users, user)) {
                char grace[64];

                snprintf(grace, sizeof grace, "%s=%d", SSMRESET_ENV_PLAN_BREAK_GLASS, o->breakglass_grace_s);
                r = pam_putenv(pamh, grace);
                if (r == PAM_SUCCESS && o->breakglass_end_sessions)
                        r = pam_putenv(pamh, SSMRESET_ENV_PLAN_END_SESSIONS "=" SSMRESET_ENV_YES);
        }
        snprintf(timeout, sizeof timeout, "%s=%d", SSMRESET_ENV_PLAN_LOCK_TIMEOUT, o->lock_timeout_s);
        return r == PAM_SUCCESS ? pam_putenv(pamh, timeout) : r;
}

/* A break-glass scramble must never touch an account whose password
 * changed since its session opened: under the shadow lock, just before the
 * stack stores, the stored hash is still the one ssmreset expects. */
static int check_unchanged(pam_handle_t *pamh, const char *user)
{
        const char *expect = pam_getenv(pamh, SSMRESET_ENV_EXPECT_STORED);
        char stored[STORED_DIGEST_HEX + 1];
        int r;

        if (!expect)
                return PAM_SUCCESS;
        if ((r = stored_hash_digest_of(user, stored, sizeof stored)) < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot read the stored hash of %s: %s", user, strerror(-r));
                pam_error(pamh, "pam_ssmreset: cannot read the stored password hash of %s: %s.", user, strerror(-r));
                return PAM_SYSTEM_ERR;
        }
        if (strcmp(stored, expect) == 0)
                return PAM_SUCCESS;
        pam_syslog(pamh, LOG_NOTICE, "not scrambling %s: its password changed since the scramble was scheduled", user);
        pam_error(pamh,
                  "The password of %s was changed since its break-glass scramble was scheduled: the scramble "
                  "leaves it alone.",
                  user);
        return PAM_PERM_DENIED;
}

static int update(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        pwquality_settings_t *pwq = NULL;
        const char *password = NULL;
        int r;

        release_lock(pamh);
        if (env_is(pamh, SSMRESET_ENV_MODE, SSMRESET_MODE_CHECK)) {
                /* The whole PRELIM phase passed: the reset would be allowed. */
                r = pam_putenv(pamh, SSMRESET_ENV_DECISION "=" SSMRESET_DECISION_ALLOWED);
                return r == PAM_SUCCESS ? PAM_ABORT : r;
        }
        /* A new try: nothing accepted yet. (Removed only when there: libpam
         * logs the removal of a name it lacks.) */
        if (pam_getenv(pamh, SSMRESET_ENV_ACCEPTED))
                (void) pam_putenv(pamh, SSMRESET_ENV_ACCEPTED);
        if ((r = load_quality(pamh, o, &pwq)) != PAM_SUCCESS)
                return r;
        /* "New password:", checked before "Retype new password:" so that a
         * refused password is not typed twice. The answer stays PAM_AUTHTOK
         * for pam_unix further down. */
        r = pam_get_authtok_noverify(pamh, &password, NULL);
        if (r == PAM_SUCCESS)
                r = check_new_password(pamh, o, pwq, user, password);
        if (r == PAM_SUCCESS)
                r = pam_get_authtok_verify(pamh, &password, NULL);
        pwquality_free_settings(pwq);
        if (r != PAM_SUCCESS) {
                /* The stack stops here; a retry must ask again. */
                (void) pam_set_item(pamh, PAM_AUTHTOK, NULL);
                return r;
        }
        /* The password is final: from here on nobody waits for the person,
         * and nobody asks them again. */
        if ((r = pam_putenv(pamh, SSMRESET_ENV_ACCEPTED "=" SSMRESET_ENV_YES)) != PAM_SUCCESS)
                return r;
        if ((r = tell_plan(pamh, o, user)) != PAM_SUCCESS)
                return r;
        if ((r = hold_lock(pamh, o)) != PAM_SUCCESS)
                return r;
        /* The files may have changed while the person typed (an
         * administrator locking the account): decide again, under the lock,
         * just before the stack writes. */
        if ((r = decide(pamh, o, user, " (decided again once the password was typed)")) != PAM_SUCCESS)
                return r;
        if ((r = check_unchanged(pamh, user)) != PAM_SUCCESS)
                return r;
        return check_store(pamh);
}

PAM_EXTERN int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
        struct module_options o;
        const char *user = NULL;
        char err[256];
        int r;

        if (module_options_parse(argc, argv, &o, err, sizeof err) < 0) {
                pam_syslog(pamh, LOG_ERR, "bad options: %s", err);
                pam_error(pamh, "pam_ssmreset: %s in the PAM service file.", err);
                return PAM_SERVICE_ERR;
        }
        r = pam_get_user(pamh, &user, NULL);
        if (r != PAM_SUCCESS || !user || !*user) {
                module_options_free(&o);
                return PAM_USER_UNKNOWN;
        }
        if (o.finish)
                r = PAM_SUCCESS; /* see the top of this file */
        else if (flags & PAM_PRELIM_CHECK)
                r = prelim(pamh, &o, user);
        else if (flags & PAM_UPDATE_AUTHTOK)
                r = update(pamh, &o, user);
        else
                r = PAM_SERVICE_ERR;
        if (o.debug)
                pam_syslog(pamh, LOG_DEBUG, "%s%s phase for %s: %s", o.finish ? "finish, " : "",
                           flags & PAM_PRELIM_CHECK ? "prelim" : "update", user, pam_strerror(pamh, r));
        module_options_free(&o);
        return r;
}

/* How long a login waits for ssmreset --session-opened: it writes a state
 * file and asks systemd for a timer, a few milliseconds; systemd-run's own
 * bound is 15 s. */
#define SESSION_OPENED_TIMEOUT_MS (20 * 1000)

/* A PAM item for the command line of ssmreset --session-opened, which takes
 * A-Z a-z 0-9 . _ : / @ - alone: other characters become '_'. "" when
 * unset. */
static void item_word(pam_handle_t *pamh, int item, char *buf, size_t n)
{
        const void *v = NULL;
        size_t k = 0;

        if (pam_get_item(pamh, item, &v) == PAM_SUCCESS && v)
                for (const char *c = v; *c && k + 1 < n && k < 64; c++)
                        buf[k++] = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                                                   strchr("._:/@-", *c) ?
                                           *c :
                                           '_';
        buf[k] = '\0';
}

/* Does user's state name a scheduled scramble? */
static bool scramble_scheduled(const char *user)
{
        struct break_glass_state st;
        char why[512];

        return break_glass_state_read(user, &st, why, sizeof why) == 0 && st.id[0];
}

/* Session: when an account with a break-glass state opens a session, ssmreset
 * schedules the scramble (hook/os/break-glass.h), and the person is told
 * when the password stops working. Accounts without a state cost one
 * stat(). The module waits for ssmreset a bounded time; a failure is logged
 * and told, and is PAM_SESSION_ERR: on an "optional" line the login goes on
 * (break glass must open), on a "required" line it is refused. */
PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
        char path[256], service[72], tty[72], rhost[72], said[512];
        const char *user = NULL;
        struct stat st;
        int r;

        if (pam_get_user(pamh, &user, NULL) != PAM_SUCCESS || !user ||
            break_glass_state_path(user, path, sizeof path) < 0)
                return PAM_IGNORE;
        if (stat(path, &st) < 0)
                return PAM_IGNORE;
        item_word(pamh, PAM_SERVICE, service, sizeof service);
        item_word(pamh, PAM_TTY, tty, sizeof tty);
        item_word(pamh, PAM_RHOST, rhost, sizeof rhost);
        char *command[16] = { SSMRESET_PROGRAM, SSMRESET_OPTION_SESSION_OPENED };
        size_t k = 2;
        if (service[0]) {
                command[k++] = "--pam-service";
                command[k++] = service;
        }
        if (tty[0]) {
                command[k++] = "--pam-tty";
                command[k++] = tty;
        }
        if (rhost[0]) {
                command[k++] = "--pam-rhost";
                command[k++] = rhost;
        }
        command[k++] = "--";
        command[k++] = (char *) user;
        r = helper_run(command, SESSION_OPENED_TIMEOUT_MS, false, said, sizeof said);
        said[strcspn(said, "\n")] = '\0';
        for (char *c = said; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        *c = '?';
        if (said[0])
                pam_info(pamh, "%s", said);
        if (r == 0)
                return PAM_SUCCESS;
        /* The application's own SIGCHLD handler took the status: the state
         * says whether the scramble is scheduled. */
        if (r == -ECHILD && scramble_scheduled(user))
                return PAM_SUCCESS;
        pam_syslog(pamh, LOG_ERR, "ssmreset %s %s failed (%d): the break-glass scramble of %s is not scheduled",
                   SSMRESET_OPTION_SESSION_OPENED, user, r, user);
        pam_error(pamh,
                  "pam_ssmreset: the break-glass password of %s could not be set to close itself (see "
                  "journalctl -t ssmreset).",
                  user);
        return PAM_SESSION_ERR;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
        return PAM_IGNORE;
}
