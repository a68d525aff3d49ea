/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "lock-wait.h"

#define PAUSE_MAX_MS 10

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lock_wait_start(struct lock_wait *w, unsigned timeout_ms)
{
        *w = (struct lock_wait){ .timeout_ms = timeout_ms, .pause_ms = 1 };
        w->start_ms = w->holder_since_ms = now_ms();
}

int lock_wait_next(struct lock_wait *w, pid_t holder)
{
        long long now = now_ms(), left;

        if (holder && holder != w->holder) {
                w->holder = holder;
                w->holder_since_ms = now;
        }
        left = w->holder_since_ms + w->timeout_ms - now;
        if (w->start_ms + (long long) LOCK_WAIT_TURNS * w->timeout_ms - now < left)
                left = w->start_ms + (long long) LOCK_WAIT_TURNS * w->timeout_ms - now;
        if (left <= 0)
                return -EBUSY;
        if (w->pause_ms > left)
                w->pause_ms = (unsigned) left;
        (void) nanosleep(
                &(struct timespec){ .tv_sec = w->pause_ms / 1000, .tv_nsec = (long) (w->pause_ms % 1000) * 1000000 },
                NULL);
        w->pause_ms = w->pause_ms * 2 > PAUSE_MAX_MS ? PAUSE_MAX_MS : w->pause_ms * 2;
        return 0;
}
