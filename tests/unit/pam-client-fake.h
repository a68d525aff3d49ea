/* SPDX-License-Identifier: Apache-2.0 */
/* A scripted PAM stack for the Linux backend's unit tests: stands in for
 * linux/pam-client-libpam.c (and for the NSS reads of linux/account-nss.c
 * and the transaction of linux/account-transaction.c, over one stored hash),
 * so that tests/unit/test-backend-pam.c runs linux/backend-pam.c without
 * libpam, /etc or root. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <security/pam_appl.h>

/* What one pam_chauthtok() call of the stack does: the test's own function,
 * called with the call's number (1, 2, ...). It talks to the application
 * with the helpers below and returns a PAM code. */
typedef int (*fake_stack_fn)(unsigned call);

struct fake_pam {
        fake_stack_fn stack;
        int service_readable; /* what pamc_service_readable() returns */
        int start_rc;         /* what pamc_start() returns */
        char *stored_hash;    /* the account's hash, as account_read_hash() reads it */
        bool account_exists;
        unsigned chauthtok_calls;
        int end_rc; /* what pamc_end() was given */
        bool started;
        bool ended;
        char env[8][128]; /* the PAM environment, "NAME=value" */
        size_t n_env;
        const char *user;
        const char *unix_args;  /* the pam_unix.so line's options ("yescrypt"); NULL: no stack file */
        const char *stack_dir;  /* set: the service file is this pam.d folder's, read by pam-stack.c */
        unsigned transactions;  /* account_txn_begin() calls: one a try */
        unsigned verifications; /* account_txn_verify_hash() calls: one hash each */
        char *before;           /* the stored hash when the try began */
        bool written;           /* the try's stack stored a hash (fake_store()) */
        unsigned restores;      /* tries account_txn_undo() took back */
        bool restore_fails;     /* account_txn_undo() cannot take back */
        bool tally_held;        /* the faillock tally holds records to clear */
};

extern struct fake_pam fake_pam;

/* Fresh state: an account whose password is "old". */
void fake_pam_reset(fake_stack_fn stack);

/* Asks the application one question; returns the PAM code of the
 * conversation and the answer (a copy the fake keeps until the next call). */
int fake_ask(int style, const char *prompt, const char **ret_answer);
/* Shows the application a message (PAM_ERROR_MSG or PAM_TEXT_INFO). */
int fake_say(int style, const char *text);
/* Stores password as pam_unix would: its yescrypt hash becomes the
 * account's. */
void fake_store(const char *password);
/* The same with another method: setting is a crypt(3) setting ("ab" for
 * traditional DES, "$1$saltsalt$" for MD5). */
void fake_store_as(const char *password, const char *setting);
const char *fake_getenv(const char *name);
void fake_putenv(const char *name_value);
