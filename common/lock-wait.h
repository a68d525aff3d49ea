/* SPDX-License-Identifier: Apache-2.0 */
/* How long to wait for a lock that another process holds (the shadow lock,
 * a faillock tally): each holder may keep it for timeout_ms, and the wait
 * ends when one keeps it longer (a stuck vipw, a user holding their tally);
 * a queue of holders that each take their turn and go is no reason to give
 * up, since the lock is changing hands (60 resets at once on a slow
 * machine), but the whole wait never lasts longer than LOCK_WAIT_TURNS times
 * timeout_ms. Between tries: 1 ms, then twice as long each time up to 10
 * ms. */
#pragma once

#include <sys/types.h>

#define LOCK_WAIT_TURNS 6

struct lock_wait {
        long long start_ms, holder_since_ms;
        unsigned timeout_ms, pause_ms;
        pid_t holder;
};

void lock_wait_start(struct lock_wait *w, unsigned timeout_ms);
/* After a try that found the lock taken, by holder (0: not known, which
 * counts as the one before): sleeps and returns 0 to try again, or returns
 * -EBUSY when holder has kept it for timeout_ms, or the whole wait is up. */
int lock_wait_next(struct lock_wait *w, pid_t holder);
