/* Memory map sanitising: usable bytes minus everything else, in pages.
 *
 * Works in place in the caller's output array, in four passes:
 *   1. collect usable regions as byte ranges;
 *   2. sort by start and merge overlapping or touching ranges, so the list
 *      is disjoint and two half pages listed separately still form a page;
 *   3. subtract every non-usable region and every exclusion, byte-exact;
 *      the list stays sorted and disjoint, and since ranges are disjoint a
 *      subtraction can split at most one of them (the only growth);
 *   4. shrink each range inward to page boundaries and drop empty ones.
 * Byte-exact subtraction followed by inward rounding removes every page
 * that a reserved byte touches. Sizes are at most a few hundred entries,
 * so insertion sort and linear scans are the simple right choice.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/boot/memmap.h"

static uint64_t region_end(const struct boot_mem_region *r)
{
	return r->length > UINT64_MAX - r->base ? UINT64_MAX :
	       r->base + r->length;
}

static void range_sort(struct boot_range *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct boot_range key = r[i];
		size_t j = i;
		for (; j > 0 && r[j - 1].start > key.start; j--)
			r[j] = r[j - 1];
		r[j] = key;
	}
}

static size_t range_merge(struct boot_range *r, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && r[i].start <= r[w - 1].end) {
			if (r[i].end > r[w - 1].end)
				r[w - 1].end = r[i].end;
			continue;
		}
		r[w++] = r[i];
	}
	return w;
}

/* Remove [a, b) from the sorted disjoint list r[0..*n). */
static int range_subtract(struct boot_range *r, size_t *n, size_t cap,
			  uint64_t a, uint64_t b)
{
	size_t i = 0;
	while (i < *n && a < b) {
		struct boot_range *x = &r[i];
		if (x->end <= a || x->start >= b) {
			i++;
		} else if (a <= x->start && b >= x->end) {
			memmove(x, x + 1, (*n - i - 1) * sizeof(*x));
			(*n)--;
		} else if (a > x->start && b < x->end) {
			if (*n == cap)
				return BOOT_ERR_NOSPACE;
			memmove(x + 1, x, (*n - i) * sizeof(*x));
			(*n)++;
			x[0].end = a;
			x[1].start = b;
			return 0;
		} else {
			if (a > x->start)
				x->end = a;
			else
				x->start = b;
			i++;
		}
	}
	return 0;
}

static size_t range_pages(struct boot_range *r, size_t n)
{
	const uint64_t mask = BOOT_PAGE_SIZE - 1;
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].start > UINT64_MAX - mask)
			continue;
		uint64_t s = (r[i].start + mask) & ~mask;
		uint64_t e = r[i].end & ~mask;
		if (s < e)
			r[w++] = (struct boot_range){ s, e };
	}
	return w;
}

int boot_mmap_usable(const struct boot_mem_region *regions, size_t nregions,
		     const struct boot_range *exclude, size_t nexclude,
		     struct boot_range *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < nregions; i++) {
		if (regions[i].type != BOOT_MEM_USABLE || regions[i].length == 0)
			continue;
		if (n == cap)
			return BOOT_ERR_NOSPACE;
		out[n++] = (struct boot_range){ regions[i].base,
						region_end(&regions[i]) };
	}
	range_sort(out, n);
	n = range_merge(out, n);
	for (size_t i = 0; i < nregions; i++) {
		if (regions[i].type == BOOT_MEM_USABLE)
			continue;
		if (range_subtract(out, &n, cap, regions[i].base,
				   region_end(&regions[i])) < 0)
			return BOOT_ERR_NOSPACE;
	}
	for (size_t i = 0; i < nexclude; i++)
		if (range_subtract(out, &n, cap, exclude[i].start,
				   exclude[i].end) < 0)
			return BOOT_ERR_NOSPACE;
	return (int)range_pages(out, n);
}
