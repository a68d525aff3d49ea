/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>

#include "os/secmem.h"

static void allocations_are_zeroed_pages_of_their_own(void **state)
{
        unsigned char *a, *b;
        MEMORY_BASIC_INFORMATION mbi;

        assert_int_equal(secmem_init(), 0);
        assert_int_equal(secmem_init(), 0); /* twice is fine */
        a = secmem_alloc(512);
        b = secmem_alloc(512);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal((uintptr_t) a % 4096, 0);
        for (size_t i = 0; i < 512; i++)
                assert_int_equal(a[i], 0);
        assert_int_equal(VirtualQuery(a, &mbi, sizeof mbi), sizeof mbi);
        assert_int_equal(mbi.State, MEM_COMMIT);
        assert_int_equal(mbi.Protect, PAGE_READWRITE);
        assert_true(b < a || b >= a + mbi.RegionSize);
        secmem_free(a, 512);
        secmem_free(b, 512);
        secmem_free(NULL, 10);
}

static void freed_memory_is_gone(void **state)
{
        MEMORY_BASIC_INFORMATION mbi;
        char *p = secmem_alloc(100);

        assert_non_null(p);
        memcpy(p, "hunter2", 7);
        secmem_free(p, 100);
        assert_int_equal(VirtualQuery(p, &mbi, sizeof mbi), sizeof mbi);
        assert_int_equal(mbi.State, MEM_FREE);
}

static void a_whole_batch_request_fits(void **state)
{
        char *p = secmem_alloc(64 * 1024 + 2);
        char *q = secmem_alloc(64 * 1024 + 2);

        assert_non_null(p);
        assert_non_null(q);
        memset(p, 'x', 64 * 1024 + 2);
        secmem_free(p, 64 * 1024 + 2);
        secmem_free(q, 64 * 1024 + 2);
}

static void wipe_wipes(void **state)
{
        char buf[16];

        memcpy(buf, "correct horse!!", 16);
        secure_wipe(buf, sizeof buf);
        for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(allocations_are_zeroed_pages_of_their_own),
                cmocka_unit_test(freed_memory_is_gone),
                cmocka_unit_test(a_whole_batch_request_fits),
                cmocka_unit_test(wipe_wipes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
