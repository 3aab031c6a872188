/* Host tests for lib/mm/heap: size classes, alignment, bad frees, stats,
 * and a randomized run against a reference model of live allocations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/mm/heap.h"

/* Page provider over aligned_alloc. In `keep` mode freed pages are parked
 * instead of freed, so tests may look at them after the heap lets go (as
 * the kernel's direct map would), then released at teardown. */
struct provider {
	long pages_out;		/* pages currently lent to the heap */
	long limit;		/* refuse beyond this many, if > 0 */
	int keep;
	int misalign;		/* hand out one misaligned page */
	void *parked[4096];
	int nparked;
};

static struct provider prov;

static void *pv_pages(void *ctx, size_t n)
{
	struct provider *p = ctx;
	if (n > 1024 || (p->limit && p->pages_out + (long)n > p->limit))
		return NULL;
	uint8_t *m = aligned_alloc(HEAP_PAGE_SIZE, (n + 1) * HEAP_PAGE_SIZE);
	assert_non_null(m);
	memset(m, 0xa5, n * HEAP_PAGE_SIZE);	/* garbage, like real RAM */
	p->pages_out += (long)n;
	if (p->misalign) {
		p->misalign = 0;
		return m + 64;
	}
	return m;
}

static void pv_pages_free(void *ctx, void *page, size_t n)
{
	struct provider *p = ctx;
	p->pages_out -= (long)n;
	page = (void *)((uintptr_t)page & ~(uintptr_t)(HEAP_PAGE_SIZE - 1));
	if (p->keep && p->nparked < 4096)
		p->parked[p->nparked++] = page;
	else
		free(page);
}

static void *pv_page(void *ctx)
{
	return pv_pages(ctx, 1);
}

static void pv_page_free(void *ctx, void *page)
{
	pv_pages_free(ctx, page, 1);
}

static struct heap H;

static int setup(void **state)
{
	memset(&prov, 0, sizeof(prov));
	struct heap_ops ops = { pv_page, pv_page_free, pv_pages,
				pv_pages_free, &prov };
	heap_init(&H, &ops);
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < prov.nparked; i++)
		free(prov.parked[i]);
	prov.nparked = 0;
	return 0;
}

static void assert_empty_heap(void)
{
	assert_int_equal(heap_check(&H), 0);
	assert_int_equal(H.stats.bytes_in_use, 0);
	assert_int_equal(H.stats.objects_in_use, 0);
	assert_int_equal(H.stats.large_pages, 0);
	heap_trim(&H);
	assert_int_equal(H.stats.slab_pages, 0);
	assert_int_equal(prov.pages_out, 0);
}

static void test_sizes_and_alignment(void **state)
{
	size_t sizes[] = { 0, 1, 15, 16, 17, 48, 100, 1008, 2015, 2016, 2017,
			   4032, 4033, 5000, 100000 };
	void *p[15];
	for (int i = 0; i < 15; i++) {
		p[i] = heap_alloc(&H, sizes[i]);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % HEAP_ALIGN, 0);
		assert_true(heap_usable_size(&H, p[i]) >= sizes[i]);
		memset(p[i], i, sizes[i]);
	}
	assert_int_equal(heap_usable_size(&H, p[0]), 16);
	assert_int_equal(heap_usable_size(&H, p[4]), 32);
	assert_int_equal(heap_usable_size(&H, p[9]), 2016);
	assert_int_equal(heap_usable_size(&H, p[10]), 4032);	/* 1 page */
	assert_int_equal(heap_usable_size(&H, p[11]), 4032);
	assert_int_equal(heap_usable_size(&H, p[12]), 2 * 4096 - 64);
	assert_int_equal(H.stats.objects_in_use, 15);
	assert_int_equal(H.stats.large_pages, 1 + 1 + 2 + 2 + 25);
	assert_int_equal(heap_check(&H), 0);
	for (int i = 0; i < 15; i++)
		assert_int_equal(heap_free(&H, p[i]), 0);
	assert_int_equal(heap_free(&H, NULL), 0);
	assert_empty_heap();
	assert_null(heap_alloc(&H, SIZE_MAX - 10));
	assert_null(heap_alloc(&H, SIZE_MAX / 2));
}

static void test_class_fill(void **state)
{
	/* 16-byte class: 252 objects per page, all distinct, packed. */
	static void *p[600];
	for (int i = 0; i < 600; i++) {
		p[i] = heap_alloc(&H, 16);
		assert_non_null(p[i]);
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(p[i], p[j]);
	}
	assert_int_equal(H.stats.slab_pages, 3);
	assert_int_equal(H.stats.bytes_in_use, 600 * 16);
	assert_int_equal(heap_check(&H), 0);
	for (int i = 0; i < 600; i += 2)
		assert_int_equal(heap_free(&H, p[i]), 0);
	assert_int_equal(heap_check(&H), 0);
	for (int i = 1; i < 600; i += 2)
		assert_int_equal(heap_free(&H, p[i]), 0);
	assert_int_equal(H.stats.slab_pages, 1);	/* one cached empty */
	assert_empty_heap();
}

static void test_double_free(void **state)
{
	prov.keep = 1;
	void *a = heap_alloc(&H, 40), *b = heap_alloc(&H, 40);
	void *big = heap_alloc(&H, 10000);
	assert_int_equal(heap_free(&H, a), 0);
	struct heap_stats before = H.stats;
	assert_int_equal(heap_free(&H, a), HEAP_ERR_DOUBLE_FREE);
	assert_memory_equal(&before, &H.stats, sizeof(before));
	assert_int_equal(heap_free(&H, b), 0);	/* slab now cached empty */
	assert_int_equal(heap_free(&H, b), HEAP_ERR_DOUBLE_FREE);
	assert_int_equal(heap_free(&H, big), 0);
	assert_int_equal(heap_free(&H, big), HEAP_ERR_DOUBLE_FREE);
	/* Two empty slabs of a class: the second page goes back. */
	static void *q[90];
	for (int i = 0; i < 90; i++)
		q[i] = heap_alloc(&H, 48);	/* 84 per page */
	for (int i = 0; i < 90; i++)
		assert_int_equal(heap_free(&H, q[i]), 0);
	assert_int_equal(heap_free(&H, q[0]), HEAP_ERR_DOUBLE_FREE);
	assert_int_equal(heap_free(&H, q[89]), HEAP_ERR_DOUBLE_FREE);
	assert_empty_heap();
}

static void test_bad_pointers(void **state)
{
	static _Alignas(4096) uint8_t foreign[8192];
	struct heap other;
	heap_init(&other, &H.ops);
	uint8_t *a = heap_alloc(&H, 96), *big = heap_alloc(&H, 3000);
	uint8_t *o = heap_alloc(&other, 96);
	struct heap_stats before = H.stats;
	assert_int_equal(heap_free(&H, foreign + 64), HEAP_ERR_FOREIGN);
	assert_int_equal(heap_free(&H, o), HEAP_ERR_FOREIGN);
	assert_int_equal(heap_free(&H, a + 8), HEAP_ERR_MISALIGNED);
	assert_int_equal(heap_free(&H, a + 96 + 16), HEAP_ERR_MISALIGNED);
	assert_int_equal(heap_free(&H, a - 64), HEAP_ERR_MISALIGNED);
	assert_int_equal(heap_free(&H, big + 16), HEAP_ERR_MISALIGNED);
	assert_int_equal(heap_usable_size(&H, a + 8), 0);
	assert_int_equal(heap_usable_size(&H, o), 0);
	assert_memory_equal(&before, &H.stats, sizeof(before));
	assert_int_equal(heap_check(&H), 0);
	assert_int_equal(heap_free(&other, o), 0);
	assert_int_equal(heap_free(&H, a), 0);
	assert_int_equal(heap_free(&H, big), 0);
	heap_trim(&other);
	assert_empty_heap();
}

static void test_out_of_pages(void **state)
{
	prov.limit = 2;
	void *a = heap_alloc(&H, 16), *b = heap_alloc(&H, 2000);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(heap_alloc(&H, 64));	/* needs a third page */
	assert_null(heap_alloc(&H, 5000));
	assert_int_equal(H.stats.objects_in_use, 2);
	prov.limit = 0;
	prov.misalign = 1;			/* broken provider: refused */
	assert_null(heap_alloc(&H, 64));
	assert_int_equal(prov.pages_out, 2);
	heap_free(&H, a);
	heap_free(&H, b);
	assert_empty_heap();
}

static void test_check_detects_corruption(void **state)
{
	uint8_t *a = heap_alloc(&H, 16);
	heap_alloc(&H, 16);
	assert_int_equal(heap_check(&H), 0);
	/* nfree lives at byte 6 of the slab header (see heap.c). */
	uint8_t *hdr = (uint8_t *)((uintptr_t)a & ~(uintptr_t)4095);
	hdr[6]++;
	assert_int_equal(heap_check(&H), HEAP_ERR_CORRUPT);
	hdr[6]--;
	hdr[32] ^= 4;				/* a bitmap bit */
	assert_int_equal(heap_check(&H), HEAP_ERR_CORRUPT);
	hdr[32] ^= 4;
	assert_int_equal(heap_check(&H), 0);
	heap_free(&H, a);
	heap_free(&H, a + 16);
	assert_empty_heap();
}

struct obj {
	uint8_t *p;
	size_t size;
	size_t acct;
	uint8_t tag;
};

static size_t rand_size(void)
{
	switch (rand() % 10) {
	case 0: return (size_t)rand() % 12000;
	case 1: case 2: return (size_t)rand() % 2100;
	default: return (size_t)rand() % 200;
	}
}

static int obj_cmp(const void *x, const void *y)
{
	const struct obj *a = x, *b = y;
	return a->p < b->p ? -1 : a->p > b->p;
}

static void assert_no_overlap(struct obj *o, size_t n)
{
	static struct obj s[2000];
	memcpy(s, o, n * sizeof(*o));
	qsort(s, n, sizeof(*s), obj_cmp);
	for (size_t i = 1; i < n; i++)
		assert_true(s[i - 1].p + s[i - 1].size <= s[i].p);
}

static void test_random_vs_model(void **state)
{
	static struct obj live[2000];
	size_t n = 0, bytes_model = 0;
	srand(4242);
	for (int step = 0; step < 60000; step++) {
		if (n == 2000 || (n > 0 && rand() % 100 < 48)) {
			size_t i = (size_t)rand() % n;
			for (size_t k = 0; k < live[i].size; k++)
				assert_int_equal(live[i].p[k], live[i].tag);
			bytes_model -= live[i].acct;
			assert_int_equal(heap_free(&H, live[i].p), 0);
			live[i] = live[--n];
		} else {
			size_t size = rand_size();
			uint8_t *p = heap_alloc(&H, size);
			assert_non_null(p);
			assert_int_equal((uintptr_t)p % HEAP_ALIGN, 0);
			/* Slab objects count their class, large ones their
			 * requested size. */
			size_t acct = size > HEAP_SMALL_MAX ? size :
				      heap_usable_size(&H, p);
			live[n] = (struct obj){ p, size, acct, (uint8_t)step };
			memset(p, live[n].tag, size);
			bytes_model += acct;
			n++;
		}
		assert_int_equal(H.stats.objects_in_use, n);
		assert_int_equal(H.stats.bytes_in_use, bytes_model);
		if (step % 2000 == 0) {
			assert_no_overlap(live, n);
			assert_int_equal(heap_check(&H), 0);
		}
	}
	while (n > 0)
		assert_int_equal(heap_free(&H, live[--n].p), 0);
	assert_empty_heap();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sizes_and_alignment),
		T(test_class_fill),
		T(test_double_free),
		T(test_bad_pointers),
		T(test_out_of_pages),
		T(test_check_detects_corruption),
		T(test_random_vs_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
