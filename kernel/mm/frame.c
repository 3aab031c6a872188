/* The kernel's physical frame allocator: lib/mm/frames.c (a buddy
 * allocator over page frame numbers) fed with the usable memory of the
 * boot memory map, minus the first MiB (firmware, and it keeps frame 0
 * out so 0 can mean "none"), the kernel image, the boot modules and the
 * allocator's own metadata array, which is carved from the first usable
 * range large enough.
 *
 * Locks: frame_lock protects the pool. It is taken inside kmap_lock and
 * heap_lock, never the other way round. */
#include <string.h>
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/layout.h"
#include "lib/boot/boot_info.h"
#include "lib/boot/memmap.h"
#include "lib/mm/frames.h"

LOG_SOURCE(frame_log, "mm");

#define LOW_MEM_END 0x100000ull
#define EARLY_MAP_LIMIT (4ull << 30)
#define EXCLUDE_MAX (BOOT_MODULES_MAX + 2)
#define USABLE_MAX BOOT_USABLE_MAX(BOOT_MMAP_MAX, EXCLUDE_MAX + 1)

extern const char _phys_start[], _phys_bss_end[];

/* protects: frame_pool */
static struct spinlock frame_lock = SPINLOCK_INIT("frame");
static struct buddy_pool frame_pool;

static size_t frame_exclusions(const struct boot_info *bi,
			       struct boot_range *ex)
{
	size_t n = 0;
	ex[n++] = (struct boot_range){ 0, LOW_MEM_END };
	ex[n++] = (struct boot_range){ (uint64_t)_phys_start,
				       (uint64_t)_phys_bss_end };
	for (uint32_t i = 0; i < bi->nmodules; i++)
		ex[n++] = (struct boot_range){ bi->modules[i].start,
					       bi->modules[i].end };
	return n;
}

static size_t frame_usable(const struct boot_info *bi, struct boot_range *ex,
			   size_t nex, struct boot_range *out)
{
	int n = boot_mmap_usable(bi->regions, bi->nregions, ex, nex, out,
				 USABLE_MAX);
	if (n <= 0)
		panic("mm: no usable memory in the boot memory map (%d)", n);
	return (size_t)n;
}

/* Carve the metadata from the first range (below the early map limit)
 * that can hold it; returns its physical base. */
static uint64_t frame_place_meta(const struct boot_range *u, size_t n,
				 size_t bytes)
{
	bytes = (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (size_t i = 0; i < n; i++)
		if (u[i].end - u[i].start >= bytes && u[i].start + bytes <= EARLY_MAP_LIMIT)
			return u[i].start;
	panic("mm: no room below 4 GiB for %zu bytes of frame metadata", bytes);
}

void frame_init(const struct boot_info *bi)
{
	static struct boot_range ex[EXCLUDE_MAX + 1], u[USABLE_MAX];
	size_t nex = frame_exclusions(bi, ex);
	size_t n = frame_usable(bi, ex, nex, u);
	uint64_t lo = u[0].start / PAGE_SIZE, hi = u[n - 1].end / PAGE_SIZE;
	size_t meta_bytes = BUDDY_META_BYTES(hi - lo);
	uint64_t meta_pa = frame_place_meta(u, n, meta_bytes);
	struct buddy_meta *meta = phys_to_virt(meta_pa);
	memset(meta, 0, meta_bytes);
	if (buddy_pool_init(&frame_pool, meta, lo, hi - lo))
		panic("mm: frame pool refused its window");
	ex[nex++] = (struct boot_range){ meta_pa, meta_pa + meta_bytes };
	n = frame_usable(bi, ex, nex, u);
	for (size_t i = 0; i < n; i++)
		if (buddy_pool_add(&frame_pool, u[i].start / PAGE_SIZE,
				   u[i].end / PAGE_SIZE))
			panic("mm: frame range 0x%lx-0x%lx refused", u[i].start,
			      u[i].end);
	log_info(&frame_log, "frames: %lu free (%lu MiB) in %zu ranges, "
		 "metadata %zu KiB", frame_pool.free_frames,
		 frame_pool.free_frames >> 8, n, meta_bytes >> 10);
}

uint64_t frame_alloc(unsigned order)
{
	uint64_t pfn;
	spin_lock(&frame_lock);
	int err = buddy_alloc(&frame_pool, order, &pfn);
	spin_unlock(&frame_lock);
	return err ? 0 : pfn * PAGE_SIZE;
}

uint64_t frame_alloc_zeroed(unsigned order)
{
	uint64_t pa = frame_alloc(order);
	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
	return pa;
}

void frame_free(uint64_t pa, unsigned order)
{
	spin_lock(&frame_lock);
	int err = buddy_free(&frame_pool, pa / PAGE_SIZE, order);
	spin_unlock(&frame_lock);
	if (err)
		panic("mm: bad frame free of 0x%lx order %u (%d)", pa, order, err);
}

size_t frame_free_count(void)
{
	return frame_pool.free_frames;
}

size_t frame_total_count(void)
{
	return frame_pool.total_frames;
}
