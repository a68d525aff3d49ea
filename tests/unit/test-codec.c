/* SPDX-License-Identifier: Apache-2.0 */
/* The --batch request parser and the JSON result, with json-c for real. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "codec.h"
#include "os/secmem.h"

static char err[256];
static struct batch_request req;

static int setup(void **state)
{
        return secmem_init();
}

static int parse(const char *text)
{
        err[0] = '\0';
        batch_request_free(&req);
        return codec_parse_request(text, strlen(text), &req, err, sizeof err);
}

static void refused(const char *text, const char *words)
{
        assert_int_equal(parse(text), -EINVAL);
        if (!strstr(err, words))
                fail_msg("for %s: expected '%s' in '%s'", text, words, err);
        assert_null(req.username);
        assert_null(req.password);
        assert_null(req.recipient);
}

static void a_full_request(void **state)
{
        assert_int_equal(parse("{\"version\":1,\"username\":\"alice\",\"password\":\"Tulip-Granite-73\","
                               "\"expire\":true,\"session_id\":\"ops-0a1b\",\"requester\":\"ops\"}"),
                         0);
        assert_string_equal(req.username, "alice");
        assert_int_equal(req.username_len, 5);
        assert_memory_equal(req.password, "Tulip-Granite-73", 17);
        assert_int_equal(req.password_len, 16);
        assert_true(req.expire);
        assert_string_equal(req.session_id, "ops-0a1b");
        assert_string_equal(req.requester, "ops");
        batch_request_free(&req);
}

static void optional_fields_may_be_absent_and_whitespace_is_fine(void **state)
{
        assert_int_equal(parse(" \n{ \"password\" : \"p\", \"username\":\"bob\", \"version\": 1 }\n"), 0);
        assert_false(req.expire);
        assert_null(req.session_id);
        assert_null(req.requester);
        batch_request_free(&req);
}

static void missing_and_unknown_fields(void **state)
{
        refused("{\"username\":\"a\",\"password\":\"p\"}", "missing field 'version'");
        refused("{\"version\":1,\"password\":\"p\"}", "missing field 'username'");
        refused("{\"version\":1,\"username\":\"a\"}", "missing field 'password'");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"tries\":3}", "unknown field 'tries'");
        refused("{\"version\":2,\"username\":\"a\",\"password\":\"p\"}", "unsupported version 2");
}

/* The same words with every json-c: before 0.17 it made an overflowing
 * integer INT64_MAX without a word, from 0.17 on strict mode refuses it. */
static void integers_beyond_64_bits(void **state)
{
        refused("{\"version\":99999999999999999999,\"username\":\"a\",\"password\":\"p\"}", "integer out of range");
        refused("{\"version\":9223372036854775808,\"username\":\"a\",\"password\":\"p\"}", "integer out of range");
        refused("{\"version\":-9223372036854775809,\"username\":\"a\",\"password\":\"p\"}", "integer out of range");
        refused("{\"username\":\"a\",\"password\":\"p\",\"version\":1,\"expire\":123456789012345678901234}",
                "integer out of range");
        /* The largest ones are integers, only not this version. */
        refused("{\"version\":9223372036854775807,\"username\":\"a\",\"password\":\"p\"}",
                "unsupported version 9223372036854775807");
        refused("{\"version\":-9223372036854775808,\"username\":\"a\",\"password\":\"p\"}",
                "unsupported version -9223372036854775808");
        /* Digits inside strings, and fractions with long exponents, are no integers. */
        refused("{\"version\":1e99999999999999999999,\"username\":\"a\",\"password\":\"p\"}",
                "'version' must be an integer");
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\",\"password\":\"99999999999999999999\"}"), 0);
        batch_request_free(&req);
}

static void wrong_types(void **state)
{
        refused("{\"version\":\"1\",\"username\":\"a\",\"password\":\"p\"}", "'version' must be an integer");
        refused("{\"version\":1.0,\"username\":\"a\",\"password\":\"p\"}", "'version' must be an integer");
        refused("{\"version\":1,\"username\":5,\"password\":\"p\"}", "'username' must be a string");
        refused("{\"version\":1,\"username\":\"a\",\"password\":null}", "'password' must be a string");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"expire\":\"yes\"}",
                "'expire' must be true or false");
        refused("[1,2]", "must be a JSON object");
        refused("\"alice\"", "must be a JSON object");
}

static void duplicate_keys_even_when_escaped(void **state)
{
        refused("{\"version\":1,\"username\":\"a\",\"username\":\"root\",\"password\":\"p\"}",
                "duplicate field 'username'");
        refused("{\"version\":1,\"username\":\"a\",\"user\\u006eame\":\"root\",\"password\":\"p\"}",
                "duplicate field 'username'");
        /* The same text as a value is not a key. */
        assert_int_equal(parse("{\"version\":1,\"username\":\"username\",\"password\":\"username\"}"), 0);
        batch_request_free(&req);
}

static void nul_bytes(void **state)
{
        static const char raw[] = "{\"version\":1,\"username\":\"a\0b\",\"password\":\"p\"}";

        assert_int_equal(codec_parse_request(raw, sizeof raw - 1, &req, err, sizeof err), -EINVAL);
        assert_non_null(strstr(err, "NUL byte"));
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"requester\":\"o\\u0000ps\"}",
                "'requester' contains a NUL byte");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\u0000q\"}", "control character");
        /* A NUL in the name survives parsing with its length: the name check refuses it. */
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\\u0000b\",\"password\":\"p\"}"), 0);
        assert_int_equal(req.username_len, 3);
        batch_request_free(&req);
}

static void nesting(void **state)
{
        refused("{\"version\":1,\"username\":{\"a\":1},\"password\":\"p\"}", "must not be an object or an array");
        refused("{\"version\":1,\"username\":[\"a\"],\"password\":\"p\"}", "must not be an object or an array");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"x\":[[[[[[1]]]]]]}", "not valid JSON");
}

static void size_limit(void **state)
{
        size_t n = CODEC_REQUEST_MAX + 1;
        char *big = malloc(n + 1);

        memset(big, ' ', n);
        big[n] = '\0';
        memcpy(big, "{\"version\":1,\"username\":\"a\",\"password\":\"p\"}", 43);
        refused(big, "larger than 65536 bytes");
        big[n - 1] = '\0'; /* exactly the limit: trailing blanks are fine */
        assert_int_equal(parse(big), 0);
        batch_request_free(&req);
        free(big);
}

static void bad_text(void **state)
{
        refused("", "not valid JSON");
        refused("{\"version\":1,", "not valid JSON");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\"} {}", "text follows");
        /* A second object is not more fields of the first. */
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\"}{\"version\":1}", "text follows");
        refused("{\"version\":1,\"username\":\"\xff\",\"password\":\"p\"}", "not valid JSON");
        refused("{'version':1}", "not valid JSON");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",}", "not valid JSON");
}

static void password_limits(void **state)
{
        char text[1024];

        snprintf(text, sizeof text, "{\"version\":1,\"username\":\"a\",\"password\":\"%0512d\"}", 0);
        refused(text, "longer than 511 bytes");
        snprintf(text, sizeof text, "{\"version\":1,\"username\":\"a\",\"password\":\"%0511d\"}", 0);
        assert_int_equal(parse(text), 0);
        batch_request_free(&req);
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"a\\nb\"}", "control character");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"a\\rb\"}", "control character");
}

/* --batch takes no password the terminal would refuse, and none that json-c
 * would quietly turn into another one. */
static void passwords_the_terminal_would_refuse(void **state)
{
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\xc0\xafq\"}", "invalid UTF-8");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\xed\xa0\x80q\"}", "invalid UTF-8");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\xf4\x90\x80\x80\"}", "invalid UTF-8");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\udc80q\"}", "surrogate");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\ud800q\"}", "surrogate");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\uD800\\u0041\"}", "surrogate");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\ude00\\ud83d\"}", "surrogate");
        refused("{\"version\":1,\"username\":\"a\\udfff\",\"password\":\"p\"}", "surrogate");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\u009b[2J\"}", "control character");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\xc2\x85q\"}", "control character");
        /* A pair is one character; escaped backslashes are not escapes. */
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\",\"password\":\"p\\ud83d\\ude00\\\\udc80\"}"), 0);
        assert_int_equal(req.password_len, 11);
        assert_memory_equal(req.password, "p\xf0\x9f\x98\x80\\udc80", 11);
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\",\"password\":\"Gr\\u00fc\xc3\x9f\\u00e9\"}"), 0);
        assert_memory_equal(req.password, "Gr\xc3\xbc\xc3\x9f\xc3\xa9", 8);
        batch_request_free(&req);
}

/* Raw UTF-8 arrives as it was sent, with every json-c: 0.18's strict mode
 * refuses bytes of 0x80 and more inside strings (Debian 13). */
static void raw_utf8_in_strings(void **state)
{
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\",\"password\":\"Gr\xc3\xbc\xc3\x9f-Tulip-73\"}"), 0);
        assert_int_equal(req.password_len, 15);
        assert_memory_equal(req.password, "Gr\xc3\xbc\xc3\x9f-Tulip-73", 15);
        /* Two, three and four bytes; beside escapes and an escaped backslash. */
        assert_int_equal(parse("{\"version\":1,\"username\":\"a\",\"password\":"
                               "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91\\\\\xc3\xa9\\u00e9\"}"),
                         0);
        assert_int_equal(req.password_len, 14);
        assert_memory_equal(req.password, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91\\\xc3\xa9\xc3\xa9", 14);
        assert_int_equal(parse("{\"version\":1,\"username\":\"J\xc3\xb6rg\",\"password\":\"p\",\"requester\":"
                               "\"\xe5\xa4\xaa\xe9\x83\x8e\"}"),
                         0);
        assert_string_equal(req.username, "J\xc3\xb6rg");
        assert_string_equal(req.requester, "\xe5\xa4\xaa\xe9\x83\x8e");
        /* Keys too: an unknown one is named as sent. */
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"d\xc3\xa9j\xc3\xa0\":1}",
                "unknown field 'd\xc3\xa9j\xc3\xa0'");
        batch_request_free(&req);
}

/* Where an escape of the character would make valid JSON of invalid JSON. */
static void raw_utf8_where_json_has_none(void **state)
{
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\\\xc3\xa9\"}", "invalid escape");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\"\xc2\xa0}", "not valid JSON");
        refused("{\"version\":1\xc2\xa0,\"username\":\"a\",\"password\":\"p\"}", "not valid JSON");
        refused("\xc3\xa9{\"version\":1,\"username\":\"a\",\"password\":\"p\"}", "not valid JSON");
}

/* The largest request, all two-byte characters: each becomes a six-byte
 * escape for json-c, three times the text, in locked memory. */
static void the_largest_request_of_non_ascii_text(void **state)
{
        const char *head = "{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"session_id\":\"";
        size_t i, n = CODEC_REQUEST_MAX;
        char *big = malloc(n + 1);

        assert_non_null(big);
        i = strlen(head);
        memcpy(big, head, i);
        for (; i + 2 + 2 <= n; i += 2)
                memcpy(big + i, "\xc3\xa9", 2);
        memcpy(big + i, "\"}", 2);
        i += 2;
        memset(big + i, ' ', n - i);
        big[n] = '\0';
        assert_int_equal(parse(big), 0);
        assert_int_equal(strlen(req.session_id), n - strlen(head) - 2 - (n - i));
        batch_request_free(&req);
        free(big);
}

static void a_generate_request(void **state)
{
        assert_int_equal(parse("{\"version\":1,\"username\":\"alice\",\"generate\":true,"
                               "\"recipient\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"}"),
                         0);
        assert_true(req.generate);
        assert_null(req.password);
        assert_string_equal(req.recipient, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assert_int_equal(req.format.cipher, RECIPIENT_AES_256_CBC); /* EnvelopedData unless asked */
        assert_int_equal(req.format.encoding, RECIPIENT_PEM);
        batch_request_free(&req);
}

static void cipher_and_encoding_in_a_generate_request(void **state)
{
        static const struct {
                const char *fields;
                enum recipient_cipher cipher;
                enum recipient_encoding encoding;
        } cases[] = {
                { "\"cipher\":\"aes-256-gcm\",\"encoding\":\"base64\"", RECIPIENT_AES_256_GCM, RECIPIENT_BASE64 },
                { "\"cipher\":\"aes-256-cbc\",\"encoding\":\"pem\"", RECIPIENT_AES_256_CBC, RECIPIENT_PEM },
                { "\"encoding\":\"base64\"", RECIPIENT_AES_256_CBC, RECIPIENT_BASE64 },
        };
        char text[256];

        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                snprintf(text, sizeof text,
                         "{\"version\":1,\"username\":\"alice\",\"generate\":true,%s,\"recipient\":\"-----BEGIN "
                         "CERTIFICATE-----\\nMIIB\\n\"}",
                         cases[i].fields);
                assert_int_equal(parse(text), 0);
                assert_int_equal(req.format.cipher, cases[i].cipher);
                assert_int_equal(req.format.encoding, cases[i].encoding);
                batch_request_free(&req);
        }
}

#define PEM "-----BEGIN CERTIFICATE-----\\nC\\n-----END CERTIFICATE-----\\n"

static void passphrase_and_break_glass_fields(void **state)
{
        assert_int_equal(parse("{\"version\":1,\"username\":\"alice\",\"generate\":true,\"passphrase\":true,"
                               "\"recipient\":\"" PEM "\",\"break_glass\":3600,\"end_sessions\":true}"),
                         0);
        assert_true(req.passphrase && req.generate && req.end_sessions);
        assert_int_equal(req.break_glass_s, 3600);
        assert_int_equal(parse("{\"version\":1,\"username\":\"alice\",\"password\":\"Tulip-Granite-73\","
                               "\"break_glass\":1}"),
                         0);
        assert_int_equal(req.break_glass_s, 1);
        assert_false(req.end_sessions);
        batch_request_free(&req);
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"Tulip-Granite-73\",\"passphrase\":true}",
                "field 'passphrase' goes with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM "\",\"passphrase\":\"yes\"}",
                "field 'passphrase' must be true or false");
        static const char *const bad_grace[] = { "0",      "86401", "-5",   "60.0",
                                                 "\"60\"", "true",  "null", "99999999999999999999" };
        for (size_t i = 0; i < sizeof bad_grace / sizeof bad_grace[0]; i++) {
                char text[256];
                snprintf(text, sizeof text,
                         "{\"version\":1,\"username\":\"a\",\"password\":\"Tulip-Granite-73\",\"break_glass\":%s}",
                         bad_grace[i]);
                refused(text,
                        i == 7 ? "beyond 64 bits" : "field 'break_glass' must be a number of seconds from 1 to 86400");
        }
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"Tulip-Granite-73\",\"end_sessions\":true}",
                "field 'end_sessions' goes with field 'break_glass'");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"Tulip-Granite-73\",\"end_sessions\":false}",
                "field 'end_sessions' goes with field 'break_glass'");
}

static void generate_and_recipient_go_together(void **state)
{
        char *big = malloc(CODEC_RECIPIENT_MAX + 100);
        int n;

        refused("{\"version\":1,\"username\":\"a\",\"generate\":true}", "\"generate\": true needs field 'recipient'");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM "\",\"password\":\"p\"}",
                "field 'password' goes with a password given, not with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"recipient\":\"" PEM "\"}",
                "field 'recipient' goes with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":false,\"recipient\":\"" PEM "\"}",
                "field 'recipient' goes with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":false}", "missing field 'password'");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"cipher\":\"aes-256-gcm\"}",
                "field 'cipher' goes with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"password\":\"p\",\"encoding\":\"pem\"}",
                "field 'encoding' goes with \"generate\": true");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM
                "\",\"cipher\":\"aes-128-gcm\"}",
                "field 'cipher' must be aes-256-cbc or aes-256-gcm");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM "\",\"cipher\":true}",
                "field 'cipher' must be aes-256-cbc or aes-256-gcm");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM
                "\",\"cipher\":\"aes-256-gcm\\u0000x\"}",
                "field 'cipher' must be aes-256-cbc or aes-256-gcm");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM "\",\"encoding\":\"DER\"}",
                "field 'encoding' must be pem or base64");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"" PEM
                "\",\"cipher\":\"aes-256-gcm\",\"cipher\":\"aes-256-cbc\"}",
                "duplicate field 'cipher'");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":\"yes\",\"recipient\":\"" PEM "\"}",
                "field 'generate' must be true or false");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":7}", "'recipient' must be a string");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"\"}",
                "field 'recipient' must be a PEM certificate of 1 to 16384 bytes");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"C\\u0000D\"}",
                "field 'recipient' contains a NUL byte");
        refused("{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"MIIBkTCB+wIJ\"}",
                "field 'recipient' must be a PEM certificate (\"-----BEGIN CERTIFICATE-----\"); DER goes in a file");
        assert_non_null(big);
        n = sprintf(big, "{\"version\":1,\"username\":\"a\",\"generate\":true,\"recipient\":\"");
        memset(big + n, 'C', CODEC_RECIPIENT_MAX + 1);
        strcpy(big + n + CODEC_RECIPIENT_MAX + 1, "\"}");
        refused(big, "field 'recipient' must be a PEM certificate of 1 to 16384 bytes");
        free(big);
}

/* doc written by codec_write_result(), checked to be one line ending in a
 * newline, and parsed back by json-c. The caller puts the object. */
static json_object *written(const struct result_doc *doc)
{
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        json_object *o;

        assert_non_null(f);
        assert_int_equal(codec_write_result(f, doc), 0);
        fclose(f);
        assert_int_equal(text[len - 1], '\n');
        assert_null(memchr(text, '\n', len - 1));
        o = json_tokener_parse(text);
        assert_non_null(o);
        free(text);
        return o;
}

static void a_generated_result_carries_the_ciphertext(void **state)
{
        struct result_doc doc = {
                .mode = "batch",
                .status = SSR_CHANGED,
                .username = "alice",
                .reason = "",
                .audit = "journald",
                .generated = true,
                .recipient = "a87506753c078596f8dee70d40d64d5d04d087844f1d357fdf010a46c6f34563",
                .encrypted_password = "-----BEGIN CMS-----\nMIIC\n-----END CMS-----\n",
        };
        json_object *o = written(&doc), *v;

        assert_true(json_object_object_get_ex(o, "generated", &v));
        assert_true(json_object_get_boolean(v));
        assert_true(json_object_object_get_ex(o, "recipient", &v));
        assert_string_equal(json_object_get_string(v), doc.recipient);
        assert_true(json_object_object_get_ex(o, "encrypted_password", &v));
        assert_string_equal(json_object_get_string(v), doc.encrypted_password);
        assert_false(json_object_object_get_ex(o, "password", &v));
        json_object_put(o);
}

static void results_are_one_json_object(void **state)
{
        char *messages[] = { "BAD PASSWORD: short", "Sorry, passwords do not match." };
        struct result_doc doc = {
                .mode = "batch",
                .status = SSR_PASSWORD_REJECTED,
                .exit_status = 5,
                .username = "alice",
                .reason = "refused \"twice\"",
                .messages = messages,
                .n_messages = 2,
                .tries = 2,
                .session_id = "",
                .requester = "ops",
                .audit = "journald",
        };
        json_object *o = written(&doc), *v;

        assert_true(json_object_object_get_ex(o, "status", &v));
        assert_string_equal(json_object_get_string(v), "PASSWORD_REJECTED");
        assert_true(json_object_object_get_ex(o, "exit", &v));
        assert_int_equal(json_object_get_int(v), 5);
        assert_true(json_object_object_get_ex(o, "reason", &v));
        assert_string_equal(json_object_get_string(v), "refused \"twice\"");
        assert_true(json_object_object_get_ex(o, "messages", &v));
        assert_int_equal(json_object_array_length(v), 2);
        assert_true(json_object_object_get_ex(o, "session_id", &v));
        assert_null(v);
        assert_true(json_object_object_get_ex(o, "requester", &v));
        assert_string_equal(json_object_get_string(v), "ops");
        assert_true(json_object_object_get_ex(o, "verified", &v));
        assert_false(json_object_get_boolean(v));
        assert_false(json_object_object_get_ex(o, "checks", &v));
        assert_true(json_object_object_get_ex(o, "generated", &v));
        assert_false(json_object_get_boolean(v));
        assert_true(json_object_object_get_ex(o, "encrypted_password", &v));
        assert_null(v);
        json_object_put(o);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(a_full_request),
                cmocka_unit_test(optional_fields_may_be_absent_and_whitespace_is_fine),
                cmocka_unit_test(missing_and_unknown_fields),
                cmocka_unit_test(integers_beyond_64_bits),
                cmocka_unit_test(wrong_types),
                cmocka_unit_test(duplicate_keys_even_when_escaped),
                cmocka_unit_test(nul_bytes),
                cmocka_unit_test(nesting),
                cmocka_unit_test(size_limit),
                cmocka_unit_test(bad_text),
                cmocka_unit_test(password_limits),
                cmocka_unit_test(passwords_the_terminal_would_refuse),
                cmocka_unit_test(raw_utf8_in_strings),
                cmocka_unit_test(raw_utf8_where_json_has_none),
                cmocka_unit_test(the_largest_request_of_non_ascii_text),
                cmocka_unit_test(a_generate_request),
                cmocka_unit_test(passphrase_and_break_glass_fields),
                cmocka_unit_test(cipher_and_encoding_in_a_generate_request),
                cmocka_unit_test(generate_and_recipient_go_together),
                cmocka_unit_test(a_generated_result_carries_the_ciphertext),
                cmocka_unit_test(results_are_one_json_object),
        };
        return cmocka_run_group_tests(tests, setup, NULL);
}
