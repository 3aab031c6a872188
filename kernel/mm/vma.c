/* Regions of a user address space. Every mapped user page belongs to
 * exactly one region; operations first split regions at the range ends,
 * then act on the whole regions in between, so partial unmaps and
 * protects need no special cases.
 *
 * Decode, then invoke: each operation checks alignment, range, overlap
 * and region kinds over the whole range before it changes anything, and
 * allocation failures roll back what was done.
 *
 * Anonymous memory (map, commit) and the user stack are demand-zero: the
 * region exists at once, its pages at their first touch
 * (aspace_demand_fault, from the user page-fault path and from user
 * copies). The ledger stays exact, with no overcommit: map and commit
 * charge every page of the region up front (a refusal is ERR_QUOTA then,
 * never a fault later) and a fault only takes a frame; the user stack is
 * charged page by page as it grows, so a process whose quota cannot
 * cover its next stack page is killed at that fault and reported.
 *
 * Locks: aspace.lock is held across each operation (taken here); the
 * frame lock nests inside. Removing or narrowing a mapping flushes the
 * local TLB with invlpg and other CPUs running the space by shootdown
 * (aspace_tlb_sync) before frames are freed. A demand fault only turns
 * not-present into present, which no TLB caches, so it needs none: it
 * checks under aspace.lock that the page is still absent, so two CPUs
 * faulting on one page map one frame. */
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/memobj.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/account.h"
#include "lib/ring/abi.h"

#define MMAP_BASE 0x0000100000000000ull	/* where "anywhere" starts */
#define MMAP_TOP  USER_SPACE_HI
#define VMA_MAX_BYTES (1ull << 40)

static bool vma_range_ok(uint64_t addr, uint64_t size)
{
	return size && !(addr & (PAGE_SIZE - 1)) && !(size & (PAGE_SIZE - 1)) &&
	       size <= VMA_MAX_BYTES && addr >= USER_SPACE_LO &&
	       addr < USER_TOP && size <= USER_TOP - addr;
}

static bool prot_ok(unsigned prot)
{
	/* W^X: no region is ever writable and executable */
	return !(prot & ~(unsigned)(MAP_R | MAP_W | MAP_X)) &&
	       (prot & (MAP_W | MAP_X)) != (MAP_W | MAP_X);
}

static struct vma *vma_find(struct aspace *as, uint64_t addr)
{
	for (struct vma *v = as->vmas; v && v->start <= addr; v = v->next)
		if (addr < v->end)
			return v;
	return 0;
}

static bool vma_overlaps(struct aspace *as, uint64_t addr, uint64_t size)
{
	for (struct vma *v = as->vmas; v && v->start < addr + size; v = v->next)
		if (v->end > addr)
			return true;
	return false;
}

/* First free gap of `size` at or above MMAP_BASE, or the hint if free. */
static uint64_t vma_find_gap(struct aspace *as, uint64_t hint, uint64_t size)
{
	if (hint && vma_range_ok(hint, size) && !vma_overlaps(as, hint, size))
		return hint;
	uint64_t at = MMAP_BASE;
	for (struct vma *v = as->vmas; v; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start >= at + size)
			break;
		at = v->end;
	}
	return at + size <= MMAP_TOP ? at : 0;
}

static void vma_link(struct aspace *as, struct vma *n)
{
	struct vma **pp = &as->vmas;
	while (*pp && (*pp)->start < n->start)
		pp = &(*pp)->next;
	n->next = *pp;
	*pp = n;
}

static struct vma *vma_new(uint64_t start, uint64_t end, unsigned prot,
			   enum vma_kind kind)
{
	struct vma *v = kzalloc(sizeof(*v));
	if (v)
		*v = (struct vma){ .start = start, .end = end, .prot = prot,
				   .kind = kind };
	return v;
}

/* Split the region containing addr so that a region starts at addr. */
static int vma_split(struct aspace *as, uint64_t addr)
{
	struct vma *v = vma_find(as, addr);
	if (!v || v->start == addr)
		return 0;
	struct vma *tail = vma_new(addr, v->end, v->prot, v->kind);
	if (!tail)
		return ERR_NO_MEMORY;
	tail->demand = v->demand;
	tail->prepaid = v->prepaid;
	tail->shared = v->shared;
	if (v->mo) {
		tail->mo = v->mo;
		tail->mo_first = v->mo_first + (uint32_t)((addr - v->start) / PAGE_SIZE);
		memobj_get(v->mo);
	}
	v->end = addr;
	tail->next = v->next;
	v->next = tail;
	return 0;
}

/* Is [addr, addr+size) fully covered by regions the process may change? */
static bool vma_covered(struct aspace *as, uint64_t addr, uint64_t size,
			unsigned kinds)
{
	uint64_t at = addr;
	for (struct vma *v = as->vmas; v && at < addr + size; v = v->next) {
		if (v->end <= at)
			continue;
		if (v->start > at || !(kinds & (1u << v->kind)))
			return false;
		at = v->end;
	}
	return at >= addr + size;
}

/* Mapped pages are charged to the space's account before they exist. */
static int vma_charge(struct aspace *as, uint64_t pages)
{
	return account_charge(as->acct, LEDGER_PAGES, pages);
}

/* Unmap in batches: no frame goes back to the allocator before every CPU
 * running this space has dropped its TLB entries for it. */
#define UNMAP_BATCH 64

static void vma_free_batch(struct aspace *as, uint64_t *frames, int n)
{
	aspace_tlb_sync(as);
	for (int i = 0; i < n; i++)
		frame_free(frames[i], 0);
}

/* Unmap the present pages of [start, end), crediting each; returns how
 * many there were. */
static uint64_t vma_unmap_pages(struct aspace *as, uint64_t start,
				uint64_t end)
{
	uint64_t frames[UNMAP_BATCH];
	uint64_t gone = 0;
	int n = 0;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		bool owned;
		uint64_t pa = arch_pt_unmap_page(as->root, va, &owned);
		if (!pa)
			continue;
		gone++;
		as->pages--;
		account_credit(as->acct, LEDGER_PAGES, 1);
		if (owned)
			frames[n++] = pa;
		if (n == UNMAP_BATCH) {
			vma_free_batch(as, frames, n);
			n = 0;
		}
	}
	vma_free_batch(as, frames, n);
	return gone;
}

/* Empty region v of its pages; a prepaid region also gives back the
 * charge of the pages never touched. */
static void vma_empty(struct aspace *as, struct vma *v)
{
	uint64_t gone = vma_unmap_pages(as, v->start, v->end);
	uint64_t pages = (v->end - v->start) / PAGE_SIZE;
	if (v->prepaid && pages > gone)
		account_credit(as->acct, LEDGER_PAGES, pages - gone);
	v->demand = v->prepaid = false;
}

static void vma_drop(struct aspace *as, struct vma *v)
{
	vma_empty(as, v);
	if (v->mo)
		memobj_put(v->mo);
	kfree(v);
}

/* Map fresh zeroed frames over [start, end); on failure unmap them. */
static int vma_populate(struct aspace *as, uint64_t start, uint64_t end,
			unsigned prot)
{
	int err = vma_charge(as, (end - start) / PAGE_SIZE);
	if (err)
		return err;
	/* charged up front; each page mapped below keeps its charge, the
	 * rest is returned on failure by vma_unmap_pages + the credit here */
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa = frame_alloc_zeroed(0);
		if (!pa || arch_pt_map(as->root, va, pa, PAGE_SIZE, prot | MAP_USER |
				       MAP_SMALL | MAP_OWNED)) {
			if (pa)
				frame_free(pa, 0);
			account_credit(as->acct, LEDGER_PAGES, (end - va) / PAGE_SIZE);
			vma_unmap_pages(as, start, va);
			return ERR_NO_MEMORY;
		}
		as->pages++;
	}
	return 0;
}

/* How a new region gets its pages. */
enum vma_fill {
	FILL_NONE,		/* address space only (reserve) */
	FILL_NOW,		/* populated at once (ELF segments) */
	FILL_DEMAND,		/* at first touch, charged then (stack) */
	FILL_PREPAID,		/* at first touch, charged now (anonymous) */
};

static int vma_add(struct aspace *as, uint64_t addr, uint64_t size,
		   unsigned prot, enum vma_kind kind, enum vma_fill fill)
{
	struct vma *v = vma_new(addr, addr + size, prot, kind);
	if (!v)
		return ERR_NO_MEMORY;
	int err = 0;
	if (fill == FILL_NOW)
		err = vma_populate(as, addr, addr + size, prot);
	else if (fill == FILL_PREPAID)
		err = vma_charge(as, size / PAGE_SIZE);
	if (err) {
		kfree(v);
		return err;
	}
	v->demand = fill == FILL_DEMAND || fill == FILL_PREPAID;
	v->prepaid = fill == FILL_PREPAID;
	vma_link(as, v);
	return 0;
}

static int vma_add_fixed(struct aspace *as, uint64_t va, size_t npages,
			 unsigned prot, enum vma_kind kind, enum vma_fill fill)
{
	uint64_t size = (uint64_t)npages * PAGE_SIZE;
	if (!vma_range_ok(va, size))
		return ERR_BAD_ADDRESS;
	spin_lock(&as->lock);
	int err = vma_overlaps(as, va, size) ? ERR_OVERLAP
		  : vma_add(as, va, size, prot, kind, fill);
	spin_unlock(&as->lock);
	return err;
}

int aspace_map_new(struct aspace *as, uint64_t va, size_t npages,
		   unsigned prot, enum vma_kind kind)
{
	return vma_add_fixed(as, va, npages, prot, kind, FILL_NOW);
}

/* Read-only pages of a boot module mapped in place (not owned: never
 * freed here), charged like any mapped page. The region is `shared`, so
 * protect can never make it writable. */
int aspace_map_shared(struct aspace *as, uint64_t va, uint64_t pa,
		      size_t npages, unsigned prot)
{
	uint64_t size = (uint64_t)npages * PAGE_SIZE;
	if ((prot & MAP_W) || !vma_range_ok(va, size))
		return ERR_BAD_ADDRESS;
	struct vma *v = vma_new(va, va + size, prot, VMA_IMAGE);
	if (!v)
		return ERR_NO_MEMORY;
	v->shared = true;
	spin_lock(&as->lock);
	int err = vma_overlaps(as, va, size) ? ERR_OVERLAP : vma_charge(as, npages);
	for (size_t i = 0; !err && i < npages; i++) {
		if (!arch_pt_map(as->root, va + i * PAGE_SIZE, pa + i * PAGE_SIZE,
				 PAGE_SIZE, prot | MAP_USER | MAP_SMALL)) {
			as->pages++;
			continue;
		}
		account_credit(as->acct, LEDGER_PAGES, npages - i);
		vma_unmap_pages(as, va, va + i * PAGE_SIZE);
		err = ERR_NO_MEMORY;
	}
	if (!err)
		vma_link(as, v);
	spin_unlock(&as->lock);
	if (err)
		kfree(v);
	return err;
}

int aspace_map_demand(struct aspace *as, uint64_t va, size_t npages,
		      unsigned prot, enum vma_kind kind)
{
	return vma_add_fixed(as, va, npages, prot, kind, FILL_DEMAND);
}

static int vma_place(struct aspace *as, uint64_t hint, uint64_t size,
		     unsigned prot, enum vma_kind kind, enum vma_fill fill,
		     uint64_t *addr)
{
	if (!size)
		return ERR_INVALID;
	if ((size | hint) & (PAGE_SIZE - 1))
		return ERR_UNALIGNED;
	if (size > VMA_MAX_BYTES)
		return ERR_TOO_LARGE;
	if (!prot_ok(prot))
		return ERR_DENIED;
	spin_lock(&as->lock);
	uint64_t at = vma_find_gap(as, hint, size);
	int err = at ? vma_add(as, at, size, prot, kind, fill) : ERR_NO_MEMORY;
	spin_unlock(&as->lock);
	if (!err)
		*addr = at;
	return err;
}

int vma_map_anon(struct aspace *as, uint64_t hint, uint64_t size,
		 unsigned prot, uint64_t *addr)
{
	return vma_place(as, hint, size, prot, VMA_ANON, FILL_PREPAID, addr);
}

int vma_reserve(struct aspace *as, uint64_t hint, uint64_t size,
		uint64_t *addr)
{
	return vma_place(as, hint, size, 0, VMA_RESERVED, FILL_NONE, addr);
}

/* Split at both ends of a range already checked to be covered. */
static int vma_isolate(struct aspace *as, uint64_t addr, uint64_t size)
{
	int err = vma_split(as, addr);
	return err ? err : vma_split(as, addr + size);
}

static int vma_check_range(struct aspace *as, uint64_t addr, uint64_t size,
			   unsigned kinds)
{
	if (!vma_range_ok(addr, size))
		return (addr | size) & (PAGE_SIZE - 1) ? ERR_UNALIGNED
						       : ERR_BAD_ADDRESS;
	return vma_covered(as, addr, size, kinds) ? 0 : ERR_NOT_MAPPED;
}

#define KINDS_CHANGEABLE ((1u << VMA_ANON) | (1u << VMA_RESERVED) | \
			  (1u << VMA_MEMOBJ) | (1u << VMA_IMAGE) | \
			  (1u << VMA_STACK))

int vma_unmap(struct aspace *as, uint64_t addr, uint64_t size)
{
	spin_lock(&as->lock);
	int err = vma_check_range(as, addr, size, KINDS_CHANGEABLE);
	if (!err)
		err = vma_isolate(as, addr, size);
	for (struct vma **pp = &as->vmas; !err && *pp;) {
		struct vma *v = *pp;
		if (v->start >= addr && v->end <= addr + size) {
			*pp = v->next;
			vma_drop(as, v);
		} else {
			pp = &v->next;
		}
	}
	spin_unlock(&as->lock);
	return err;
}

static void vma_reprotect(struct aspace *as, struct vma *v, unsigned prot)
{
	for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE)
		arch_pt_protect_page(as->root, va, prot);
	v->prot = prot;
	aspace_tlb_sync(as);
}

/* Would protect make a shared (boot module) page writable? */
static bool vma_shared_in(struct aspace *as, uint64_t addr, uint64_t size)
{
	for (struct vma *v = as->vmas; v; v = v->next)
		if (v->shared && v->start < addr + size && addr < v->end)
			return true;
	return false;
}

int vma_protect(struct aspace *as, uint64_t addr, uint64_t size, unsigned prot)
{
	if (!prot_ok(prot))
		return ERR_DENIED;
	spin_lock(&as->lock);
	int err = vma_check_range(as, addr, size, KINDS_CHANGEABLE &
				  ~(1u << VMA_RESERVED));
	if (!err && (prot & MAP_W) && vma_shared_in(as, addr, size))
		err = ERR_DENIED;
	if (!err)
		err = vma_isolate(as, addr, size);
	for (struct vma *v = as->vmas; !err && v; v = v->next)
		if (v->start >= addr && v->end <= addr + size)
			vma_reprotect(as, v, prot);
	spin_unlock(&as->lock);
	return err;
}

int vma_commit(struct aspace *as, uint64_t addr, uint64_t size, unsigned prot)
{
	if (!prot_ok(prot))
		return ERR_DENIED;
	spin_lock(&as->lock);
	int err = vma_check_range(as, addr, size, 1u << VMA_RESERVED);
	if (!err)
		err = vma_charge(as, size / PAGE_SIZE);	/* prepaid */
	if (!err && (err = vma_isolate(as, addr, size)))
		account_credit(as->acct, LEDGER_PAGES, size / PAGE_SIZE);
	for (struct vma *v = as->vmas; !err && v; v = v->next) {
		if (v->start < addr || v->end > addr + size)
			continue;
		v->kind = VMA_ANON, v->prot = prot;
		v->demand = v->prepaid = true;
	}
	spin_unlock(&as->lock);
	return err;
}

int vma_decommit(struct aspace *as, uint64_t addr, uint64_t size)
{
	spin_lock(&as->lock);
	int err = vma_check_range(as, addr, size, (1u << VMA_ANON) |
				  (1u << VMA_RESERVED));
	if (!err)
		err = vma_isolate(as, addr, size);
	for (struct vma *v = as->vmas; !err && v; v = v->next) {
		if (v->start < addr || v->end > addr + size)
			continue;
		vma_empty(as, v);
		v->kind = VMA_RESERVED, v->prot = 0;
	}
	spin_unlock(&as->lock);
	return err;
}

int vma_map_memobj(struct aspace *as, struct memobj *mo, uint64_t hint,
		   uint32_t first, uint32_t pages, unsigned prot, uint64_t *addr)
{
	if (!prot_ok(prot) || !pages || first > mo->npages ||
	    pages > mo->npages - first)
		return ERR_INVALID;
	uint64_t size = (uint64_t)pages * PAGE_SIZE;
	spin_lock(&as->lock);
	uint64_t at = vma_find_gap(as, hint & ~(PAGE_SIZE - 1), size);
	struct vma *v = at ? vma_new(at, at + size, prot, VMA_MEMOBJ) : 0;
	int err = v ? vma_charge(as, pages) : ERR_NO_MEMORY;
	uint32_t charged = err ? 0 : pages;
	for (uint32_t i = 0; !err && i < pages; i++) {
		err = arch_pt_map(as->root, at + i * PAGE_SIZE, mo->frames[first + i],
				  PAGE_SIZE, prot | MAP_USER | MAP_SMALL) ? ERR_OVERLAP : 0;
		if (err) {
			account_credit(as->acct, LEDGER_PAGES, charged - i);
			vma_unmap_pages(as, at, at + i * PAGE_SIZE);
		} else {
			as->pages++;
		}
	}
	if (!err) {
		v->mo = mo, v->mo_first = first;
		memobj_get(mo);
		vma_link(as, v);
		*addr = at;
	} else if (v) {
		kfree(v);
	}
	spin_unlock(&as->lock);
	return err;
}

void vma_destroy_all(struct aspace *as)
{
	spin_lock(&as->lock);
	struct vma *v = as->vmas;
	as->vmas = 0;
	while (v) {
		struct vma *next = v->next;
		vma_drop(as, v);
		v = next;
	}
	spin_unlock(&as->lock);
}

static struct vma *vma_of_memobj(struct aspace *as, struct memobj *mo,
				 uint64_t addr)
{
	for (struct vma *v = as->vmas; v && v->start <= addr; v = v->next)
		if (v->start == addr && v->kind == VMA_MEMOBJ && v->mo == mo)
			return v;
	return 0;
}

int vma_unmap_memobj(struct aspace *as, struct memobj *mo, uint64_t addr)
{
	spin_lock(&as->lock);
	struct vma *v = vma_of_memobj(as, mo, addr);
	if (v) {
		struct vma **pp = &as->vmas;
		while (*pp != v)
			pp = &(*pp)->next;
		*pp = v->next;
		vma_drop(as, v);
	}
	spin_unlock(&as->lock);
	return v ? 0 : ERR_NOT_MAPPED;
}

int vma_protect_memobj(struct aspace *as, struct memobj *mo, uint64_t addr,
		       unsigned prot)
{
	if (!prot_ok(prot))
		return ERR_DENIED;
	spin_lock(&as->lock);
	struct vma *v = vma_of_memobj(as, mo, addr);
	if (v)
		vma_reprotect(as, v, prot);
	spin_unlock(&as->lock);
	return v ? 0 : ERR_NOT_MAPPED;
}

void aspace_unmap_fixed(struct aspace *as, uint64_t va)
{
	spin_lock(&as->lock);
	for (struct vma **pp = &as->vmas; *pp; pp = &(*pp)->next) {
		struct vma *v = *pp;
		if (v->start == va && v->kind == VMA_FIXED) {
			*pp = v->next;
			vma_drop(as, v);
			break;
		}
	}
	spin_unlock(&as->lock);
}

/* May a page of v be touched this way? A present page is readable
 * whatever else it allows (x86), so any access right admits a read. */
static bool vma_allows(const struct vma *v, unsigned access)
{
	if (access & MAP_W)
		return v->prot & MAP_W;
	if (access & MAP_X)
		return v->prot & MAP_X;
	return v->prot & (MAP_R | MAP_W | MAP_X);
}

/* A zeroed frame for the absent page at va of demand region v. A page
 * of a region protected to no access is never absent-but-allowed (the
 * protection is all or nothing per region), so the map cannot land on a
 * protected-to-none entry. */
static int vma_fault_in(struct aspace *as, struct vma *v, uint64_t va)
{
	int err = v->prepaid ? 0 : vma_charge(as, 1);
	if (err)
		return err;
	uint64_t pa = frame_alloc_zeroed(0);
	if (pa && !arch_pt_map(as->root, va, pa, PAGE_SIZE, v->prot | MAP_USER |
			       MAP_SMALL | MAP_OWNED)) {
		as->pages++;
		return 0;
	}
	if (pa)
		frame_free(pa, 0);
	if (!v->prepaid)
		account_credit(as->acct, LEDGER_PAGES, 1);
	return ERR_NO_MEMORY;
}

int aspace_demand_fault(struct aspace *as, uint64_t va, unsigned access)
{
	va &= ~(PAGE_SIZE - 1);
	spin_lock(&as->lock);
	struct vma *v = as->root ? vma_find(as, va) : 0;
	int err = !v || !v->demand ? ERR_NOT_MAPPED
		  : !vma_allows(v, access) ? ERR_DENIED : 0;
	uint64_t pa;
	unsigned prot;
	/* present already: another thread's fault won the race */
	if (!err && !arch_pt_query(as->root, va, &pa, &prot))
		err = vma_fault_in(as, v, va);
	spin_unlock(&as->lock);
	return err;
}
