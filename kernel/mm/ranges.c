#include "kernel/mm/layout.h"
#include "kernel/mm/ranges.h"

static bool ranges_is_ram(enum boot_mem_type t)
{
	return t == BOOT_MEM_USABLE || t == BOOT_MEM_ACPI_RECLAIM ||
	       t == BOOT_MEM_NVS;
}

size_t ranges_ram_from_bootinfo(const struct boot_info *bi,
				struct boot_range *out, size_t cap)
{
	size_t n = 0;
	for (uint32_t i = 0; i < bi->nregions && n < cap; i++) {
		const struct boot_mem_region *r = &bi->regions[i];
		if (!ranges_is_ram(r->type) || !r->length)
			continue;
		uint64_t s = r->base & ~(PAGE_SIZE - 1);
		uint64_t e = (r->base + r->length + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		if (e > s)
			out[n++] = (struct boot_range){ s, e };
	}
	return n;
}

size_t ranges_normalize(struct boot_range *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {	/* insertion sort: n <= 65 */
		struct boot_range k = r[i];
		size_t j = i;
		for (; j > 0 && r[j - 1].start > k.start; j--)
			r[j] = r[j - 1];
		r[j] = k;
	}
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && r[i].start <= r[out - 1].end) {
			if (r[i].end > r[out - 1].end)
				r[out - 1].end = r[i].end;
		} else {
			r[out++] = r[i];
		}
	}
	return out;
}
