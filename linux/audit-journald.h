/* SPDX-License-Identifier: Apache-2.0 */
/* Audit records as structured journal entries. */
#pragma once

#include <stdbool.h>

#include "audit-record.h"

/* Shown by journalctl -x through the catalog; never change them. */
#define SSMRESET_MESSAGE_ID_CHANGED "fba2924827394bd8b04527147208b6d7"
#define SSMRESET_MESSAGE_ID_FAILED "5fe9eeae428641fc9fb95cd1a79bd693"
#define SSMRESET_MESSAGE_ID_CHECKED "0c2b8b7e5d0a4f4f9a51f1f3c7d2e6a4"
#define SSMRESET_MESSAGE_ID_STARTED "eff3484c477d4034b8b36d0ae7e16f6f"
#define SSMRESET_MESSAGE_ID_SCHEDULED "6b1d3c2f9a8e4d57b0c4e1f2a3d5c7e9"

/* sd_journal_send() reports success when nobody listens, so ask the socket. */
bool journal_reachable(void);
int journal_write(const struct audit_event *ev);
