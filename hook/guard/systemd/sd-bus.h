/* SPDX-License-Identifier: Apache-2.0 */
/* hook/ is portable: this stands in for <systemd/sd-bus.h>, an OS header, and stops the
 * build. What the program needs of the OS goes through a seam in hook/os/. */
#error "<systemd/sd-bus.h> is an OS header: hook/ may not include it (see hook/os/README.md)"
