/* SPDX-License-Identifier: Apache-2.0 */
/* The wait for a lock another process holds: one holder's turn is bounded,
 * a queue whose holders change is waited on, the whole wait is bounded. The
 * bounds are checked from below exactly and from above with room for a slow
 * machine. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <cmocka.h>

#include "lock-wait.h"

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Tries until lock_wait_next() gives up; holder(i) says who holds the lock at
 * the i-th try. Returns the milliseconds waited. */
static long long waited(unsigned timeout_ms, pid_t (*holder)(unsigned), unsigned *ret_tries)
{
        struct lock_wait w;
        long long start = now_ms();
        unsigned i = 0;

        lock_wait_start(&w, timeout_ms);
        while (lock_wait_next(&w, holder(i)) == 0)
                i++;
        *ret_tries = i;
        return now_ms() - start;
}

static pid_t stuck(unsigned i)
{
        return 4242;
}

static pid_t unknown(unsigned i)
{
        return 0;
}

/* A new holder every 5 tries: the lock changes hands. */
static pid_t queue(unsigned i)
{
        return (pid_t) (1000 + i / 5);
}

static void one_holder_has_one_turn(void **state)
{
        unsigned tries;
        long long ms = waited(100, stuck, &tries);

        assert_true(ms >= 100);
        assert_true(ms < 2000);
        assert_true(tries > 1);
        ms = waited(100, unknown, &tries);
        assert_true(ms >= 100 && ms < 2000);
}

static void a_queue_is_waited_on_up_to_its_bound(void **state)
{
        unsigned tries;
        long long ms = waited(100, queue, &tries);

        /* Far beyond one turn, but no longer than LOCK_WAIT_TURNS turns. */
        assert_true(ms >= LOCK_WAIT_TURNS * 100);
        assert_true(ms < LOCK_WAIT_TURNS * 100 + 2000);
}

static void no_wait_is_one_try(void **state)
{
        struct lock_wait w;

        lock_wait_start(&w, 0);
        assert_int_equal(lock_wait_next(&w, 4242), -EBUSY);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(one_holder_has_one_turn),
                cmocka_unit_test(a_queue_is_waited_on_up_to_its_bound),
                cmocka_unit_test(no_wait_is_one_try),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
