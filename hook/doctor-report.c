/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "doctor-report.h"

struct doctor_check *doctor_add(struct doctor_check *checks, size_t *n, size_t max, const char *name)
{
        if (*n >= max)
                return NULL;
        checks[*n] = (struct doctor_check){ .name = name };
        return &checks[(*n)++];
}

void doctor_set(char *buf, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof((struct doctor_check *) 0)->detail, fmt, ap);
        va_end(ap);
}

/* Up to 8 numeric parts; parsing stops at anything else ("3.2.1-1ubuntu"). */
static size_t version_parts(const char *v, unsigned long parts[8])
{
        size_t n = 0;

        while (n < 8 && *v >= '0' && *v <= '9') {
                char *end;
                parts[n++] = strtoul(v, &end, 10);
                if (*end != '.')
                        break;
                v = end + 1;
        }
        return n;
}

int doctor_version_compare(const char *a, const char *b)
{
        unsigned long pa[8] = { 0 }, pb[8] = { 0 };

        version_parts(a, pa);
        version_parts(b, pb);
        for (size_t i = 0; i < 8; i++)
                if (pa[i] != pb[i])
                        return pa[i] < pb[i] ? -1 : 1;
        return 0;
}

void doctor_print(const struct doctor_check *checks, size_t n, bool ready)
{
        for (size_t i = 0; i < n; i++) {
                const struct doctor_check *c = &checks[i];
                printf("%-4s %-12s %s\n", c->ok ? "ok" : c->warning ? "warn" : "FAIL", c->name, c->detail);
                if (!c->ok && c->fix[0])
                        printf("     %-12s fix: %s\n", "", c->fix);
        }
        printf("ssmreset: %s\n",
               ready ? "READY: this host can reset passwords through ssmreset" : "NOT READY: fix the FAIL lines above");
        fflush(stdout);
}
