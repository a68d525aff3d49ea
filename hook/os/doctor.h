/* SPDX-License-Identifier: Apache-2.0 */
/* OS contract: ssmreset --doctor's checks. Every backend provides this.
 * Linux: linux/doctor-linux.c; Windows: win32/doctor-win32.c. */
#pragma once

#include <stddef.h>

#include "doctor-report.h"

/* The OS backend's checks (rights, agent, account machinery, quality, audit):
 * fills at most max checks, returns how many. */
size_t backend_doctor(struct doctor_check *checks, size_t max);
