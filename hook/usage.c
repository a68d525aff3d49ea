/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "os/platform.h"
#include "usage.h"

const char usage_synopsis[] = "ssmreset [OPTIONS] USER | --check USER | --batch | --doctor";

int usage_print(FILE *f)
{
        const struct platform_words *w = &platform_words;
        int r = fprintf(f,
                        "Usage: ssmreset [OPTIONS] USER\n"
                        "       ssmreset --generate --recipient CERT [--passphrase] [--cipher C]\n"
                        "                [--encoding E] [--expire] [--json] USER\n"
                        "       ssmreset --check [--json] USER\n"
                        "       ssmreset --batch [--json]      < request.json\n"
                        "       ssmreset --doctor [--json]\n"
                        "\n"
                        "Sets a new password for the local account USER through %s, so that\n"
                        "local password policy applies even to an administrator, and records the attempt\n"
                        "in %s. Meant to be the command a Session Manager session runs.\n"
                        "\n"
                        "Options:\n"
                        "  --check             only say whether a reset would be allowed, and why not;\n"
                        "                      prompts for nothing and changes nothing (exit 0 if allowed)\n"
                        "  --expire            the new password must be changed at the next login\n"
                        "  --generate          make the new password on this host, from the local policy,\n"
                        "                      instead of asking for one; needs --recipient\n"
                        "  --passphrase        with --generate: words, not characters: 10 words drawn\n"
                        "                      uniformly from the EFF long list (7772 words, 12.92 bits\n"
                        "                      each: 129.2 bits), joined by '-', with a capital or digits\n"
                        "                      where the local policy asks for them\n"
                        "  --break-glass SECONDS  the new password closes itself: the first session the\n"
                        "                      account opens with it schedules a scramble (a reset to a\n"
                        "                      random password nobody gets) SECONDS later (1-86400)\n"
                        "  --end-sessions      with --break-glass: the scramble also ends the account's\n"
                        "                      sessions\n"
                        "  --recipient FILE    the requester's X.509 certificate, PEM or DER: the new\n"
                        "                      password is shown only encrypted to it (CMS)\n"
                        "  --cipher C          aes-256-cbc (default): CMS EnvelopedData, which OpenSSL\n"
                        "                      1.1.1+, PowerShell, .NET and PKI.js open; aes-256-gcm:\n"
                        "                      AuthEnvelopedData, which only OpenSSL 3.0+ opens\n"
                        "  --encoding E        pem (default): a -----BEGIN CMS----- block; base64: the\n"
                        "                      DER in base64 on one line, for tools that take no PEM\n"
                        "  --batch             read one JSON request on standard input and answer with one\n"
                        "                      JSON result, no prompts:\n"
                        "                      {\"version\":1,\"username\":\"alice\",\"password\":\"...\",\n"
                        "                       \"expire\":false,\"session_id\":\"...\",\"requester\":\"...\"}\n"
                        "                      or, to generate: \"generate\":true,\"recipient\":\"<PEM>\"\n"
                        "                      in place of \"password\", and \"passphrase\", \"cipher\",\n"
                        "                      \"encoding\"; with either, \"break_glass\", \"end_sessions\"\n"
                        "  --json              print the result as one JSON object on standard output;\n"
                        "                      prompts and messages stay on the terminal\n"
                        "  --doctor            check that this host is ready for resets (exit 0 when ready)\n"
                        "  --tries N           how many passwords may be offered (1-10, default 3)\n"
                        "  --timeout SECONDS   time allowed per prompt (0-86400, 0: no limit, default 120)\n"
                        "  --session-id ID     the session id for the audit record\n"
                        "                      (default: the first argument of the ssm-session-worker ancestor)\n"
                        "  --requester NAME    who asked, for the audit record\n"
                        "                      (default: the session id up to its last '-')\n"
                        "  -h, --help          show this text\n"
                        "  -V, --version       show the version and how this build was made\n"
                        "\n"
                        "Exit status and result codes:\n"
                        "  0  CHANGED            the password was changed and verified\n"
                        "  2  BAD_REQUEST        usage error, invalid user name, malformed request\n"
                        "  3  USER_UNKNOWN       no such account\n"
                        "  4  ACCOUNT_REFUSED    local policy refuses to reset this account\n"
                        "  5  PASSWORD_REJECTED  the new password was refused on every try\n"
                        "  6  ABORTED            no password was given: end of input, time-out, interrupt\n"
                        "  7  NOT_PERMITTED      not running with %s\n"
                        "  8  SYSTEM_ERROR       %s\n"
                        "With --check: 0 ALLOWED, else the code a reset would get.\n"
                        "Nothing on the system changes unless the exit status is 0.\n",
                        w->machinery, w->audit_trail, w->rights, w->system_errors);

        return r < 0 || fflush(f) != 0 ? -EIO : 0;
}
