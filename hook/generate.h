/* SPDX-License-Identifier: Apache-2.0 */
/* Passwords made on the host, from the OS's CSPRNG (os/random.h), for
 * --generate: at least GENERATE_MIN_LENGTH characters and
 * GENERATE_MIN_ENTROPY_BITS bits of entropy, and then whatever the local
 * policy asks, which the caller's accept() decides. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define GENERATE_MIN_LENGTH 20
#define GENERATE_MIN_ENTROPY_BITS 128
/* Printable ASCII without the space: 94 characters, log2(94) = 6.55 bits
 * each, so 20 of them hold 131 bits. */
#define GENERATE_ALPHABET_SIZE 94

/* Says whether a candidate satisfies the local policy: 1 yes, 0 no (try
 * another), -errno (stop). */
typedef int (*generate_accept_fn)(void *userdata, const char *candidate);

/* length characters drawn uniformly and independently from the 94
 * printable ASCII characters other than the space (rejection sampling over
 * random bytes: no character is likelier than another), into buf, which
 * holds at least length + 1 bytes (secure memory: see os/secmem.h). A
 * length under GENERATE_MIN_LENGTH is raised to it. Then asks accept(), up
 * to tries candidates, each wiped when refused. Returns 0 with the accepted
 * password in buf, -EAGAIN when every candidate was refused, -EINVAL when
 * length + 1 > n, or what os_random() or accept() returned. */
int generate_uniform(size_t length, generate_accept_fn accept, void *userdata, unsigned tries, char *buf, size_t n);

/* The entropy of a uniform password of length characters, in bits. */
double generate_uniform_bits(size_t length);
