/* SPDX-License-Identifier: Apache-2.0 */
/* The console control handler of terminal-win32.c, exposed so tests can
 * deliver Ctrl+C and console-close events without a console. */
#pragma once

#include <windows.h>

BOOL WINAPI terminal_win32_ctrl_handler(DWORD type);
