/* SPDX-License-Identifier: Apache-2.0 */
/* hook/ is portable: this stands in for <security/pam_appl.h>, an OS header, and stops the
 * build. What the program needs of the OS goes through a seam in hook/os/. */
#error "<security/pam_appl.h> is an OS header: hook/ may not include it (see hook/os/README.md)"
