/* SPDX-License-Identifier: Apache-2.0 */
/* Knobs of the fuzz targets' secmem.h implementation (secmem-checked.c). */
#pragma once

/* secmem_alloc() fails after this many more successes; -1: never. */
extern long secmem_checked_fail_after;
/* Secure buffers allocated and not yet freed. */
extern long secmem_checked_live;
