/* The ring scratch area's pure half (lib/ring/scratch.h): the copy, the
 * runtime's layout of a call in it, and how much of its results a
 * completion says the kernel wrote. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lib/ring/scratch.h"

static void test_copy_every_length(void **state)
{
	(void)state;
	uint8_t src[RING_SCRATCH_SIZE + 8], dst[RING_SCRATCH_SIZE + 8];
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	for (size_t n = 0; n <= RING_SCRATCH_SIZE; n++) {
		memset(dst, 0xAA, sizeof(dst));
		ring_scratch_copy(dst, src + 1, n);	/* unaligned source */
		assert_memory_equal(dst, src + 1, n);
		for (size_t i = n; i < sizeof(dst); i++)
			assert_int_equal(dst[i], 0xAA);	/* not a byte more */
	}
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(ring_scratch_results_off(0), 0);
	assert_int_equal(ring_scratch_results_off(1), 8);
	assert_int_equal(ring_scratch_results_off(16), 16);
	assert_int_equal(ring_scratch_results_off(17), 24);
	assert_true(ring_scratch_fits(16, 64));
	assert_true(ring_scratch_fits(0, RING_SCRATCH_SIZE));
	assert_true(ring_scratch_fits(RING_SCRATCH_SIZE, 0));
	assert_true(ring_scratch_fits(17, RING_SCRATCH_SIZE - 24));
	assert_false(ring_scratch_fits(17, RING_SCRATCH_SIZE - 23));
	assert_false(ring_scratch_fits(RING_SCRATCH_SIZE + 1, 0));
	assert_false(ring_scratch_fits(0, RING_SCRATCH_SIZE + 1));
	/* lengths near the top of uint32_t must not wrap into "fits" */
	assert_false(ring_scratch_fits(UINT32_MAX, 0));
	assert_false(ring_scratch_fits(UINT32_MAX - 6, 8));
	assert_false(ring_scratch_fits(8, UINT32_MAX));
}

static void test_written(void **state)
{
	(void)state;
	struct ring_cqe e = { .result = 24 };
	assert_int_equal(ring_scratch_written(&e, 64), 24);
	assert_int_equal(ring_scratch_written(&e, 16), 16);	/* capped */
	e = (struct ring_cqe){ .result = 20, .flags = RING_CQE_CAPS, .aux0 = 2,
			       .aux1 = 24 };
	assert_int_equal(ring_scratch_written(&e, 256), 24 + 2 * 16);
	e.aux0 = UINT64_MAX / 8;	/* absurd counts are capped, not wrapped */
	assert_int_equal(ring_scratch_written(&e, 256), 256);
	e.aux0 = 1, e.aux1 = UINT64_MAX - 8;
	assert_int_equal(ring_scratch_written(&e, 256), 256);
	e = (struct ring_cqe){ .result = -5 };
	assert_int_equal(ring_scratch_written(&e, 256), 0);
	e.flags = RING_CQE_EXCEPTION;	/* an exception: length unknown */
	assert_int_equal(ring_scratch_written(&e, 256), 256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_every_length),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
