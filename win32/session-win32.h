/* Session discovery on Windows, the parts tested on their own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Is exe (a Toolhelp szExeFile: a bare file name) the session worker?
 * Windows file names ignore case. */
bool session_win32_is_worker_exe(const wchar_t *exe);
/* The session id from a worker's command line: its first argument, split
 * the way CommandLineToArgvW splits. Returns 0, -EINVAL (missing or not a
 * valid session id). */
int session_win32_id_from_command_line(const wchar_t *cmdline, char *buf, size_t n);
