/* SPDX-License-Identifier: Apache-2.0 */
/* Audit records through syslog(3), when journald is not there. */
#pragma once

#include <stdbool.h>

#include "audit-record.h"

bool syslog_reachable(void);
int syslog_write(const struct audit_event *ev);
