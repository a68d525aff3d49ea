/* SPDX-License-Identifier: Apache-2.0 */
/* codec_parse_request(), the --batch request parser, on arbitrary bytes.
 *
 * Checked: the result is 0, -EINVAL with a message, or -ENOMEM; a refusal
 * leaves nothing behind; an accepted request holds what the codec promises
 * (a NUL-terminated user name of username_len bytes, a password of at most
 * PASSWORD_MAX bytes in a secure buffer, control-free UTF-8, no NUL in
 * session_id or requester); the same input gives the same answer.
 *
 * And the promise that every copy json-c makes of the password is wiped: an
 * accepted request is parsed a second time with allocator hooks armed, and
 * no block freed during that parse may still hold the password's first bytes
 * (json-c's buffers, its string object, anything realloc() left behind). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/allocator_interface.h>

#include "fuzz-check.h"
#include "codec.h"
#include "secmem-checked.h"
#include "password.h"
#include "utf8.h"

/* How much of the password must not survive in freed memory. */
#define PROBE_LEN 8

static struct {
        bool armed;
        char probe[PROBE_LEN];
} fz;

static void on_free(const volatile void *p)
{
        size_t size;

        if (!fz.armed || !p)
                return;
        size = __sanitizer_get_allocated_size((const void *) p);
        if (memmem((const void *) p, size, fz.probe, PROBE_LEN)) {
                fprintf(stderr, "a block of %zu bytes holding the password was freed without being wiped\n", size);
                abort();
        }
}

static void on_malloc(const volatile void *p, size_t size)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        CHECK(__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0);
        return 0;
}

static bool nothing(const struct batch_request *r)
{
        return !r->username && !r->username_len && !r->password && !r->password_len && !r->expire && !r->session_id &&
               !r->requester && !r->generate && !r->recipient;
}

static bool control_free_utf8(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *) s;

        for (size_t i = 0; i < n;) {
                size_t l = utf8_sequence_length(u + i, n - i);
                unsigned cp;

                if (l == 0)
                        return false;
                cp = utf8_decode(u + i, l);
                if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
                        return false;
                i += l;
        }
        return true;
}

static bool contains(const char *hay, size_t n, const char *needle, size_t k)
{
        return hay && memmem(hay, n, needle, k) != NULL;
}

/* The probe must be the password's alone: if another value or a field name
 * holds the same bytes, finding them in freed memory proves nothing. */
static bool probe_is_unique(const struct batch_request *r, const uint8_t *data, size_t size)
{
        static const char names[] =
                "\"version\" \"username\" \"password\" \"expire\" \"session_id\" \"requester\" \"generate\" "
                "\"recipient\" true false";
        const char *p = r->password;
        const uint8_t *first;

        if (r->password_len < PROBE_LEN)
                return false;
        if (contains(r->username, r->username_len, p, PROBE_LEN) ||
            contains(r->session_id, r->session_id ? strlen(r->session_id) : 0, p, PROBE_LEN) ||
            contains(r->requester, r->requester ? strlen(r->requester) : 0, p, PROBE_LEN) ||
            contains(names, sizeof names - 1, p, PROBE_LEN))
                return false;
        /* Once in the text at most (the password's own string). */
        first = memmem(data, size, p, PROBE_LEN);
        return !first || !memmem(first + 1, size - (size_t) (first + 1 - data), p, PROBE_LEN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf = (const char *) data;
        struct batch_request req, again;
        char err[256], err2[256];
        int r, r2;

        memset(&req, 0x5a, sizeof req); /* filled in whatever happens */
        err[0] = '\0';
        r = codec_parse_request(buf, size, &req, err, sizeof err);
        CHECK(r == 0 || r == -EINVAL || r == -ENOMEM);
        if (r < 0) {
                CHECK(nothing(&req));
                CHECK(secmem_checked_live == 0);
                if (r == -EINVAL)
                        CHECK(err[0] && memchr(err, '\0', sizeof err));
        } else {
                CHECK(size <= CODEC_REQUEST_MAX);
                CHECK(req.username && req.username[req.username_len] == '\0');
                if (req.generate) {
                        /* A password to make, for a certificate: none given. */
                        CHECK(!req.password && !req.password_len);
                        CHECK(req.recipient && req.recipient[0] && strlen(req.recipient) <= CODEC_RECIPIENT_MAX);
                        CHECK(secmem_checked_live == 0);
                } else {
                        CHECK(!req.recipient);
                        CHECK(req.password && req.password_len <= PASSWORD_MAX);
                        CHECK(req.password[req.password_len] == '\0');
                        CHECK(control_free_utf8(req.password, req.password_len));
                        CHECK(secmem_checked_live == 1); /* the password, and only it */
                }
                CHECK(utf8_valid((const unsigned char *) req.username, req.username_len));
                CHECK(!req.session_id || utf8_valid((const unsigned char *) req.session_id, strlen(req.session_id)));
                CHECK(!req.requester || utf8_valid((const unsigned char *) req.requester, strlen(req.requester)));
        }
        if (size > CODEC_REQUEST_MAX)
                CHECK(r == -EINVAL);

        /* Again: the same answer, and this time no unwiped copy of the
         * password may be freed. */
        if (r == 0 && !req.generate && probe_is_unique(&req, data, size)) {
                memcpy(fz.probe, req.password, PROBE_LEN);
                fz.armed = true;
        }
        r2 = codec_parse_request(buf, size, &again, err2, sizeof err2);
        fz.armed = false;
        CHECK(r2 == r);
        if (r == 0) {
                CHECK(again.username_len == req.username_len &&
                      memcmp(again.username, req.username, req.username_len) == 0);
                CHECK(again.password_len == req.password_len &&
                      (!req.password || memcmp(again.password, req.password, req.password_len) == 0));
                CHECK(again.expire == req.expire && again.generate == req.generate);
                CHECK(!again.recipient == !req.recipient &&
                      (!req.recipient || strcmp(again.recipient, req.recipient) == 0));
                CHECK(!again.session_id == !req.session_id &&
                      (!req.session_id || strcmp(again.session_id, req.session_id) == 0));
                CHECK(!again.requester == !req.requester &&
                      (!req.requester || strcmp(again.requester, req.requester) == 0));
                batch_request_free(&again);
                batch_request_free(&req);
                CHECK(nothing(&req));
        } else if (r == -EINVAL)
                CHECK(strcmp(err, err2) == 0);
        CHECK(secmem_checked_live == 0);
        return 0;
}
