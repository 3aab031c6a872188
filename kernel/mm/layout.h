/* The kernel's virtual address layout.
 *   0x0000_0000_0000_0000 .. 0x0000_7fff_ffff_ffff  user half
 *   0xffff_8000_0000_0000 .. +phys_max               direct map of all RAM
 *   0xffff_ffff_8000_0000 .. top                     kernel image
 * The direct map lets the kernel reach any physical frame without
 * temporary mappings. */
#ifndef CAPOS_MM_LAYOUT_H
#define CAPOS_MM_LAYOUT_H
#include <stdint.h>

#define DIRECT_MAP_BASE 0xFFFF800000000000ull
#define KERNEL_IMAGE_BASE 0xFFFFFFFF80000000ull
#define PAGE_SIZE 4096ull

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa);
}

static inline uint64_t virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;
	if (v >= KERNEL_IMAGE_BASE)
		return v - KERNEL_IMAGE_BASE;
	return v - DIRECT_MAP_BASE;
}

#endif
