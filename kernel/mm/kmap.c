/* Building the kernel address space.
 *
 * Direct map: every RAM range of the memory map (usable, ACPI-reclaimable,
 * NVS) and the first MiB, read-write and never executable, with large
 * pages where alignment allows. Firmware ranges marked reserved (where
 * QEMU keeps its ACPI tables) and device registers are not in it: they are
 * mapped on demand in windows of their own, read-only or uncached.
 *
 * Kernel image: .text read+execute, .rodata and .ksyms read-only, .data and
 * .bss read-write, each in 4 KiB pages so the boundaries hold.
 *
 * Stacks: a window where each stack has an unmapped guard page below it,
 * so an overflow faults instead of corrupting its neighbour.
 *
 * Locks: kmap_lock protects the window cursors; page-table updates for the
 * kernel half happen under it too. Order: kmap_lock before frame_lock. */
#include <string.h>
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/ranges.h"
#include "lib/boot/boot_info.h"

LOG_SOURCE(kmap_log, "mm");

#define MMIO_WINDOW 0xFFFFFF0000000000ull
#define FW_WINDOW   0xFFFFFF4000000000ull
#define STACK_WINDOW 0xFFFFFE0000000000ull
#define LOW_MEM_END 0x100000ull

extern const char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern const char _data_start[], _bss_end[];

/* protects: the window cursors below and kernel-half page tables */
static struct spinlock kmap_lock = SPINLOCK_INIT("kmap");
static uint64_t kernel_root;
static uint64_t direct_limit;
static uintptr_t mmio_next = MMIO_WINDOW;
static uintptr_t fw_next = FW_WINDOW;
static uintptr_t stack_next = STACK_WINDOW;
static uintptr_t stack_cache[64];	/* bottoms of free cached stacks */
static size_t stack_cached;

static void kmap_or_panic(uintptr_t va, uint64_t pa, size_t len, unsigned p)
{
	if (arch_pt_map(kernel_root, va, pa, len, p))
		panic("mm: cannot map 0x%lx..0x%lx", va, va + len);
}

static void kmap_direct(const struct boot_info *bi)
{
	struct boot_range r[BOOT_MMAP_MAX + 1];
	size_t n = ranges_ram_from_bootinfo(bi, r, BOOT_MMAP_MAX);
	r[n++] = (struct boot_range){ 0, LOW_MEM_END };
	n = ranges_normalize(r, n);
	for (size_t i = 0; i < n; i++) {
		kmap_or_panic(DIRECT_MAP_BASE + r[i].start, r[i].start,
			      r[i].end - r[i].start, MAP_R | MAP_W);
		if (r[i].end > direct_limit)
			direct_limit = r[i].end;
	}
}

static void kmap_section(const char *start, const char *end, unsigned prot)
{
	uintptr_t s = (uintptr_t)start & ~(PAGE_SIZE - 1);
	uintptr_t e = ((uintptr_t)end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	kmap_or_panic(s, virt_to_phys((void *)s), e - s, prot | MAP_SMALL);
}

static const char *kmap_hardening_names(unsigned on)
{
	static char buf[32];
	buf[0] = '\0';
	const char *names[] = { " NX", " SMEP", " SMAP", " UMIP" };
	for (int i = 0; i < 4; i++) {
		if (on & (1u << i)) {
			size_t l = strlen(buf);
			memcpy(buf + l, names[i], strlen(names[i]) + 1);
		}
	}
	return buf[0] ? buf + 1 : "none";
}

void kmap_init(const struct boot_info *bi)
{
	arch_nx_enable();
	kernel_root = frame_alloc_zeroed(0);
	if (!kernel_root)
		panic("mm: no frame for the kernel page table");
	kmap_direct(bi);
	kmap_section(_text_start, _text_end, MAP_R | MAP_X);
	kmap_section(_rodata_start, _rodata_end, MAP_R);
	kmap_section(_data_start, _bss_end, MAP_R | MAP_W);
	/* every kernel-half window gets its top-level table now, so address
	 * spaces copying the kernel half later see all future mappings */
	const uintptr_t windows[] = { STACK_WINDOW, MMIO_WINDOW, FW_WINDOW };
	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++)
		if (arch_pt_prealloc_top(kernel_root, windows[i]))
			panic("mm: no frame for kernel window tables");
	arch_pt_activate(kernel_root);
	unsigned on = arch_mmu_harden();
	log_info(&kmap_log, "kernel tables live: text r-x, rodata r--, data rw- "
		 "(NX %s); direct map to 0x%lx", (on & MMU_NX) ? "on" : "absent",
		 direct_limit);
	log_info(&kmap_log, "protections enabled: %s", kmap_hardening_names(on));
}

/* Reserve `len` bytes (page-rounded, plus `gap` unmapped bytes before)
 * from a window cursor. */
static uintptr_t kmap_window_take(uintptr_t *cursor, size_t len, size_t gap)
{
	uintptr_t va = *cursor + gap;
	*cursor = va + len;
	return va;
}

void *kmap_mmio(uint64_t pa, size_t len)
{
	uint64_t off = pa & (PAGE_SIZE - 1);
	size_t span = (off + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	spin_lock(&kmap_lock);
	uintptr_t va = kmap_window_take(&mmio_next, span, 0);
	kmap_or_panic(va, pa - off, span, MAP_R | MAP_W | MAP_UNCACHED | MAP_SMALL);
	spin_unlock(&kmap_lock);
	return (void *)(va + off);
}

const void *kmap_firmware(uint64_t pa, size_t len)
{
	if (pa + len <= direct_limit && pa + len >= pa)
		return phys_to_virt(pa);
	uint64_t off = pa & (PAGE_SIZE - 1);
	size_t span = (off + len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	spin_lock(&kmap_lock);
	uintptr_t va = kmap_window_take(&fw_next, span, 0);
	int err = arch_pt_map(kernel_root, va, pa - off, span, MAP_R | MAP_SMALL);
	spin_unlock(&kmap_lock);
	return err ? 0 : (const void *)(va + off);
}

static bool kstack_from_cache(size_t pages, uintptr_t *bottom)
{
	if (pages != KSTACK_CACHE_PAGES || !stack_cached)
		return false;
	*bottom = stack_cache[--stack_cached];
	return true;
}

uintptr_t kstack_alloc(size_t pages, uintptr_t *bottom)
{
	spin_lock(&kmap_lock);
	if (kstack_from_cache(pages, bottom)) {
		spin_unlock(&kmap_lock);
		memset((void *)*bottom, 0, pages * PAGE_SIZE);
		return *bottom + pages * PAGE_SIZE;
	}
	uintptr_t va = kmap_window_take(&stack_next, pages * PAGE_SIZE, PAGE_SIZE);
	for (size_t i = 0; i < pages; i++) {
		uint64_t pa = frame_alloc_zeroed(0);
		if (!pa)
			panic("mm: out of frames for a kernel stack");
		kmap_or_panic(va + i * PAGE_SIZE, pa, PAGE_SIZE,
			      MAP_R | MAP_W | MAP_SMALL);
	}
	spin_unlock(&kmap_lock);
	*bottom = va;
	return va + pages * PAGE_SIZE;
}

void kstack_free(uintptr_t bottom, size_t pages)
{
	spin_lock(&kmap_lock);
	bool kept = pages == KSTACK_CACHE_PAGES &&
		    stack_cached < sizeof(stack_cache) / sizeof(stack_cache[0]);
	if (kept)
		stack_cache[stack_cached++] = bottom;
	spin_unlock(&kmap_lock);
	if (!kept)
		log_warn(&kmap_log, "kernel stack at 0x%lx not reusable (%zu pages)",
			 bottom, pages);
}

uint64_t kstack_cached_pages(void)
{
	return __atomic_load_n(&stack_cached, __ATOMIC_RELAXED) * KSTACK_CACHE_PAGES;
}

uint64_t kmap_direct_limit(void)
{
	return direct_limit;
}

uint64_t kmap_kernel_root(void)
{
	return kernel_root;
}
