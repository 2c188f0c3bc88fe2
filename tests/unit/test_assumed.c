/*
 * The runtime as a driver with its policy compiled in builds it
 * (examples/board-build: CMA_TABLE_ONLY, CMA_ASSUME_VALID_TABLE,
 * CMA_BF_ONLY), here in userspace so that the sanitizer builds run it
 * too, on the board example's policy as cmacc -O c writes it
 * (board_table.c, made by make).  It serves the policy, uses the table's
 * own strings, and still refuses what is not a table, a table cut short
 * and memory too small, each with its reason.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "cma.h"

extern const unsigned char board_table[];
extern const unsigned long board_table_size;

static const char *const names[] = { "camera", "common", "fb" };
static const unsigned long starts[] = { 0x80000000ul, 0x81000000ul,
					0x83000000ul };
static const unsigned long sizes[] = { 16ul << 20, 32ul << 20, 8ul << 20 };

START_TEST(serves_the_compiled_in_policy)
{
	struct cma_region_state st;
	struct cma_ctx *ctx;
	unsigned long cam, fb, any;
	unsigned int i;

	ck_assert_int_eq(cma_ctx_from_table(&ctx, board_table,
					    board_table_size), 0);
	ck_assert_uint_eq(cma_ctx_region_count(ctx), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(cma_ctx_region_state(ctx, i, &st), 0);
		ck_assert_str_eq(st.name, names[i]);
		ck_assert_uint_eq(st.start, starts[i]);
		ck_assert_uint_eq(st.size, sizes[i]);
		ck_assert_str_eq(st.allocator, "bf");
		/* The name is the table's own: nothing was copied. */
		ck_assert(st.name >= (const char *)board_table &&
			  st.name < (const char *)board_table + board_table_size);
	}
	cam = cma_ctx_alloc(ctx, "camera", "raw", 1 << 20, 0);
	fb = cma_ctx_alloc(ctx, "fb", NULL, 4 << 20, 1 << 20);
	any = cma_ctx_alloc(ctx, "gpu", "x", 4096, 0);
	ck_assert_uint_eq(cam, starts[0]);
	ck_assert_uint_eq(fb, starts[2]);
	ck_assert_uint_eq(any, starts[1]);
	ck_assert_int_eq(cma_ctx_get(ctx, fb), 0);
	ck_assert_int_eq(cma_ctx_put(ctx, fb), 0);
	ck_assert_int_eq(cma_ctx_put(ctx, fb), 1);
	ck_assert_int_eq(cma_ctx_put(ctx, cam), 1);
	ck_assert_int_eq(cma_ctx_put(ctx, any), 1);
	ck_assert_uint_eq(cma_ctx_alloc(ctx, "fb", NULL, 16 << 20, 0),
			  (unsigned long)-ENOMEM);
	cma_ctx_destroy(ctx);
}
END_TEST

START_TEST(places_in_the_memory_given)
{
	struct cma_ctx_bank bank = { 0x10000000ul, 64ul << 20 };
	struct cma_ctx_config config = { &bank, 1 };
	struct cma_region_state st;
	struct cma_ctx *ctx;

	ck_assert_int_eq(cma_ctx_from_table_config(&ctx, board_table,
						   board_table_size, &config), 0);
	ck_assert_int_eq(cma_ctx_region_state(ctx, 2, &st), 0);
	ck_assert_uint_eq(st.start, 0x13000000ul);
	cma_ctx_destroy(ctx);

	bank.size = 16ul << 20;
	ck_assert_int_eq(cma_ctx_from_table_config(&ctx, board_table,
						   board_table_size, &config),
			 -ENOMEM);
	ck_assert_str_eq(cma_ctx_error(),
			 "region 'common' fits nowhere in the declared memory beside the regions before it");
}
END_TEST

/* The checks that tell a table from another buffer are kept. */
START_TEST(refuses_what_is_not_a_table)
{
	unsigned char *copy = malloc(board_table_size);
	struct cma_ctx *ctx = NULL;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, board_table, board_table_size);
	copy[0] ^= 0xff;
	ck_assert_int_eq(cma_ctx_from_table(&ctx, copy, board_table_size),
			 -EINVAL);
	ck_assert_ptr_null(ctx);
	ck_assert_str_eq(cma_ctx_error(),
			 "table: not a CMA table: the magic number is wrong (byte 0)");
	copy[0] ^= 0xff;
	ck_assert_int_eq(cma_ctx_from_table(&ctx, copy, board_table_size - 8),
			 -EINVAL);
	ck_assert_ptr_null(ctx);
	ck_assert_str_eq(cma_ctx_error(),
			 "table: the table is shorter than its header says (byte 8)");
	ck_assert_int_eq(cma_ctx_from_table(&ctx, copy, 16), -EINVAL);
	ck_assert_str_eq(cma_ctx_error(),
			 "table: the table is shorter than its header says (byte 0)");
	free(copy);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("assumed");
	TCase *tc = tcase_create("assumed");

	tcase_add_test(tc, serves_the_compiled_in_policy);
	tcase_add_test(tc, places_in_the_memory_given);
	tcase_add_test(tc, refuses_what_is_not_a_table);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
