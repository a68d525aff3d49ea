/* SPDX-License-Identifier: Apache-2.0 */
/* hook/ is portable: this stands in for <winbase.h>, an OS header, and stops the
 * build. What the program needs of the OS goes through a seam in hook/os/. */
#error "<winbase.h> is an OS header: hook/ may not include it (see hook/os/README.md)"
