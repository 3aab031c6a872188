/* The fuzz input seen as physical memory starting at address 0: the
 * map callback the boot and ACPI parsers take, refusing any range that
 * does not lie wholly inside the input. */
#ifndef CAPOS_FUZZ_IMAGE_H
#define CAPOS_FUZZ_IMAGE_H
#include <stddef.h>
#include <stdint.h>

struct image {
	const uint8_t *mem;
	size_t size;
};

static inline const void *image_map(void *ctx, uint64_t phys, size_t len)
{
	const struct image *img = ctx;
	if (phys > img->size || len > img->size - phys)
		return NULL;
	return img->mem + phys;
}

#endif
