/* SPDX-License-Identifier: Apache-2.0 */
/* Console input arrives as UTF-16 code units; lineedit takes UTF-8 bytes.
 * Pure logic, tested on its own. */
#pragma once

#include <wchar.h>

#include "lineedit.h"

struct utf16_feed {
        wchar_t pending_high; /* a high surrogate waiting for its pair */
};

/* Feeds one code unit. A lone surrogate becomes a byte that is not UTF-8,
 * so lineedit refuses the line. Ctrl+Z, Windows' end of input, counts as
 * Ctrl+D. Returns lineedit's event for the last byte fed. */
enum lineedit_event utf16_feed_unit(struct utf16_feed *f, struct lineedit *le, wchar_t u);
