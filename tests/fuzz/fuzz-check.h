/* SPDX-License-Identifier: Apache-2.0 */
/* The fuzz targets' assertion: kept in every build (unlike assert()), and a
 * crash libFuzzer records with the failed condition and where it is. */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                                                    \
        do {                                                                                                           \
                if (!(cond)) {                                                                                         \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                       \
                        abort();                                                                                       \
                }                                                                                                      \
        } while (0)
