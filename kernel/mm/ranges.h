#ifndef CAPOS_MM_RANGES_H
#define CAPOS_MM_RANGES_H
#include <stddef.h>
#include "lib/boot/boot_info.h"
#include "lib/boot/memmap.h"

/* RAM (usable, ACPI-reclaimable, NVS) ranges of the memory map, rounded
 * outward to pages. Returns the count (at most cap). */
size_t ranges_ram_from_bootinfo(const struct boot_info *bi,
				struct boot_range *out, size_t cap);
/* Sort by start and merge overlapping or touching ranges in place. */
size_t ranges_normalize(struct boot_range *r, size_t n);

#endif
