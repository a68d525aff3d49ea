/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cms-format.h"
#include "codec.h"
#include "errmsg.h"
#include "os/break-glass.h"
#include "os/secmem.h"
#include "password.h"
#include "utf8.h"

static const char *const known_fields[] = {
        "version",   "username", "password", "expire",     "session_id",  "requester",    "generate",
        "recipient", "cipher",   "encoding", "passphrase", "break_glass", "end_sessions", NULL,
};

/* The value of the \uXXXX escape at s, or -1. */
static long u_escape(const char *s, size_t n)
{
        char hex[5] = { 0 };

        if (n < 6 || s[0] != '\\' || s[1] != 'u')
                return -1;
        for (int k = 0; k < 4; k++) {
                if (!isxdigit((unsigned char) s[2 + k]))
                        return -1;
                hex[k] = s[2 + k];
        }
        return strtol(hex, NULL, 16);
}

/* An escaped UTF-16 surrogate without its other half, in the body of a JSON
 * string. json-c turns it into U+FFFD without a word: "\udc80" and "\ud800"
 * would both set the same password, which is neither. */
static bool has_lone_surrogate(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                long v, w;

                if (s[i] != '\\')
                        continue;
                v = u_escape(s + i, n - i);
                if (v < 0) {
                        i++; /* another escape: skip its letter */
                        continue;
                }
                if (v >= 0xDC00 && v <= 0xDFFF)
                        return true;
                if (v >= 0xD800 && v <= 0xDBFF) {
                        w = u_escape(s + i + 6, n - i - 6);
                        if (w < 0xDC00 || w > 0xDFFF)
                                return true;
                        i += 11;
                } else
                        i += 5;
        }
        return false;
}

/* Does the integer whose digits (no sign) are s[0..n) exceed int64_t?
 * Leading zeros are json-c's to refuse. */
static bool integer_overflows(const char *s, size_t n, bool negative)
{
        const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

        while (n > 1 && *s == '0')
                s++, n--;
        return n > 19 || (n == 19 && strncmp(s, limit, 19) > 0);
}

/* What json-c lets pass, checked on the raw text: duplicate keys (json-c
 * keeps the last without a word), single-quoted strings, unpaired
 * surrogate escapes (json-c makes them U+FFFD) and integers beyond 64 bits
 * (json-c before 0.17 makes them INT64_MAX, later ones refuse them in
 * strict mode, each in its own words). Keys are the
 * strings at depth 1 followed by ':', decoded by json-c itself so that
 * "user\u006eame" counts as "username". Returns 0, or -EINVAL with err. */
static int prescan(const char *buf, size_t len, char *err, size_t errlen)
{
        char *seen[16] = { 0 };
        size_t n_seen = 0;
        int depth = 0, r = 0;

        for (size_t i = 0; i < len && r == 0; i++) {
                char c = buf[i];

                if (c == '{' || c == '[')
                        depth++;
                else if (c == '}' || c == ']') {
                        if (--depth == 0)
                                break; /* what follows the object is "text follows" */
                } else if (c == '\'')
                        r = errmsg(err, errlen, "the request is not valid JSON: single-quoted string");
                else if (c == '-' || isdigit((unsigned char) c)) {
                        size_t start = i + (c == '-'), end = start;
                        while (end < len && isdigit((unsigned char) buf[end]))
                                end++;
                        if (end < len && strchr(".eE", buf[end])) { /* a fraction: json-c's, as a double */
                                while (end < len && strchr("0123456789.eE+-", buf[end]))
                                        end++;
                        } else if (integer_overflows(buf + start, end - start, c == '-'))
                                r = errmsg(err, errlen,
                                           "the request is not valid JSON: an integer out of range (beyond 64 "
                                           "bits)");
                        i = end > i ? end - 1 : i;
                } else if (c == '"') {
                        size_t start = i++;
                        while (i < len && buf[i] != '"')
                                i += buf[i] == '\\' ? 2 : 1;
                        size_t end = i, k = i + 1;
                        if (has_lone_surrogate(buf + start + 1, (end < len ? end : len) - start - 1)) {
                                r = errmsg(err, errlen,
                                           "the request is not valid JSON: "
                                           "a \\u escape holds half of a UTF-16 surrogate pair");
                                break;
                        }
                        while (k < len && strchr(" \t\r\n", buf[k]))
                                k++;
                        if (depth != 1 || k >= len || buf[k] != ':')
                                continue;                    /* a value, not a key */
                        char *raw = malloc(end - start + 2); /* no strndup on Windows */
                        if (raw) {
                                memcpy(raw, buf + start, end - start + 1);
                                raw[end - start + 1] = '\0';
                        }
                        json_object *s = raw ? json_tokener_parse(raw) : NULL;
                        const char *key = s ? json_object_get_string(s) : NULL;
                        free(raw);
                        if (!key) {
                                json_object_put(s);
                                continue; /* json-c reports the syntax error */
                        }
                        for (size_t j = 0; j < n_seen && r == 0; j++)
                                if (strcmp(seen[j], key) == 0)
                                        r = errmsg(err, errlen, "duplicate field '%.64s'", key);
                        if (r == 0 && n_seen < sizeof seen / sizeof seen[0])
                                seen[n_seen++] = strdup(key);
                        json_object_put(s);
                }
        }
        for (size_t j = 0; j < n_seen; j++)
                free(seen[j]);
        return r;
}

/* Writes code point cp as a JSON \uXXXX escape (two, a surrogate pair,
 * beyond U+FFFF) at out, when out is not NULL; returns its length. */
static size_t write_u_escape(char *out, unsigned cp)
{
        static const char hex[] = "0123456789abcdef";
        unsigned units[2];
        size_t n = 0, k = 0;

        if (cp > 0xFFFF) {
                cp -= 0x10000;
                units[k++] = 0xD800 | (cp >> 10);
                units[k++] = 0xDC00 | (cp & 0x3FF);
        } else
                units[k++] = cp;
        for (size_t i = 0; i < k; i++, n += 6)
                if (out) {
                        out[n] = '\\';
                        out[n + 1] = 'u';
                        for (int d = 0; d < 4; d++)
                                out[n + 2 + d] = hex[(units[i] >> (12 - 4 * d)) & 0xF];
                }
        return n;
}

/* One pass of escape_non_ascii(): the length of the escaped text, written
 * to out when out is not NULL; -EINVAL with err. */
static int escape_pass(const char *buf, size_t len, char *out, size_t *ret_len, char *err, size_t errlen)
{
        bool in_string = false, escaped = false;
        size_t n = 0;

        for (size_t i = 0; i < len;) {
                const unsigned char *c = (const unsigned char *) buf + i;
                size_t l = *c < 0x80 ? 1 : utf8_sequence_length(c, len - i);

                if (l == 0)
                        return errmsg(err, errlen, "the request is not valid JSON: invalid UTF-8 text");
                if (in_string && escaped && *c >= 0x80)
                        return errmsg(err, errlen,
                                      "the request is not valid JSON: invalid escape before a non-ASCII character");
                if (in_string && *c >= 0x80)
                        n += write_u_escape(out ? out + n : NULL, utf8_decode(c, l));
                else {
                        if (out)
                                memcpy(out + n, c, l);
                        n += l;
                }
                if (in_string && !escaped && *c == '"')
                        in_string = false;
                else if (!in_string && *c == '"')
                        in_string = true;
                escaped = in_string && !escaped && *c == '\\';
                i += l;
        }
        *ret_len = n;
        return 0;
}

/* The request with every non-ASCII character inside a string written as a
 * \u escape, in locked memory of *ret_len + 1 bytes (secmem_free() it with
 * that size). json-c's strict mode cannot be trusted with raw UTF-8 (0.18
 * refuses every byte of 0x80 or more in a string, an upstream bug); the
 * text is valid UTF-8 already (utf8_valid()), and json-c decodes the
 * escapes back to the same bytes. Outside strings the text stays as it is,
 * for json-c to refuse. Returns 0, -EINVAL with err (a backslash before a
 * non-ASCII character, which an escape would turn into valid JSON), or
 * -ENOMEM. */
static int escape_non_ascii(const char *buf, size_t len, char **ret, size_t *ret_len, char *err, size_t errlen)
{
        size_t n;
        int r;

        if ((r = escape_pass(buf, len, NULL, &n, err, errlen)) < 0)
                return r;
        if (!(*ret = secmem_alloc(n + 1)))
                return -ENOMEM;
        escape_pass(buf, len, *ret, ret_len, err, errlen); /* what passed once passes again */
        return 0;
}

/* json-c's tokener keeps the last string it decoded in its buffer. */
static void wipe_tokener(struct json_tokener *tok)
{
        if (tok->pb && tok->pb->buf)
                secure_wipe(tok->pb->buf, (size_t) tok->pb->size);
}

static int get_string(json_object *v, const char *name, const char **ret, size_t *ret_len, char *err, size_t errlen)
{
        if (!json_object_is_type(v, json_type_string))
                return errmsg(err, errlen, "field '%s' must be a string", name);
        *ret = json_object_get_string(v);
        *ret_len = (size_t) json_object_get_string_len(v);
        return 0;
}

/* A string without a NUL byte, which would end a name early. */
static bool is_name(json_object *v)
{
        return json_object_is_type(v, json_type_string) &&
               strlen(json_object_get_string(v)) == (size_t) json_object_get_string_len(v);
}

static int take_request(json_object *root, struct batch_request *req, char *err, size_t errlen)
{
        bool have_version = false;
        const char *format_field = NULL; /* "cipher" or "encoding", when given */
        bool end_sessions_given = false;
        int r;

        if (!json_object_is_type(root, json_type_object))
                return errmsg(err, errlen, "the request must be a JSON object");
        json_object_object_foreach(root, key, v)
        {
                bool known = false;

                for (const char *const *k = known_fields; *k; k++)
                        known |= strcmp(*k, key) == 0;
                if (!known)
                        return errmsg(err, errlen, "unknown field '%.64s'", key);
                if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array))
                        return errmsg(err, errlen, "field '%s' must not be an object or an array", key);
        }
        json_object_object_foreach(root, name, val)
        {
                const char *s = NULL;
                size_t n = 0;

                if (strcmp(name, "version") == 0) {
                        if (!json_object_is_type(val, json_type_int))
                                return errmsg(err, errlen, "field 'version' must be an integer");
                        if (json_object_get_int64(val) != CODEC_VERSION)
                                return errmsg(err, errlen, "unsupported version %lld (this ssmreset speaks %d)",
                                              (long long) json_object_get_int64(val), CODEC_VERSION);
                        have_version = true;
                } else if (strcmp(name, "expire") == 0 || strcmp(name, "generate") == 0 ||
                           strcmp(name, "passphrase") == 0 || strcmp(name, "end_sessions") == 0) {
                        if (!json_object_is_type(val, json_type_boolean))
                                return errmsg(err, errlen, "field '%s' must be true or false", name);
                        *(strcmp(name, "expire") == 0     ? &req->expire :
                          strcmp(name, "generate") == 0   ? &req->generate :
                          strcmp(name, "passphrase") == 0 ? &req->passphrase :
                                                            &req->end_sessions) = json_object_get_boolean(val);
                        if (strcmp(name, "end_sessions") == 0)
                                end_sessions_given = true;
                } else if (strcmp(name, "break_glass") == 0) {
                        int64_t grace = json_object_get_int64(val);
                        if (!json_object_is_type(val, json_type_int) || grace < 1 || grace > BREAK_GLASS_GRACE_MAX)
                                return errmsg(err, errlen,
                                              "field 'break_glass' must be a number of seconds from 1 to %d",
                                              BREAK_GLASS_GRACE_MAX);
                        req->break_glass_s = (unsigned) grace;
                } else if (strcmp(name, "cipher") == 0) {
                        if (!is_name(val) || cms_cipher_from_name(json_object_get_string(val), &req->format.cipher) < 0)
                                return errmsg(err, errlen, "field 'cipher' must be " CMS_CIPHER_NAMES);
                        format_field = name;
                } else if (strcmp(name, "encoding") == 0) {
                        if (!is_name(val) ||
                            cms_encoding_from_name(json_object_get_string(val), &req->format.encoding) < 0)
                                return errmsg(err, errlen, "field 'encoding' must be " CMS_ENCODING_NAMES);
                        format_field = name;
                } else if (strcmp(name, "recipient") == 0) {
                        if ((r = get_string(val, name, &s, &n, err, errlen)) < 0)
                                return r;
                        if (strlen(s) != n)
                                return errmsg(err, errlen, "field 'recipient' contains a NUL byte");
                        if (n == 0 || n > CODEC_RECIPIENT_MAX)
                                return errmsg(err, errlen,
                                              "field 'recipient' must be a PEM certificate of 1 to %d "
                                              "bytes",
                                              CODEC_RECIPIENT_MAX);
                        if (!strstr(s, "-----BEGIN "))
                                return errmsg(err, errlen,
                                              "field 'recipient' must be a PEM certificate (\"-----BEGIN "
                                              "CERTIFICATE-----\"); DER goes in a file, with --recipient");
                        if (!(req->recipient = strdup(s)))
                                return -ENOMEM;
                } else if (strcmp(name, "username") == 0) {
                        if ((r = get_string(val, name, &s, &n, err, errlen)) < 0)
                                return r;
                        if (!(req->username = malloc(n + 1)))
                                return -ENOMEM;
                        memcpy(req->username, s, n + 1);
                        req->username_len = n;
                } else if (strcmp(name, "password") == 0) {
                        if ((r = get_string(val, name, &s, &n, err, errlen)) < 0)
                                return r;
                        if (n > PASSWORD_MAX)
                                return errmsg(err, errlen, "field 'password' is longer than %d bytes", PASSWORD_MAX);
                        /* What the terminal refuses, --batch refuses too. */
                        for (size_t i = 0; i < n; i++)
                                if ((unsigned char) s[i] < 0x20 || s[i] == 0x7F)
                                        return errmsg(err, errlen, "field 'password' contains a control character");
                        if (utf8_has_c1_control((const unsigned char *) s, n))
                                return errmsg(err, errlen, "field 'password' contains a control character");
                        if (!(req->password = secmem_alloc(PASSWORD_BUFFER_SIZE)))
                                return -ENOMEM;
                        memcpy(req->password, s, n);
                        req->password_len = n;
                } else {
                        char **slot = strcmp(name, "session_id") == 0 ? &req->session_id : &req->requester;
                        if ((r = get_string(val, name, &s, &n, err, errlen)) < 0)
                                return r;
                        if (strlen(s) != n)
                                return errmsg(err, errlen, "field '%s' contains a NUL byte", name);
                        if (!(*slot = strdup(s)))
                                return -ENOMEM;
                }
        }
        if (!have_version)
                return errmsg(err, errlen, "missing field 'version'");
        if (!req->username)
                return errmsg(err, errlen, "missing field 'username'");
        if (req->generate && req->password)
                return errmsg(err, errlen, "field 'password' goes with a password given, not with \"generate\": true");
        if (req->generate && !req->recipient)
                return errmsg(err, errlen,
                              "\"generate\": true needs field 'recipient', the certificate the "
                              "password is encrypted to");
        if (!req->generate && req->recipient)
                return errmsg(err, errlen, "field 'recipient' goes with \"generate\": true");
        if (!req->generate && format_field)
                return errmsg(err, errlen, "field '%s' goes with \"generate\": true", format_field);
        if (!req->generate && req->passphrase)
                return errmsg(err, errlen, "field 'passphrase' goes with \"generate\": true");
        if (end_sessions_given && !req->break_glass_s)
                return errmsg(err, errlen, "field 'end_sessions' goes with field 'break_glass'");
        if (!req->generate && !req->password)
                return errmsg(err, errlen, "missing field 'password'");
        return 0;
}

/* json-c's copies of the strings die with their objects: wipe them first,
 * every one (which is the password is not known for a request json-c gave
 * up on). Nesting is bounded by the tokener's depth. */
static void wipe_strings(json_object *o, int depth)
{
        if (!o || depth > 8)
                return;
        if (json_object_is_type(o, json_type_string))
                secure_wipe((char *) json_object_get_string(o), (size_t) json_object_get_string_len(o));
        else if (json_object_is_type(o, json_type_object)) {
                json_object_object_foreach(o, key, v)
                {
                        (void) key;
                        wipe_strings(v, depth + 1);
                }
        } else if (json_object_is_type(o, json_type_array))
                for (size_t i = 0; i < json_object_array_length(o); i++)
                        wipe_strings(json_object_array_get_idx(o, i), depth + 1);
}

/* A parse that failed halfway leaves what it built on the tokener's stack,
 * which json_tokener_free() frees unwiped: the values decoded so far and the
 * one being built. */
static void wipe_partial(struct json_tokener *tok)
{
        for (int i = 0; i <= tok->depth && i < tok->max_depth; i++)
                wipe_strings(tok->stack[i].current, 0);
}

int codec_parse_request(const char *buf, size_t len, struct batch_request *ret, char *err, size_t errlen)
{
        struct batch_request req = { 0 };
        struct json_tokener *tok;
        json_object *root;
        char *escaped = NULL;
        int r;

        *ret = req;
        if (len > CODEC_REQUEST_MAX)
                return errmsg(err, errlen, "the request is larger than %d bytes", CODEC_REQUEST_MAX);
        if (memchr(buf, '\0', len))
                return errmsg(err, errlen, "the request contains a NUL byte");
        /* json-c's own check lets overlong forms and encoded surrogates pass. */
        if (!utf8_valid((const unsigned char *) buf, len))
                return errmsg(err, errlen, "the request is not valid JSON: invalid UTF-8 text");
        if ((r = prescan(buf, len, err, errlen)) < 0)
                return r;

        if ((r = escape_non_ascii(buf, len, &escaped, &len, err, errlen)) < 0)
                return r;
        buf = escaped;

        tok = json_tokener_new_ex(3); /* one object, nothing nested deeper */
        if (!tok) {
                secmem_free(escaped, len + 1);
                return -ENOMEM;
        }
        /* json-c decodes every string into one buffer that realloc() grows,
         * and realloc() frees the old copy, password and all, unwiped: make
         * it big enough for any string of this request up front (no string
         * decodes longer than its text). Found by tests/fuzz/fuzz-codec-json. */
        if (printbuf_memset(tok->pb, 0, 0, (int) len + 16) < 0) {
                json_tokener_free(tok);
                secmem_free(escaped, len + 1);
                return -ENOMEM;
        }
        printbuf_reset(tok->pb);
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 |
                                            JSON_TOKENER_ALLOW_TRAILING_CHARS); /* reported below, by name */
        root = json_tokener_parse_ex(tok, buf, (int) len);
        if (!root || json_tokener_get_error(tok) != json_tokener_success) {
                enum json_tokener_error e = json_tokener_get_error(tok);
                r = errmsg(err, errlen, "the request is not valid JSON: %s",
                           e == json_tokener_continue ? "unexpected end of input" : json_tokener_error_desc(e));
        } else if (json_tokener_get_parse_end(tok) < len &&
                   strspn(buf + json_tokener_get_parse_end(tok), " \t\r\n") != len - json_tokener_get_parse_end(tok)) {
                r = errmsg(err, errlen, "text follows the JSON object");
        } else
                r = take_request(root, &req, err, errlen);
        wipe_tokener(tok);
        if (!root)
                wipe_partial(tok);
        json_tokener_free(tok);
        secmem_free(escaped, len + 1);
        if (root) {
                wipe_strings(root, 0);
                json_object_put(root);
        }
        if (r < 0) {
                batch_request_free(&req);
                return r;
        }
        *ret = req;
        return 0;
}

void batch_request_drop_password(struct batch_request *r)
{
        secmem_free(r->password, PASSWORD_BUFFER_SIZE);
        r->password = NULL;
        r->password_len = 0;
}

void batch_request_free(struct batch_request *r)
{
        free(r->username);
        free(r->recipient);
        batch_request_drop_password(r);
        free(r->session_id);
        free(r->requester);
        *r = (struct batch_request){ 0 };
}

static json_object *string_or_null(const char *s)
{
        return s ? json_object_new_string(s) : NULL;
}

int codec_write_result(FILE *f, const struct result_doc *doc)
{
        char *text = NULL;
        int r = codec_result_text(doc, &text);

        if (r == 0 && (fputs(text, f) < 0 || fflush(f) != 0))
                r = -EIO;
        free(text);
        return r;
}

int codec_result_text(const struct result_doc *doc, char **ret)
{
        json_object *o = json_object_new_object(), *a;
        const char *text;
        int r = 0;

        *ret = NULL;
        if (!o)
                return -ENOMEM;
        json_object_object_add(o, "version", json_object_new_int(CODEC_VERSION));
        json_object_object_add(o, "mode", json_object_new_string(doc->mode));
        json_object_object_add(o, "status",
                               json_object_new_string(doc->pending ? "PENDING" : ssr_status_name(doc->status)));
        json_object_object_add(o, "exit", doc->pending ? NULL : json_object_new_int(doc->exit_status));
        json_object_object_add(o, "username", string_or_null(doc->username));
        json_object_object_add(o, "reason", json_object_new_string(doc->reason ? doc->reason : ""));
        a = json_object_new_array();
        for (size_t i = 0; i < doc->n_messages; i++)
                json_object_array_add(a, json_object_new_string(doc->messages[i]));
        json_object_object_add(o, "messages", a);
        json_object_object_add(o, "changed", json_object_new_boolean(doc->changed));
        json_object_object_add(o, "rolled_back", json_object_new_boolean(doc->rolled_back));
        json_object_object_add(o, "verified", json_object_new_boolean(doc->verified));
        json_object_object_add(o, "expired", json_object_new_boolean(doc->expired));
        json_object_object_add(o, "faillock_cleared", json_object_new_boolean(doc->faillock_cleared));
        json_object_object_add(o, "tries", json_object_new_int((int) doc->tries));
        json_object_object_add(o, "session_id",
                               string_or_null(doc->session_id && *doc->session_id ? doc->session_id : NULL));
        json_object_object_add(o, "requester",
                               string_or_null(doc->requester && *doc->requester ? doc->requester : NULL));
        json_object_object_add(o, "audit", json_object_new_string(doc->audit ? doc->audit : "none"));
        json_object_object_add(o, "generated", json_object_new_boolean(doc->generated));
        json_object_object_add(o, "recipient", string_or_null(doc->recipient));
        json_object_object_add(o, "encrypted_password", string_or_null(doc->encrypted_password));
        json_object_object_add(o, "break_glass", doc->break_glass ? json_object_new_int((int) doc->break_glass) : NULL);
        json_object_object_add(o, "scramble_cancelled", json_object_new_boolean(doc->scramble_cancelled));
        if (doc->checks) {
                json_object_object_add(o, "ready", json_object_new_boolean(doc->ready));
                a = json_object_new_array();
                for (size_t i = 0; i < doc->n_checks; i++) {
                        const struct doctor_check *c = &doc->checks[i];
                        json_object *co = json_object_new_object();
                        json_object_object_add(co, "name", json_object_new_string(c->name));
                        json_object_object_add(co, "ok", json_object_new_boolean(c->ok));
                        json_object_object_add(co, "warning", json_object_new_boolean(c->warning));
                        json_object_object_add(co, "detail", json_object_new_string(c->detail));
                        json_object_object_add(co, "fix", json_object_new_string(c->fix));
                        json_object_array_add(a, co);
                }
                json_object_object_add(o, "checks", a);
        }
        text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (!text || !(*ret = malloc(strlen(text) + 2)))
                r = -ENOMEM;
        else
                snprintf(*ret, strlen(text) + 2, "%s\n", text);
        json_object_put(o);
        return r;
}
