/* Page-table construction for the kernel address space, and later for user
 * address spaces. Tables are reached through the direct map; new table
 * pages come zeroed from the frame allocator. Mappings use the largest
 * page that fits (1 GiB where the CPU allows, then 2 MiB, then 4 KiB), so
 * the direct map of a large machine costs a few tables.
 *
 * Locking: callers own the address space's lock; this file keeps no
 * state besides the feature flags read once at boot. */
#include "kernel/arch/arch.h"
#include "kernel/arch/x86_64/boot_defs.h"
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/pte.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/layout.h"

static pte_t pte_nx_bit;	/* PTE_NX once EFER.NXE is on */

static pte_t *pt_leaf_any(uint64_t root, uintptr_t va);

static pte_t *pt_table(pte_t entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

static pte_t pte_flags(unsigned prot)
{
	pte_t f = PTE_PRESENT;
	if (prot & MAP_W)
		f |= PTE_WRITE;
	if (!(prot & MAP_X))
		f |= pte_nx_bit;
	if (prot & MAP_USER)
		f |= PTE_USER;
	else
		f |= PTE_GLOBAL;
	if (prot & MAP_UNCACHED)
		f |= PTE_PCD | PTE_PWT;
	if (prot & MAP_OWNED)
		f |= PTE_OWNED;
	return f;
}

/* Entry for `va` at `level`, creating intermediate tables on the way. */
static pte_t *pt_walk_create(uint64_t root, uintptr_t va, int level)
{
	pte_t *table = phys_to_virt(root);
	for (int l = PT_LEVELS; l > level; l--) {
		pte_t *e = &table[PT_INDEX(va, l)];
		if (!(*e & PTE_PRESENT)) {
			uint64_t pa = frame_alloc_zeroed(0);
			if (!pa)
				return 0;
			/* permissions are decided at the leaf */
			*e = pa | PTE_PRESENT | PTE_WRITE | PTE_USER;
		} else if (*e & PTE_HUGE) {
			return 0;	/* would split a large page */
		}
		table = pt_table(*e);
	}
	return &table[PT_INDEX(va, level)];
}

static int pt_leaf_level(uintptr_t va, uint64_t pa, size_t left)
{
	if (cpu_features.pdpe1gb && !((va | pa) & ((1ull << 30) - 1)) &&
	    left >= (1ull << 30))
		return 3;
	if (!((va | pa) & ((1ull << 21) - 1)) && left >= (1ull << 21))
		return 2;
	return 1;
}

int arch_pt_map(uint64_t root, uintptr_t va, uint64_t pa, size_t len,
		unsigned prot)
{
	if ((va | pa | len) & (PAGE_SIZE - 1))
		return -1;
	pte_t flags = pte_flags(prot);
	while (len) {
		int level = (prot & MAP_SMALL) ? 1 : pt_leaf_level(va, pa, len);
		pte_t *e = pt_walk_create(root, va, level);
		if (!e || (*e & PTE_PRESENT))
			return -1;
		*e = pa | flags | (level > 1 ? PTE_HUGE : 0);
		size_t step = 1ull << PT_SHIFT(level);
		va += step, pa += step, len -= step;
	}
	return 0;
}

/* The leaf entry mapping va, or NULL; *level receives its level. */
static pte_t *pt_lookup(uint64_t root, uintptr_t va, int *level)
{
	pte_t *table = phys_to_virt(root);
	for (int l = PT_LEVELS; l >= 1; l--) {
		pte_t *e = &table[PT_INDEX(va, l)];
		if (!(*e & PTE_PRESENT))
			return 0;
		if (l == 1 || (*e & PTE_HUGE)) {
			*level = l;
			return e;
		}
		table = pt_table(*e);
	}
	return 0;
}

bool arch_pt_query(uint64_t root, uintptr_t va, uint64_t *pa, unsigned *prot)
{
	int level;
	pte_t *e = pt_lookup(root, va, &level);
	if (!e)
		return false;
	uint64_t off = va & ((1ull << PT_SHIFT(level)) - 1);
	*pa = (*e & PTE_ADDR_MASK & ~((1ull << PT_SHIFT(level)) - 1)) + off;
	*prot = MAP_R | ((*e & PTE_WRITE) ? MAP_W : 0) |
		((*e & PTE_NX) ? 0 : MAP_X) | ((*e & PTE_USER) ? MAP_USER : 0);
	return true;
}

uint64_t arch_pt_current(void)
{
	return read_cr3() & PTE_ADDR_MASK;
}

void arch_pt_activate(uint64_t root)
{
	write_cr3(root);
}

void arch_nx_enable(void)
{
	if (!cpu_features.nx)
		return;
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	pte_nx_bit = PTE_NX;
}

/* Turn on the protections the CPU offers; returns MMU_* bits for the log. */
unsigned arch_mmu_harden(void)
{
	unsigned on = pte_nx_bit ? MMU_NX : 0;
	uint64_t cr4 = read_cr4() | CR4_PGE;
	if (cpu_features.smep)
		cr4 |= CR4_SMEP, on |= MMU_SMEP;
	if (cpu_features.smap)
		cr4 |= CR4_SMAP, on |= MMU_SMAP;
	if (cpu_features.umip)
		cr4 |= CR4_UMIP, on |= MMU_UMIP;
	write_cr4(cr4);
	return on;
}

int arch_pt_prealloc_top(uint64_t root, uintptr_t va)
{
	return pt_walk_create(root, va, PT_LEVELS - 1) ? 0 : -1;
}

void arch_pt_share_kernel_half(uint64_t root, uint64_t kernel_root)
{
	pte_t *dst = phys_to_virt(root);
	const pte_t *src = phys_to_virt(kernel_root);
	for (int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		dst[i] = src[i];
}

/* Free the table at `entry` (level `level` >= 1 below it) recursively. */
static void pt_free_subtree(pte_t entry, int level,
			    void (*free_frame)(uint64_t pa))
{
	pte_t *table = pt_table(entry);
	for (int i = 0; i < PT_ENTRIES; i++) {
		pte_t e = table[i];
		if (!(e & (PTE_PRESENT | PTE_PROTNONE)))
			continue;
		if (level > 1 && !(e & PTE_HUGE))
			pt_free_subtree(e, level - 1, free_frame);
		else if (e & PTE_OWNED)
			free_frame(e & PTE_ADDR_MASK);
	}
	free_frame(entry & PTE_ADDR_MASK);
}

void arch_pt_destroy_user(uint64_t root, void (*free_frame)(uint64_t pa))
{
	pte_t *top = phys_to_virt(root);
	for (int i = 0; i < PT_ENTRIES / 2; i++) {
		if (top[i] & PTE_PRESENT)
			pt_free_subtree(top[i], PT_LEVELS - 1, free_frame);
		top[i] = 0;
	}
}

uint64_t arch_pt_unmap_page(uint64_t root, uintptr_t va, bool *owned)
{
	pte_t *e = pt_leaf_any(root, va);
	if (!e)
		return 0;
	uint64_t pa = *e & PTE_ADDR_MASK;
	*owned = *e & PTE_OWNED;
	*e = 0;
	invlpg(va);
	return pa;
}

/* The 4 KiB leaf for va, present or protected to no access. */
static pte_t *pt_leaf_any(uint64_t root, uintptr_t va)
{
	pte_t *table = phys_to_virt(root);
	for (int l = PT_LEVELS; l > 1; l--) {
		pte_t e = table[PT_INDEX(va, l)];
		if (!(e & PTE_PRESENT) || (e & PTE_HUGE))
			return 0;
		table = pt_table(e);
	}
	pte_t *e = &table[PT_INDEX(va, 1)];
	return (*e & (PTE_PRESENT | PTE_PROTNONE)) ? e : 0;
}

void arch_pt_protect_page(uint64_t root, uintptr_t va, unsigned prot)
{
	pte_t *e = pt_leaf_any(root, va);
	if (!e)
		return;
	pte_t keep = *e & (PTE_ADDR_MASK | PTE_OWNED);
	if (prot & (MAP_R | MAP_W | MAP_X))
		*e = keep | pte_flags(prot | MAP_USER);
	else
		*e = keep | PTE_PROTNONE;	/* no access: fault on use */
	invlpg(va);
}
