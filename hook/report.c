/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>

#include "os/audit.h"
#include "report.h"

void report_header(FILE *f, const char *user_display, const char *host, const char *session_id, const char *requester)
{
        fprintf(f, "Password reset for account '%s' on host '%s'\n", user_display, host);
        fprintf(f, "Session: %s; requested by: %s\n", *session_id ? session_id : "(none found)",
                *requester ? requester : "(unknown)");
        fflush(f);
}

int report_result(FILE *f, const char *user_display, bool check_only, const struct ssr_outcome *out,
                  enum audit_sink audited, enum audit_sink wanted)
{
        const char *audit_note = "";
        const char *why = out->reason[0] ? out->reason : ssr_status_meaning(out->status);
        char note[160];

        if (audited == AUDIT_NONE) {
                snprintf(note, sizeof note, ", NOT RECORDED: %s", audit_unreachable_reason());
                audit_note = note;
        } else if (audited != wanted || audited == AUDIT_FALLBACK) {
                snprintf(note, sizeof note, ", %s", audit_fallback_note());
                audit_note = note;
        }

        if (check_only && out->status == SSR_ALLOWED)
                fprintf(f,
                        "ssmreset: ALLOWED: a reset of '%s' would be allowed; nothing was changed "
                        "(audit: %s%s)\n",
                        user_display, audit_sink_name(audited), audit_note);
        else if (check_only)
                fprintf(f,
                        "ssmreset: %s: %s; a reset of '%s' would not be allowed, nothing was changed "
                        "(audit: %s%s)\n",
                        ssr_status_name(out->status), why, user_display, audit_sink_name(audited), audit_note);
        else if (out->status == SSR_CHANGED)
                fprintf(f,
                        "ssmreset: CHANGED: the password of '%s' was changed and verified%s "
                        "(audit: %s%s)\n",
                        user_display, out->expired ? "; it must be changed at the next login" : "",
                        audit_sink_name(audited), audit_note);
        else if (out->changed)
                fprintf(f, "ssmreset: %s: %s; the password of '%s' WAS CHANGED nonetheless (audit: %s%s)\n",
                        ssr_status_name(out->status), why, user_display, audit_sink_name(audited), audit_note);
        else
                fprintf(f, "ssmreset: %s: %s; the password of '%s' was not changed%s (audit: %s%s)\n",
                        ssr_status_name(out->status), why, user_display,
                        out->rolled_back ? ": what the system had written was put back" : "", audit_sink_name(audited),
                        audit_note);
        return fflush(f) == 0 && !ferror(f) ? 0 : -EIO;
}

int report_encrypted(FILE *f, const char *user_display, const char *fingerprint, enum recipient_encoding encoding,
                     const char *text)
{
        bool pem = encoding == RECIPIENT_PEM;

        /* The PEM block ends with its newline; the base64 line has none. */
        fprintf(f,
                "The new password of '%s', encrypted to the certificate with SHA-256 fingerprint %s.\n"
                "Save the %s below to a file and open it with the certificate's key:\n"
                "  %s -inkey KEY.pem -recip CERT.pem\n"
                "%s%s",
                user_display, fingerprint, pem ? "block" : "line",
                pem ? "openssl cms -decrypt -inform PEM -in FILE" : "base64 -d FILE | openssl cms -decrypt -inform DER",
                text, pem ? "" : "\n");
        return fflush(f) == 0 && !ferror(f) ? 0 : -EIO;
}
