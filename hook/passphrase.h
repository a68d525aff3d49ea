/* SPDX-License-Identifier: Apache-2.0 */
/* Passphrases for --generate --passphrase: words a person can read over the
 * phone and type at a serial console, drawn uniformly and independently
 * from the EFF's long word list (hook/eff_large_wordlist.txt, 2016, CC BY
 * 3.0: the list Windows LAPS' passphrases use too) and joined by '-'. The
 * list's four words with a hyphen in them are left out, so that the words
 * of a phrase can always be told apart: 7,772 words of 3 to 9 lowercase
 * letters, log2(7772) = 12.92 bits each, and 10 of them hold 129.2 bits,
 * at least the GENERATE_MIN_ENTROPY_BITS of a generated password.
 *
 * The entropy counts the words alone. What a policy asks on top (a capital
 * first letter, a trailing group of digits) is added in a fixed place and
 * counted as nothing; rules a word can break (pwquality's maxclassrepeat,
 * maxrepeat, maxsequence) leave those words out of the draw, and the
 * number of words is made from what is left, so that a strict policy gives
 * longer phrases, never weaker ones. */
#pragma once

#include <stddef.h>

#include "generate.h"

#define PASSPHRASE_SEPARATOR '-'
/* Words of the list, after the four hyphenated ones are left out. */
extern const char *const passphrase_list[];
extern const size_t passphrase_list_size;

/* What the local policy asks of a passphrase; zero asks nothing. */
struct passphrase_shape {
        unsigned max_class_run; /* no word longer (pwquality maxclassrepeat) */
        unsigned max_repeat;    /* no word with a letter more times in a row (maxrepeat) */
        unsigned max_sequence;  /* no word with a longer run like "abc" or "cba" (maxsequence) */
        size_t min_length;      /* characters of the whole phrase (minlen) */
        unsigned separators;    /* at least this many '-' (ocredit) */
        unsigned capitals;      /* the first letter of this many words in capitals (ucredit, minclass) */
        unsigned digits;        /* a last group of this many random digits (dcredit, minclass) */
};

/* How many words of the list shape lets in. */
size_t passphrase_usable_words(const struct passphrase_shape *shape);

/* How many words a passphrase of shape gets: enough for
 * GENERATE_MIN_ENTROPY_BITS from usable words, and for its length, capitals
 * and separators. 0 when usable is under 2. */
unsigned passphrase_word_count(const struct passphrase_shape *shape, size_t usable);

/* The entropy of words words drawn from usable, in bits. */
double passphrase_bits(unsigned words, size_t usable);

/* A passphrase of shape, into buf (n bytes, secure memory: os/secmem.h),
 * then accept() asked, up to tries candidates, each refused one wiped.
 * Returns 0 with the accepted phrase in buf (wiped on every other return),
 * -EAGAIN when every candidate was refused, -EDOM when shape leaves fewer than 2 words, -EINVAL when a
 * phrase may not fit in n bytes, or what os_random() or accept() returned. */
int passphrase_generate(const struct passphrase_shape *shape, generate_accept_fn accept, void *userdata, unsigned tries,
                        char *buf, size_t n);
