/* SPDX-License-Identifier: Apache-2.0 */
/* Is anybody listening on a local datagram socket? sd_journal_send() and
 * syslog() cannot tell: they report success either way. */
#pragma once

#include <stdbool.h>

bool socket_listening(const char *path);
