/* pam_ssmreset.so: the local reset policy, in the password stack of the
 * ssmreset service. Two lines:
 *
 *   password requisite pam_ssmreset.so [options]   first: decides, then checks the new password
 *   @include common-password                       pam_unix writes it
 *   password required  pam_ssmreset.so finish      last: expiry, faillock
 *
 * PRELIM phase, first line: may this account be reset at all? A refusal comes
 * before any prompt. UPDATE phase, first line: asks for the new password and
 * enforces the local quality policy and password history whoever the caller
 * is (pam_pwquality and pam_pwhistory only warn root). UPDATE phase, finish
 * line (after pam_unix succeeded): expires the password if asked, clears the
 * faillock tally. What it did is reported to the application through the PAM
 * environment, as common/pam-protocol.h describes; so is check mode, in which
 * the first line decides and ends the stack before anyone is asked.
 *
 * Between the first line's UPDATE phase and pam_unix, this process holds the
 * shadow lock, taken with a bounded wait: pam_unix's own lckpwdf() is then
 * granted at once instead of waiting up to 25 minutes behind a stuck holder.
 * /etc must have room for pam_unix's new copy of /etc/shadow, both before any
 * prompt and under the lock: pam_unix reports a failed write as
 * PAM_AUTHTOK_ERR, which reads as a refused password. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#define PAM_SM_PASSWORD
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

#include "faillock-reset.h"
#include "history.h"
#include "local-accounts.h"
#include "module-options.h"
#include "pam-protocol.h"
#include "policy.h"
#include "quality.h"
#include "shadow-edit.h"

#define DATA_FINISH "pam_ssmreset:finish"
#define DATA_LOCK "pam_ssmreset:lock"

/* What the first line leaves for the finish line. */
struct finish_plan {
        bool expire;
        bool keep_faillock;
        int lock_timeout_s;
        char *faillock_dir;
};

static void free_plan(pam_handle_t *pamh, void *data, int status)
{
        struct finish_plan *plan = data;

        free(plan->faillock_dir);
        free(plan);
}

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

/* "process 1234 (vipw)", for people: the name in printable ASCII only. */
static void describe_holder(pid_t pid, char *buf, size_t n)
{
        char path[64], name[32];
        ssize_t len = -1;
        int fd;

        if (pid <= 0) {
                snprintf(buf, n, "another process");
                return;
        }
        snprintf(path, sizeof path, "/proc/%d/comm", (int) pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
                len = read(fd, name, sizeof name - 1);
                close(fd);
        }
        name[len > 0 ? len : 0] = '\0';
        name[strcspn(name, "\n")] = '\0';
        for (char *p = name; *p; p++)
                if (!isprint((unsigned char) *p) || (unsigned char) *p > 0x7E)
                        *p = '?';
        snprintf(buf, n, "process %d (%s)", (int) pid, name[0] ? name : "?");
}

static void say_lock_busy(pam_handle_t *pamh, pid_t holder, int timeout_s, const char *what)
{
        char who[64];

        describe_holder(holder, who, sizeof who);
        pam_syslog(pamh, LOG_ERR, "%s: the account files are locked by %s, still after %d s", what, who, timeout_s);
        pam_error(pamh, "The account files (/etc/shadow) are locked by %s, still after %d s", who, timeout_s);
}

static int say_no_room(pam_handle_t *pamh, int r)
{
        pam_syslog(pamh, LOG_ERR, "/etc: %s", strerror(-r));
        pam_error(pamh, r == -EROFS ?
                                "/etc is read-only: a new password cannot be stored" :
                                "/etc has no room for a new copy of /etc/shadow: a new password cannot be stored");
        return PAM_SYSTEM_ERR;
}

/* Only a definite "no room" stops the reset: a check that cannot be made
 * leaves the decision to pam_unix, as before. */
static int check_room(pam_handle_t *pamh)
{
        int r = shadow_room_check();

        return r == -EROFS || r == -ENOSPC ? say_no_room(pamh, r) : PAM_SUCCESS;
}

/* Holds the shadow lock from here until pam_unix's ulckpwdf() releases it,
 * or until the next call of the transaction, or pam_end(). */
static int take_lock(pam_handle_t *pamh, const struct module_options *o)
{
        const unsigned quick_ms = 500, timeout_ms = (unsigned) o->lock_timeout_s * 1000;
        pid_t holder;
        int fd, *box, r;

        /* Most waits end within the quick try; a longer one is announced, so
         * that the person knows what the silence is. */
        fd = shadow_lock_take(timeout_ms < quick_ms ? timeout_ms : quick_ms, &holder);
        if (fd == -EBUSY && timeout_ms > quick_ms) {
                char who[64];

                describe_holder(holder, who, sizeof who);
                pam_info(pamh, "The account files are locked by %s: waiting up to %d s.", who, o->lock_timeout_s);
                fd = shadow_lock_take(timeout_ms - quick_ms, &holder);
        }
        if (fd == -EBUSY) {
                say_lock_busy(pamh, holder, o->lock_timeout_s, "not changing the password");
                return PAM_AUTHTOK_LOCK_BUSY;
        }
        if (fd == -EROFS || fd == -ENOSPC)
                return say_no_room(pamh, fd);
        if (fd < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot lock %s: %s", SHADOW_LOCK_FILE, strerror(-fd));
                pam_error(pamh, "Cannot lock the account files (%s): %s", SHADOW_LOCK_FILE, strerror(-fd));
                return PAM_AUTHTOK_LOCK_BUSY;
        }
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

static int prelim(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        struct local_account local;
        struct passwd *pw = pam_modutil_getpwnam(pamh, user);
        char sources[256], reason[768];
        char **groups;
        enum policy_verdict v;
        int r;

        release_lock(pamh);

        r = local_account_read(user, &local);
        if (r < 0) {
                pam_syslog(pamh, LOG_ERR, "cannot read the local account files: %s", strerror(-r));
                pam_error(pamh, "pam_ssmreset: cannot read /etc/passwd or /etc/shadow.");
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
                .groups = groups,
        };
        v = policy_decide(o, &f, reason, sizeof reason);
        local_groups_free(groups);
        local_account_free(&local);
        if (v == POLICY_ALLOW)
                return check_room(pamh);
        pam_syslog(pamh, LOG_NOTICE, "refused: %s", reason);
        pam_error(pamh, "%s", reason);
        return v == POLICY_UNKNOWN_USER ? PAM_USER_UNKNOWN : PAM_PERM_DENIED;
}

static int check_new_password(pam_handle_t *pamh, const struct module_options *o, const char *user,
                              const char *password)
{
        struct local_account local = { 0 };
        char msg[512];
        int r;

        if (password[0] == '\0') {
                pam_error(pamh, "No password has been supplied.");
                return PAM_AUTHTOK_ERR;
        }
        r = quality_check(o->quality, password, user, msg, sizeof msg);
        if (r < 0) {
                pam_syslog(pamh, LOG_ERR, "%s", msg);
                pam_error(pamh, "%s", msg);
                return PAM_SERVICE_ERR;
        }
        if (r > 0) {
                pam_error(pamh, "%s", msg);
                return PAM_AUTHTOK_ERR;
        }
        if (local_account_read(user, &local) < 0) {
                pam_error(pamh, "pam_ssmreset: cannot read /etc/shadow.");
                return PAM_SYSTEM_ERR;
        }
        r = history_reused(user, password, local.hash, o->remember);
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

static bool env_is(pam_handle_t *pamh, const char *name, const char *value)
{
        const char *v = pam_getenv(pamh, name);

        return v && strcmp(v, value) == 0;
}

static int update(pam_handle_t *pamh, const struct module_options *o, const char *user)
{
        const char *password = NULL;
        struct finish_plan *plan;
        int r;

        release_lock(pamh);
        if (env_is(pamh, SSMRESET_ENV_MODE, SSMRESET_MODE_CHECK)) {
                /* The whole PRELIM phase passed: the reset would be allowed. */
                r = pam_putenv(pamh, SSMRESET_ENV_DECISION "=" SSMRESET_DECISION_ALLOWED);
                return r == PAM_SUCCESS ? PAM_ABORT : r;
        }
        /* "New password:", checked before "Retype new password:" so that a
         * refused password is not typed twice. The answer stays PAM_AUTHTOK
         * for pam_unix further down. */
        r = pam_get_authtok_noverify(pamh, &password, NULL);
        if (r == PAM_SUCCESS)
                r = check_new_password(pamh, o, user, password);
        if (r == PAM_SUCCESS)
                r = pam_get_authtok_verify(pamh, &password, NULL);
        if (r != PAM_SUCCESS) {
                /* The stack stops here; a retry must ask again. */
                (void) pam_set_item(pamh, PAM_AUTHTOK, NULL);
                return r;
        }
        plan = calloc(1, sizeof *plan);
        if (!plan)
                return PAM_BUF_ERR;
        plan->expire = o->expire || env_is(pamh, SSMRESET_ENV_EXPIRE, SSMRESET_ENV_YES);
        plan->keep_faillock = o->keep_faillock;
        plan->lock_timeout_s = o->lock_timeout_s;
        if (o->faillock_dir && !(plan->faillock_dir = strdup(o->faillock_dir))) {
                free(plan);
                return PAM_BUF_ERR;
        }
        r = pam_set_data(pamh, DATA_FINISH, plan, free_plan);
        if (r != PAM_SUCCESS) {
                free_plan(pamh, plan, r);
                return r;
        }
        /* The password is final: from here on nobody waits for the person. */
        r = take_lock(pamh, o);
        if (r == PAM_SUCCESS)
                r = check_room(pamh);
        return r;
}

static int finish(pam_handle_t *pamh, const char *user)
{
        const void *data = NULL;
        const struct finish_plan *plan;
        int r;

        if (pam_get_data(pamh, DATA_FINISH, &data) != PAM_SUCCESS || !data) {
                pam_syslog(pamh, LOG_WARNING, "'finish' line without the first pam_ssmreset.so line: nothing to do");
                return PAM_SUCCESS;
        }
        plan = data;
        release_lock(pamh); /* pam_unix's ulckpwdf() has dropped it already */
        if (plan->expire) {
                pid_t holder = 0;

                r = shadow_set_last_change(user, 0, (unsigned) plan->lock_timeout_s * 1000, &holder);
                if (r == -EBUSY)
                        say_lock_busy(pamh, holder, plan->lock_timeout_s, "cannot expire the new password");
                if (r < 0) {
                        pam_syslog(pamh, LOG_ERR, "cannot expire the password of %s: %s", user, strerror(-r));
                        pam_error(pamh, "The password was changed, but it could not be set to expire: %s.",
                                  strerror(-r));
                        return PAM_SYSTEM_ERR;
                }
                (void) pam_putenv(pamh, SSMRESET_ENV_EXPIRED "=" SSMRESET_ENV_YES);
                pam_info(pamh, "The new password has expired: it must be changed at the next login.");
        }
        if (!plan->keep_faillock) {
                r = faillock_reset(plan->faillock_dir, user);
                if (r < 0)
                        pam_syslog(pamh, LOG_WARNING, "cannot clear the faillock tally of %s: %s", user, strerror(-r));
                else
                        (void) pam_putenv(pamh, SSMRESET_ENV_FAILLOCK "=" SSMRESET_FAILLOCK_CLEARED);
        }
        (void) pam_set_data(pamh, DATA_FINISH, NULL, NULL);
        return PAM_SUCCESS;
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
                r = flags & PAM_UPDATE_AUTHTOK ? finish(pamh, user) : PAM_SUCCESS;
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
