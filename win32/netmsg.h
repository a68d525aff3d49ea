/* SPDX-License-Identifier: Apache-2.0 */
/* The system's own words for a Windows error code, UTF-8. */
#pragma once

#include <stddef.h>

#include <windows.h>

/* NERR_* codes from netmsg.dll, others from the system table; ends with
 * the code, e.g. "... requirements. (NERR 2245)". */
void win32_error_message(DWORD err, char *buf, size_t n);
