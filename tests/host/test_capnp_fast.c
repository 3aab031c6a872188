/* The inline fast paths of lib/capnp/fast.h against the general reader
 * and builder: on every message shape (good, and each way a root can be
 * wrong) both give the same root, the same error and the same budget;
 * the builder's inline root lays out what the general one does. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/capnp/capnp.h"

/* A one-segment framed message of n words (the caller fills them). */
static uint8_t *one_seg(size_t *len, const uint64_t *w, uint32_t n)
{
	*len = 8 + (size_t)n * 8;
	uint8_t *b = calloc(1, *len);
	memcpy(b + 4, &n, 4);
	memcpy(b + 8, w, (size_t)n * 8);
	return b;
}

static void assert_same_root(const uint8_t *buf, size_t len, uint64_t budget,
			     int32_t nesting)
{
	struct capn_read_opts o = { .traversal_words = budget,
				    .nesting = nesting };
	struct capn_msg a, b;
	int ea = capn_msg_init_opts(&a, buf, len, &o);
	int eb = capn_msg_init_opts(&b, buf, len, &o);
	assert_int_equal(ea, eb);
	struct capn_struct_r ra = capn_msg_root(&a);
	struct capn_struct_r rb = capn_msg_root_general(&b);
	assert_ptr_equal(ra.data, rb.data);
	assert_ptr_equal(ra.ptrs, rb.ptrs);
	assert_int_equal(ra.data_bytes, rb.data_bytes);
	assert_int_equal(ra.nptrs, rb.nptrs);
	assert_int_equal(ra.nest, rb.nest);
	assert_int_equal(a.err, b.err);
	assert_int_equal(a.budget, b.budget);
}

/* Root pointers of every kind and fit, in a 4-word segment. */
static void test_root_shapes(void **state)
{
	static const uint64_t roots[] = {
		0x0001000200000000,	/* 2 data + 1 ptr at offset 0: fits */
		0x0000000100000000,	/* 1 data word */
		0x00000000fffffffc,	/* empty struct, offset -1 */
		0,			/* null */
		0x0001000300000000,	/* 3+1 words: one past the end */
		0x0000000100000008,	/* offset 2, 1 word: last word */
		0x000000010000000c,	/* offset 3: past the end */
		0x00000001fffffff8,	/* offset -2: before the segment */
		0x0000000100000001,	/* a list pointer */
		0x0000000000000002,	/* a far pointer to segment 0 */
		0x0000000000000003,	/* a capability */
		0x0000000100000007,	/* reserved kind */
	};
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		uint64_t w[4] = { roots[i], 1, 2, 3 };
		size_t len;
		uint8_t *b = one_seg(&len, w, 4);
		assert_same_root(b, len, 0, 0);
		assert_same_root(b, len, 2, 0);	/* budget too small */
		assert_same_root(b, len, 0, 1);
		assert_same_root(b, len, 0, -1);	/* default nesting */
		free(b);
	}
}

/* Framing the fast path must hand over: truncations, several segments,
 * an empty segment, a short buffer. */
static void test_framing_matches(void **state)
{
	uint8_t buf[40] = { 0 };
	uint64_t root = 0x0000000100000000, one = 7;
	memcpy(buf + 8, &root, 8);
	memcpy(buf + 16, &one, 8);
	for (uint32_t nsegs1 = 0; nsegs1 < 3; nsegs1++)
		for (uint32_t words = 0; words < 6; words++)
			for (size_t len = 0; len <= sizeof(buf); len += 4) {
				memcpy(buf, &nsegs1, 4);
				memcpy(buf + 4, &words, 4);
				uint8_t *b = malloc(len ? len : 1);
				memcpy(b, buf, len);
				struct capn_msg f, g;
				int ef = capn_msg_init(&f, b, len);
				int eg = capn_msg_init_opts(&g, b, len, NULL);
				assert_int_equal(ef, eg);
				assert_int_equal(f.nsegs, g.nsegs);
				assert_int_equal(f.size, g.size);
				assert_int_equal(f.budget, g.budget);
				if (!ef)
					assert_same_root(b, len, 0, 0);
				free(b);
			}
}

static void assert_same_build(uint16_t dw, uint16_t pc, size_t room)
{
	uint8_t *x = calloc(1, room ? room : 1), *y = calloc(1, room ? room : 1);
	memset(x, 0xee, room);
	memset(y, 0xee, room);
	struct capn_builder a, b;
	capn_build_init(&a, x, room);
	capn_build_init(&b, y, room);
	struct capn_struct_b ra = capn_b_root(&a, dw, pc);
	struct capn_struct_b rb = capn_b_root_general(&b, dw, pc);
	assert_int_equal(ra.data_bytes, rb.data_bytes);
	assert_int_equal(ra.nptrs, rb.nptrs);
	assert_int_equal(ra.data ? ra.data - x : -1, rb.data ? rb.data - y : -1);
	capn_w_u64(&ra, 0, 42);
	capn_w_u64(&rb, 0, 42);
	size_t na = capn_build_finish(&a), nb = capn_build_finish(&b);
	assert_int_equal(na, nb);
	assert_int_equal(a.err, b.err);
	assert_memory_equal(x, y, room);
	free(x);
	free(y);
}

static void test_builder_root_matches(void **state)
{
	for (uint16_t dw = 0; dw < 6; dw++)
		for (uint16_t pc = 0; pc < 6; pc++)
			for (size_t room = 0; room < 96; room += 8)
				assert_same_build(dw, pc, room);
	assert_same_build(40, 2, 512);	/* past the inline size */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_shapes),
		cmocka_unit_test(test_framing_matches),
		cmocka_unit_test(test_builder_root_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
