/* SPDX-License-Identifier: Apache-2.0 */
/* Who holds a lock that someone waits for, named for people: the shadow
 * lock (a POSIX record lock, whose holder fcntl(F_GETLK) tells) and the
 * faillock tallies (flock(2), whose holder only /proc/locks tells). */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* The pid of a process holding a flock(2) lock on the file fd is open on,
 * from /proc/locks (proc(5)); 0 when none is found or /proc cannot say. */
pid_t flock_holder(int fd);

/* "process 1234 (vipw)", for people: the holder's name from
 * /proc/PID/comm in printable ASCII; "another process" when pid is 0. */
void lock_holder_describe(pid_t pid, char *buf, size_t n);
