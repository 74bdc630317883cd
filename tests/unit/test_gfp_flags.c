/* test_gfp_flags.c — bare gfp masks of pre-4.5 reports decoded with the
 * right generation's table: the masks of the corpus's 2.6.32/3.10 reports
 * (0x201da, 0x280da, 0xd0, 0x84d0) and the 4.4 mask that 4.5+ kernels print
 * with its names ("gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD)"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "gfp_flags.h"

static void check(unsigned long mask, enum gfp_table t, const char *want)
{
        char buf[256];

        assert_true(gfp_decode(mask, t, buf, sizeof(buf)));
        assert_string_equal(buf, want);
}

static void test_old_kernels(void **state)
{
        (void)state;
        check(0x201da, GFP_TABLE_2_6_TO_4_3, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
        check(0x280da, GFP_TABLE_2_6_TO_4_3, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
        check(0xd0, GFP_TABLE_2_6_TO_4_3, "GFP_KERNEL");
        check(0x84d0, GFP_TABLE_2_6_TO_4_3, "GFP_KERNEL|__GFP_REPEAT|__GFP_ZERO");
        /* a bit no table names stays visible as hex */
        check(0xd0 | 0x80000000ul, GFP_TABLE_2_6_TO_4_3, "GFP_KERNEL|0x80000000");
        check(0, GFP_TABLE_2_6_TO_4_3, "");
}

static void test_4_4(void **state)
{
        (void)state;
        check(0x24201ca, GFP_TABLE_4_4, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
        check(0x24000c0, GFP_TABLE_4_4, "GFP_KERNEL");
        /* the same bits read with the old table would be wrong: 0x10 is
         * __GFP_RECLAIMABLE on 4.4, __GFP_WAIT before */
        check(0x10, GFP_TABLE_4_4, "__GFP_RECLAIMABLE");
        check(0x10, GFP_TABLE_2_6_TO_4_3, "GFP_NOIO");
}

static void test_table_guess(void **state)
{
        (void)state;
        assert_int_equal(gfp_table_guess("4.4.0-210-generic", 0xd0), GFP_TABLE_4_4);
        assert_int_equal(gfp_table_guess("4.4", 0xd0), GFP_TABLE_4_4);
        assert_int_equal(gfp_table_guess("4.40.1", 0x24201ca), GFP_TABLE_2_6_TO_4_3);
        assert_int_equal(gfp_table_guess("3.10.0-1160.el7.x86_64", 0x201da), GFP_TABLE_2_6_TO_4_3);
        /* no release: the 4.4 kswapd bit without the old __GFP_WAIT */
        assert_int_equal(gfp_table_guess(NULL, 0x24201ca), GFP_TABLE_4_4);
        assert_int_equal(gfp_table_guess("", 0x201da), GFP_TABLE_2_6_TO_4_3);
}

static void test_truncation_reported(void **state)
{
        char buf[12];

        (void)state;
        assert_false(gfp_decode(0x201da, GFP_TABLE_2_6_TO_4_3, buf, sizeof(buf)));
        assert_true(strlen(buf) < sizeof(buf));
        assert_false(gfp_decode(0xd0, GFP_TABLE_2_6_TO_4_3, buf, 0));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_old_kernels),
                cmocka_unit_test(test_4_4),
                cmocka_unit_test(test_table_guess),
                cmocka_unit_test(test_truncation_reported),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
