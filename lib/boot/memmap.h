/* Turning the loader's memory map into ranges a frame allocator can take.
 *
 * Loaders list regions unsorted, overlapping, and with usable RAM and
 * reserved holes on top of each other. boot_mmap_usable() produces the
 * answer to "which whole pages may I hand out": sorted, disjoint, non-
 * adjacent, page-aligned [start, end) ranges that are usable in the map,
 * not covered by any non-usable region (reserved wins over usable), and
 * not covered by any caller-supplied exclusion (kernel image, modules,
 * the allocator's own metadata, low memory...).
 */
#ifndef CAPOS_LIB_BOOT_MEMMAP_H
#define CAPOS_LIB_BOOT_MEMMAP_H
#include <stddef.h>
#include <stdint.h>
#include "lib/boot/boot_info.h"

#define BOOT_PAGE_SIZE 4096u

struct boot_range {
	uint64_t start;
	uint64_t end;		/* exclusive */
};

/* Each subtraction splits at most one range, so an output array of
 * nregions + nexclude + 1 entries is always enough. */
#define BOOT_USABLE_MAX(nregions, nexclude) ((nregions) + (nexclude) + 1)

/* Writes at most `cap` ranges to out. Returns their number, or
 * BOOT_ERR_NOSPACE if cap was too small (out then holds garbage). */
int boot_mmap_usable(const struct boot_mem_region *regions, size_t nregions,
		     const struct boot_range *exclude, size_t nexclude,
		     struct boot_range *out, size_t cap);

#endif
