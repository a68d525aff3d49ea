/* What main() needs from the OS that has no seam of its own: arguments,
 * standard streams, the host's name. One implementation per OS. */
#pragma once

#include <stddef.h>

/* Call first. May replace *argv with the arguments as UTF-8 (Windows hands
 * them over in the ANSI code page). Returns 0 or -errno. */
int platform_init(int *argc, char ***argv);
/* This host's name, or "unknown". */
void platform_host_name(char *buf, size_t n);
