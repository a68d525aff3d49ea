/* SPDX-License-Identifier: Apache-2.0 */
/* Windows error codes to ssmreset's result codes: by code, never by text. */
#pragma once

#include <stdbool.h>

#include <windows.h>

#include "result.h"

/* retry: another password might succeed (a policy refusal). */
enum ssr_status win32_status_from_error(DWORD err, bool *retry);
