/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "os/audit.h"
#include "report.h"

void report_header(FILE *f, const char *user_display, const char *host, const char *session_id, const char *requester)
{
        fprintf(f, "Password reset for account '%s' on host '%s'\n", user_display, host);
        fprintf(f, "Session: %s; requested by: %s\n", *session_id ? session_id : "(none found)",
                *requester ? requester : "(unknown)");
        fflush(f);
}

int report_result_text(const char *user_display, bool check_only, const struct ssr_outcome *out,
                       enum audit_sink audited, enum audit_sink wanted, char **ret)
{
        char line[8192];
        const char *audit_note = "";
        /* The reason may carry what the PAM stack said, or a path the
         * caller gave: never escape sequences for the person's terminal. */
        char why[4 * sizeof out->reason];
        char note[160];

        if (out->reason[0])
                escape_line(out->reason, why, sizeof why);
        else
                snprintf(why, sizeof why, "%s", ssr_status_meaning(out->status));
        if (audited == AUDIT_NONE) {
                snprintf(note, sizeof note, ", NOT RECORDED: %s", audit_unreachable_reason());
                audit_note = note;
        } else if (audited != wanted || audited == AUDIT_FALLBACK) {
                snprintf(note, sizeof note, ", %s", audit_fallback_note());
                audit_note = note;
        }

        if (check_only && out->status == SSR_ALLOWED)
                snprintf(line, sizeof line,
                         "ssmreset: ALLOWED: a reset of '%s' would be allowed; nothing was changed "
                         "(audit: %s%s)\n",
                         user_display, audit_sink_name(audited), audit_note);
        else if (check_only)
                snprintf(line, sizeof line,
                         "ssmreset: %s: %s; a reset of '%s' would not be allowed, nothing was changed "
                         "(audit: %s%s)\n",
                         ssr_status_name(out->status), why, user_display, audit_sink_name(audited), audit_note);
        else if (out->status == SSR_CHANGED)
                snprintf(line, sizeof line,
                         "ssmreset: CHANGED: the password of '%s' was changed and verified%s "
                         "(audit: %s%s)\n",
                         user_display, out->expired ? "; it must be changed at the next login" : "",
                         audit_sink_name(audited), audit_note);
        else if (out->changed)
                snprintf(line, sizeof line,
                         "ssmreset: %s: %s; the password of '%s' WAS CHANGED nonetheless (audit: %s%s)\n",
                         ssr_status_name(out->status), why, user_display, audit_sink_name(audited), audit_note);
        else
                snprintf(line, sizeof line, "ssmreset: %s: %s; the password of '%s' was not changed%s (audit: %s%s)\n",
                         ssr_status_name(out->status), why, user_display,
                         out->rolled_back ? ": what the system had written was put back" : "", audit_sink_name(audited),
                         audit_note);
        *ret = strdup(line);
        return *ret ? 0 : -ENOMEM;
}

int report_encrypted_text(const char *user_display, const char *fingerprint, enum recipient_encoding encoding,
                          const char *text, char **ret)
{
        static const char format[] =
                "The new password of '%s', encrypted to the certificate with SHA-256 fingerprint %s.\n"
                "It is the account's password once the result line below says CHANGED.\n"
                "Save the %s below to a file and open it with the certificate's key:\n"
                "  %s -inkey KEY.pem -recip CERT.pem\n"
                "%s%s";
        bool pem = encoding == RECIPIENT_PEM;
        const char *what = pem ? "block" : "line";
        const char *how =
                pem ? "openssl cms -decrypt -inform PEM -in FILE" : "base64 -d FILE | openssl cms -decrypt -inform DER";
        /* The PEM block ends with its newline; the base64 line has none. */
        const char *end = pem ? "" : "\n";
        int n = snprintf(NULL, 0, format, user_display, fingerprint, what, how, text, end);

        *ret = n < 0 ? NULL : malloc((size_t) n + 1);
        if (!*ret)
                return -ENOMEM;
        snprintf(*ret, (size_t) n + 1, format, user_display, fingerprint, what, how, text, end);
        return 0;
}
