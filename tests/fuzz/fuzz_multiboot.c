/* libFuzzer target for lib/boot: the first input byte picks the parser.
 * Even: the rest is a multiboot2 info block handed to mb_parse2 (copied to
 * an 8-aligned buffer). Odd: the rest is a fake physical memory whose first
 * two bytes give the address of a multiboot1 info structure for mb_parse1.
 * Either way a successful parse feeds boot_mmap_usable, with the modules as
 * exclusions, and the results are checked for the promised invariants. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/boot/memmap.h"
#include "lib/boot/multiboot.h"
#include "tests/fuzz/fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_info(const struct boot_info *bi)
{
	if (bi->nregions > BOOT_MMAP_MAX || bi->nmodules > BOOT_MODULES_MAX ||
	    strnlen(bi->cmdline, BOOT_CMDLINE_MAX) == BOOT_CMDLINE_MAX ||
	    strnlen(bi->loader, BOOT_LOADER_MAX) == BOOT_LOADER_MAX ||
	    bi->rsdp_len > BOOT_RSDP_MAX)
		abort();
	for (uint32_t i = 0; i < bi->nmodules; i++)
		if (bi->modules[i].end < bi->modules[i].start ||
		    strnlen(bi->modules[i].cmdline, BOOT_MODCMD_MAX) ==
		    BOOT_MODCMD_MAX)
			abort();
	for (uint32_t i = 0; i < bi->nregions; i++)
		if (bi->regions[i].length == 0 ||
		    bi->regions[i].length > UINT64_MAX - bi->regions[i].base)
			abort();
}

/* [s, e) lies inside one usable region. */
static int covered(const struct boot_info *bi, uint64_t s, uint64_t e)
{
	for (uint32_t i = 0; i < bi->nregions; i++) {
		const struct boot_mem_region *r = &bi->regions[i];
		if (r->type == BOOT_MEM_USABLE && r->base <= s &&
		    e - r->base <= r->length)
			return 1;
	}
	return 0;
}

static void check_usable(const struct boot_info *bi)
{
	struct boot_range ex[BOOT_MODULES_MAX];
	struct boot_range out[BOOT_USABLE_MAX(BOOT_MMAP_MAX, BOOT_MODULES_MAX)];
	for (uint32_t i = 0; i < bi->nmodules; i++)
		ex[i] = (struct boot_range){ bi->modules[i].start,
					     bi->modules[i].end };
	int n = boot_mmap_usable(bi->regions, bi->nregions, ex, bi->nmodules,
				 out, sizeof(out) / sizeof(out[0]));
	if (n < 0)
		abort();	/* the documented capacity must suffice */
	for (int i = 0; i < n; i++) {
		if (out[i].start >= out[i].end || out[i].start % 4096 ||
		    out[i].end % 4096 || (i && out[i - 1].end >= out[i].start))
			abort();
		/* A page may straddle two touching regions, so check its
		 * first and last byte; a few pages per range keep runs fast. */
		for (uint64_t p = out[i].start, k = 0;
		     p < out[i].end && k < 64; p += 4096, k++)
			if (!covered(bi, p, p + 1) ||
			    !covered(bi, p + 4095, p + 4096))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	if (size < 1)
		return 0;
	int err;
	if ((data[0] & 1) == 0) {
		uint8_t *buf = malloc(size);	/* malloc aligns to 16 */
		memcpy(buf, data + 1, size - 1);
		err = mb_parse2(buf, size - 1, &bi);
		free(buf);
	} else {
		if (size < 3)
			return 0;
		struct image img = { data + 3, size - 3 };
		struct phys_reader rd = { image_map, &img };
		err = mb_parse1(&rd, (uint64_t)data[1] | data[2] << 8, &bi);
	}
	boot_strerror(err);
	if (err == 0) {
		check_info(&bi);
		check_usable(&bi);
	}
	return 0;
}
