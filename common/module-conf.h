/* SPDX-License-Identifier: Apache-2.0 */
/* The configuration files of Linux-PAM 1.5's modules, faillock.conf(5) and
 * pwhistory.conf(5): "key = value" lines, '#' comments, blank lines. */
#pragma once

#include <stddef.h>

/* The value of key in the file at path, as those modules' readers take it:
 * blanks around the key and the '=' skipped, the value ending at a blank or
 * '#', the last line naming key winning. Returns 1 and the value in buf
 * (n bytes), 0 when the file or the key is not there (buf untouched), or
 * -errno with the file named in err when it cannot be read. */
int module_conf_value(const char *path, const char *key, char *buf, size_t n, char *err, size_t errlen);
