/* SPDX-License-Identifier: Apache-2.0 */
/* The hash method pam_unix will store a new password with, read from the
 * PAM stack and /etc/login.defs exactly the way pam_unix 1.4 to 1.7 decides
 * it (support.c's _set_ctrl(), pam_modutil_search_key()): ENCRYPT_METHOD of
 * login.defs first (its first line, the key in any case, followed by blanks
 * or '='; the value's leading method word in any case), then each method
 * option on the pam_unix.so line (md5, bigcrypt, sha256, sha512, blowfish,
 * des, gost_yescrypt, yescrypt: an option is the first of pam_unix's words it
 * begins with, case counting), the last one winning; traditional DES when
 * neither names one. So that a
 * reset never leaves a weak hash behind, ssmreset refuses before any prompt
 * where the stack tells, and --doctor says so. */
#pragma once

#include <stddef.h>

#include "pam-stack.h"
#include "verify-crypt.h"

struct unix_hash_method {
        char method[32];             /* pam_unix's word: "yescrypt", "sha512", "des", ... */
        enum hash_strength strength; /* hash_method_strength()'s verdict on it */
        char source[512];            /* where it comes from, for people */
        char fix[512];               /* when weak: what to change, for people */
};

/* Looks at every pam_unix.so line of stack (a password stack) and keeps the
 * weakest method. Returns 1 and *ret, 0 when the stack has no pam_unix.so
 * line (it does not tell), or -errno when login_defs cannot be read (a
 * missing file is no ENCRYPT_METHOD). */
int unix_hash_method(const struct pam_stack *stack, const char *login_defs, struct unix_hash_method *ret);
