/* The kernel address space: built once at boot, shared by every process's
 * upper half. */
#ifndef CAPOS_MM_KMAP_H
#define CAPOS_MM_KMAP_H
#include <stddef.h>
#include <stdint.h>

struct boot_info;

/* Build the kernel page tables (direct map of RAM, kernel sections with
 * their own permissions), switch to them, enable NX/SMEP/SMAP/UMIP. */
void kmap_init(const struct boot_info *bi);
/* Device registers: uncached, never executable. */
void *kmap_mmio(uint64_t pa, size_t len);
/* Firmware tables outside the direct map: read-only, cached. Returns NULL
 * if the range cannot be mapped. Each call outside the direct map uses
 * fresh window pages, so callers map a table once and keep the pointer. */
const void *kmap_firmware(uint64_t pa, size_t len);
/* A kernel stack of `pages` pages with an unmapped guard page below it.
 * Returns the top (initial stack pointer); *bottom gets the lowest byte. */
uintptr_t kstack_alloc(size_t pages, uintptr_t *bottom);
/* Return a stack from kstack_alloc; KSTACK_CACHE_PAGES-sized ones are
 * kept for reuse (their guard pages stay in place). */
void kstack_free(uintptr_t bottom, size_t pages);
#define KSTACK_CACHE_PAGES 4
/* Frames held by the stack cache. */
uint64_t kstack_cached_pages(void);

/* Highest physical address covered by the direct map. */
uint64_t kmap_direct_limit(void);
uint64_t kmap_kernel_root(void);

#endif
