/* SPDX-License-Identifier: Apache-2.0 */
/* Session discovery on Windows, the parts tested on their own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Is exe (a Toolhelp szExeFile: a bare file name) the session worker?
 * Windows file names ignore case. */
bool session_win32_is_worker_exe(const wchar_t *exe);
/* Is image (a full path, as QueryFullProcessImageNameW gives it) the
 * agent's worker, program_files\Amazon\SSM\ssm-session-worker.exe? Windows
 * paths ignore case. */
bool session_win32_worker_path_trusted(const wchar_t *image, const wchar_t *program_files);
/* The session id from a worker's command line: its first argument, split
 * the way CommandLineToArgvW splits. Returns 0, -EINVAL (missing or not a
 * valid session id). */
int session_win32_id_from_command_line(const wchar_t *cmdline, char *buf, size_t n);
