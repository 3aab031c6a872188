/* Host tests for lib/mm/frames: the buddy allocator, its error paths, and a
 * randomized run against a per-frame ownership model. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/mm/frames.h"

#define NFRAMES 8192
static struct buddy_meta meta[NFRAMES];
static struct buddy_pool bp;

static void test_basic(void **state)
{
	uint64_t pfn;
	assert_int_equal(buddy_pool_init(&bp, meta, 0x100, 4096), 0);
	assert_int_equal(buddy_pool_total_frames(&bp), 0);
	assert_int_equal(buddy_alloc(&bp, 0, &pfn), BUDDY_ERR_NOMEM);
	assert_int_equal(buddy_pool_add(&bp, 0x100, 0x1100), 0);
	assert_int_equal(buddy_pool_check(&bp), 0);
	assert_int_equal(buddy_pool_total_frames(&bp), 4096);
	assert_int_equal(bp.free_blocks[BUDDY_MAX_ORDER], 3);	/* 0x400.. */
	assert_int_equal(buddy_alloc(&bp, BUDDY_MAX_ORDER, &pfn), 0);
	assert_int_equal(pfn % 1024, 0);
	assert_int_equal(buddy_alloc(&bp, 0, &pfn), 0);
	assert_int_equal(buddy_pool_free_frames(&bp), 4096 - 1025);
	assert_int_equal(buddy_pool_check(&bp), 0);
	assert_int_equal(buddy_alloc(&bp, BUDDY_MAX_ORDER + 1, &pfn),
			 BUDDY_ERR_ORDER);
}

static void test_merge_across_adds(void **state)
{
	buddy_pool_init(&bp, meta, 0, 2048);
	assert_int_equal(buddy_pool_add(&bp, 512, 1024), 0);
	assert_int_equal(buddy_pool_add(&bp, 0, 3), 0);
	assert_int_equal(buddy_pool_add(&bp, 3, 512), 0);
	assert_int_equal(buddy_pool_check(&bp), 0);
	assert_int_equal(bp.free_blocks[BUDDY_MAX_ORDER], 1);
	for (int k = 0; k < BUDDY_MAX_ORDER; k++)
		assert_int_equal(bp.free_blocks[k], 0);
}

static void test_errors(void **state)
{
	uint64_t a, b;
	buddy_pool_init(&bp, meta, 16, 1024);
	assert_int_equal(buddy_pool_add(&bp, 16, 500), 0);
	assert_int_equal(buddy_pool_add(&bp, 499, 600), BUDDY_ERR_OVERLAP);
	assert_int_equal(buddy_pool_add(&bp, 8, 20), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_pool_add(&bp, 600, 2000), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_pool_add(&bp, 700, 600), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_alloc(&bp, 2, &a), 0);
	assert_int_equal(buddy_alloc(&bp, 0, &b), 0);
	uint64_t before = buddy_pool_free_frames(&bp);

	assert_int_equal(buddy_free(&bp, a, 1), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_free(&bp, a + 1, 0), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_free(&bp, a + 2, 1), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_free(&bp, a + 1, 2), BUDDY_ERR_ALIGN);
	assert_int_equal(buddy_free(&bp, 15, 0), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_free(&bp, 16 + 1024, 0), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_free(&bp, 800, 0), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_free(&bp, a, 11), BUDDY_ERR_ORDER);
	assert_int_equal(buddy_free(&bp, 1024, 5), BUDDY_ERR_RANGE);
	assert_int_equal(buddy_pool_free_frames(&bp), before);
	assert_int_equal(buddy_pool_check(&bp), 0);

	assert_int_equal(buddy_free(&bp, a, 2), 0);
	assert_int_equal(buddy_free(&bp, a, 2), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_free(&bp, b, 0), 0);
	assert_int_equal(buddy_free(&bp, b, 0), BUDDY_ERR_NOT_ALLOCATED);
	assert_int_equal(buddy_pool_free_frames(&bp), 484);
	assert_int_equal(buddy_pool_check(&bp), 0);

	assert_int_equal(buddy_pool_init(&bp, meta, 0, BUDDY_NONE),
			 BUDDY_ERR_INVAL);
	assert_int_equal(buddy_pool_init(&bp, meta, UINT64_MAX - 4, 8),
			 BUDDY_ERR_INVAL);
}

static void test_check_detects_corruption(void **state)
{
	uint64_t a;
	buddy_pool_init(&bp, meta, 0, 256);
	buddy_pool_add(&bp, 0, 256);
	buddy_alloc(&bp, 0, &a);
	assert_int_equal(buddy_pool_check(&bp), 0);
	meta[a + 1].state = BUDDY_TAIL;		/* orphan tail at a free head */
	assert_int_equal(buddy_pool_check(&bp), BUDDY_ERR_CORRUPT);
	meta[a + 1].state = BUDDY_FREE;
	meta[a].state = BUDDY_FREE;		/* "free" but on no list */
	assert_int_equal(buddy_pool_check(&bp), BUDDY_ERR_CORRUPT);
	meta[a].state = BUDDY_USED;
	bp.free_frames++;
	assert_int_equal(buddy_pool_check(&bp), BUDDY_ERR_CORRUPT);
	bp.free_frames--;
	uint32_t h = bp.free_head[7];
	meta[h].next = h;			/* list cycle */
	assert_int_equal(buddy_pool_check(&bp), BUDDY_ERR_CORRUPT);
	meta[h].next = BUDDY_NONE;
	assert_int_equal(buddy_pool_check(&bp), 0);
}

/* Random alloc/free against owner[]: each frame belongs to at most one
 * live allocation, and every allocation lies in added memory. */
struct live {
	uint64_t pfn;
	unsigned order;
};

static void test_random_vs_model(void **state)
{
	static int owner[NFRAMES];
	static struct live lv[NFRAMES];
	static uint8_t added[NFRAMES];
	const uint64_t base = 3;
	size_t nlive = 0;
	srand(777);
	memset(owner, -1, sizeof(owner));
	memset(added, 0, sizeof(added));
	buddy_pool_init(&bp, meta, base, NFRAMES - 8);
	uint64_t ranges[][2] = { { 5, 1000 }, { 1200, 3000 }, { 3000, 3001 },
				 { 4096, NFRAMES - 5 } };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(buddy_pool_add(&bp, ranges[i][0],
						ranges[i][1]), 0);
		memset(added + ranges[i][0], 1, ranges[i][1] - ranges[i][0]);
	}
	uint64_t total = buddy_pool_total_frames(&bp), used = 0;
	for (int step = 0; step < 40000; step++) {
		if (nlive > 0 && (rand() % 100 < 45 || used > total - 64)) {
			size_t i = (size_t)rand() % nlive;
			for (uint64_t f = 0; f < (1u << lv[i].order); f++)
				owner[lv[i].pfn + f] = -1;
			assert_int_equal(buddy_free(&bp, lv[i].pfn,
						    lv[i].order), 0);
			used -= 1u << lv[i].order;
			lv[i] = lv[--nlive];
		} else {
			unsigned order = (unsigned)(rand() % 6);
			uint64_t pfn;
			if (buddy_alloc(&bp, order, &pfn) != 0)
				continue;
			assert_int_equal(pfn % (1u << order), 0);
			for (uint64_t f = 0; f < (1u << order); f++) {
				assert_true(added[pfn + f]);
				assert_int_equal(owner[pfn + f], -1);
				owner[pfn + f] = (int)nlive;
			}
			lv[nlive++] = (struct live){ pfn, order };
			used += 1u << order;
		}
		assert_int_equal(buddy_pool_free_frames(&bp), total - used);
		if (step % 1000 == 0)
			assert_int_equal(buddy_pool_check(&bp), 0);
	}
	while (nlive > 0) {
		nlive--;
		assert_int_equal(buddy_free(&bp, lv[nlive].pfn,
					    lv[nlive].order), 0);
	}
	assert_int_equal(buddy_pool_check(&bp), 0);
	assert_int_equal(buddy_pool_free_frames(&bp), total);
	/* Everything merged back: exactly the blocks a fresh add makes. */
	uint32_t blocks[BUDDY_ORDERS];
	memcpy(blocks, bp.free_blocks, sizeof(blocks));
	struct buddy_pool fresh;
	static struct buddy_meta meta2[NFRAMES];
	buddy_pool_init(&fresh, meta2, base, NFRAMES - 8);
	for (int i = 0; i < 4; i++)
		buddy_pool_add(&fresh, ranges[i][0], ranges[i][1]);
	assert_memory_equal(blocks, fresh.free_blocks, sizeof(blocks));
}

static void test_exhaust_order0(void **state)
{
	static uint8_t seen[1024];
	uint64_t pfn;
	memset(seen, 0, sizeof(seen));
	buddy_pool_init(&bp, meta, 0, 1024);
	buddy_pool_add(&bp, 1, 1000);
	for (int i = 0; i < 999; i++) {
		assert_int_equal(buddy_alloc(&bp, 0, &pfn), 0);
		assert_true(pfn >= 1 && pfn < 1000);
		assert_false(seen[pfn]);
		seen[pfn] = 1;
	}
	assert_int_equal(buddy_alloc(&bp, 0, &pfn), BUDDY_ERR_NOMEM);
	assert_int_equal(buddy_pool_free_frames(&bp), 0);
	assert_int_equal(buddy_pool_check(&bp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_merge_across_adds),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_check_detects_corruption),
		cmocka_unit_test(test_random_vs_model),
		cmocka_unit_test(test_exhaust_order0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
