/* SPDX-License-Identifier: Apache-2.0 */
/* The host's own scheduler, for the scramble of a break-glass password
 * (hook/os/break-glass.h): a command run once, some seconds from now, by the
 * service manager rather than by anything of ssmreset's that would have to
 * stay running. systemd: a transient timer and service (systemd-run(1)),
 * stopped with systemctl(1): common/scheduler-systemd.c. */
#pragma once

#include <stddef.h>

/* Is the scheduler here (systemd running, systemd-run and systemctl
 * installed)? 0, or -errno with the cause and its fix in why. */
int scheduler_ready(char *why, size_t n);

/* Runs command (argv, command[0] an absolute path; nothing in it secret)
 * delay_s seconds from now, once, as root, under the name unit (letters,
 * digits, ':', '_', '.', '-', '\'). Returns 0, or -errno with why set. */
int scheduler_start(const char *unit, unsigned delay_s, const char *description, char *const command[], char *why,
                    size_t n);

/* Is what scheduler_start() set up under unit still to run or running (its
 * timer waiting, or its command under way)? 1 yes, 0 no (it ended, or a
 * reboot dropped it), or -errno with why set. */
int scheduler_pending(const char *unit, char *why, size_t n);

/* Cancels what scheduler_start() set up under unit, if it has not started
 * yet; a unit that is gone already (it ran, or a reboot) is no error. A
 * command already running is left to finish. Returns 0 or -errno with why
 * set. */
int scheduler_cancel(const char *unit, char *why, size_t n);
