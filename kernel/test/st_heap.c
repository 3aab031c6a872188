/* Heap stress in the kernel build: many objects of mixed sizes, each
 * filled with a pattern derived from its index, freed in a scrambled
 * order; the heap's own statistics and frame counts must return to where
 * they started. */
#include <stdbool.h>
#include <string.h>
#include "kernel/core/selftest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"

#define ST_OBJS 1500

static void *st_objs[ST_OBJS];
static size_t st_sizes[ST_OBJS];

static uint32_t st_rand(uint32_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 17, *s ^= *s << 5;
	return *s;
}

static bool st_pattern_ok(int i)
{
	const uint8_t *p = st_objs[i];
	for (size_t k = 0; k < st_sizes[i]; k++)
		if (p[k] != (uint8_t)(i + k))
			return false;
	return true;
}

SELFTEST(heap_stress_mixed_sizes)
{
	struct heap_stats before = kheap_stats();
	uint32_t seed = 12345;
	for (int i = 0; i < ST_OBJS; i++) {
		st_sizes[i] = st_rand(&seed) % (i % 10 == 0 ? 20000 : 700) + 1;
		st_objs[i] = kmalloc(st_sizes[i]);
		ST_CHECK(st_objs[i], "kmalloc failed");
		ST_CHECK(((uintptr_t)st_objs[i] & 15) == 0, "object not 16-aligned");
		for (size_t k = 0; k < st_sizes[i]; k++)
			((uint8_t *)st_objs[i])[k] = (uint8_t)(i + k);
	}
	ST_CHECK(kheap_check() == 0, "heap inconsistent after allocation");
	for (int n = 0; n < ST_OBJS; n++) {
		int i = (int)((n * 7919u) % ST_OBJS);
		ST_CHECK(st_pattern_ok(i), "object contents overwritten");
		kfree(st_objs[i]);
	}
	struct heap_stats after = kheap_stats();
	ST_CHECK(after.bytes_in_use == before.bytes_in_use &&
		 after.objects_in_use == before.objects_in_use,
		 "heap statistics did not return to baseline");
	ST_CHECK(after.large_pages == before.large_pages, "large pages leaked");
	return 0;
}
