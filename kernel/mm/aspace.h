/* User address spaces: the lower half of a process's page tables (the
 * upper half is the kernel's, shared), the list of regions (VMAs) that
 * say what each mapped range is, and the count of mapped pages the
 * resource ledger charges. */
#ifndef CAPOS_MM_ASPACE_H
#define CAPOS_MM_ASPACE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/arch/x86_64/usercopy.h"
#include "kernel/core/spinlock.h"
#include "lib/ring/abi.h"	/* USER_TOP */

enum vma_kind {
	VMA_IMAGE,	/* ELF segments */
	VMA_STACK,
	VMA_FIXED,	/* ring and CapSet pages: never unmapped by the process */
	VMA_ANON,	/* VirtualMemory.map / commit */
	VMA_RESERVED,	/* VirtualMemory.reserve: address space only */
	VMA_MEMOBJ,	/* a MemoryObject mapping */
};

struct memobj;

struct vma {
	uint64_t start, end;	/* page-aligned, [start, end) */
	unsigned prot;		/* MAP_R | MAP_W | MAP_X */
	enum vma_kind kind;
	struct memobj *mo;	/* VMA_MEMOBJ: the object (one reference) */
	uint32_t mo_first;	/* first page of the object mapped here */
	/* Demand-zero: a page appears, zero-filled, at its first touch
	 * (aspace_demand_fault). Prepaid: the ledger was charged for every
	 * page when the region was made, so a fault allocates a frame but
	 * charges nothing; otherwise (the user stack) each fault charges its
	 * page and may fail with ERR_QUOTA. Unmapping credits what was
	 * charged: the present pages, and the absent ones if prepaid. */
	bool demand, prepaid;
	bool shared;		/* boot-module pages mapped in place: never W */
	struct vma *next;	/* sorted by start */
};

/* aspace.lock comes second in the lock order (after process.lock), but
 * the page-fault handler also takes it for a user copy that meets an
 * absent demand-zero page, under whatever the copying code holds (park
 * reads its word under process.park_lock). That cannot deadlock: code
 * holding aspace.lock takes only frame_lock, heap_lock and log_lock, and
 * waits for TLB shootdowns, which spinning CPUs answer. */
struct aspace {
	struct spinlock lock;	/* protects: user-half tables, vmas, pages */
	uint64_t root;		/* physical address of the PML4 */
	size_t pages;		/* user pages present */
	struct vma *vmas;
	struct account *acct;	/* charged LEDGER_PAGES per mapped page */
	uint64_t active_cpus;	/* atomic: CPUs running with this root */
};

struct account;
int aspace_init(struct aspace *as, struct account *acct);
void aspace_destroy(struct aspace *as);
/* Map npages fresh zeroed frames at va as a region of `kind`. On failure
 * nothing stays mapped. */
int aspace_map_new(struct aspace *as, uint64_t va, size_t npages,
		   unsigned prot, enum vma_kind kind);
/* Map npages of existing read-only frames at pa (a boot module's) in
 * place: not owned, never writable. */
int aspace_map_shared(struct aspace *as, uint64_t va, uint64_t pa,
		      size_t npages, unsigned prot);
/* Reserve npages at va as a demand-zero region of `kind` (not prepaid:
 * each page is charged when first touched). Nothing is mapped yet. */
int aspace_map_demand(struct aspace *as, uint64_t va, size_t npages,
		      unsigned prot, enum vma_kind kind);
/* Make the page holding va present if it lies in a demand-zero region
 * whose protection allows `access` (MAP_R, MAP_W or MAP_X): 0 if the page
 * is present afterwards (also when another CPU mapped it first),
 * ERR_NOT_MAPPED outside such a region, ERR_DENIED for a forbidden
 * access, ERR_QUOTA or ERR_NO_MEMORY if the page could not be had.
 * Takes aspace.lock. */
int aspace_demand_fault(struct aspace *as, uint64_t va, unsigned access);
/* Map one existing frame as a VMA_FIXED page the space then owns. */
int aspace_map_fixed(struct aspace *as, uint64_t va, uint64_t pa,
		     unsigned prot);
/* Remove the VMA_FIXED page at va (a thread's ring), freeing its frame. */
void aspace_unmap_fixed(struct aspace *as, uint64_t va);
/* Physical address behind a user va, or 0. */
uint64_t aspace_lookup(struct aspace *as, uint64_t va, unsigned *prot);
/* Write into another (or this) address space through its frames; the
 * pages must be mapped user-writable. */
int aspace_write(struct aspace *as, uint64_t uaddr, const void *src, size_t n);

/* VirtualMemory and MemoryObject operations (kernel/mm/vma.c). Sizes are
 * bytes, page-aligned; `hint` 0 means anywhere. */
int vma_map_anon(struct aspace *as, uint64_t hint, uint64_t size,
		 unsigned prot, uint64_t *addr);
int vma_reserve(struct aspace *as, uint64_t hint, uint64_t size,
		uint64_t *addr);
int vma_commit(struct aspace *as, uint64_t addr, uint64_t size, unsigned prot);
int vma_decommit(struct aspace *as, uint64_t addr, uint64_t size);
int vma_unmap(struct aspace *as, uint64_t addr, uint64_t size);
int vma_protect(struct aspace *as, uint64_t addr, uint64_t size, unsigned prot);
int vma_map_memobj(struct aspace *as, struct memobj *mo, uint64_t hint,
		   uint32_t first, uint32_t pages, unsigned prot, uint64_t *addr);
/* The MemoryObject mapping of `mo` that starts at addr. */
int vma_unmap_memobj(struct aspace *as, struct memobj *mo, uint64_t addr);
int vma_protect_memobj(struct aspace *as, struct memobj *mo, uint64_t addr,
		       unsigned prot);
/* Drop every region (and its memory object references). */
void vma_destroy_all(struct aspace *as);

/* The scheduler moves a CPU from one address space to another. */
void aspace_switch(struct aspace *from, struct aspace *to, int cpu);
/* After removing or narrowing mappings: flush other CPUs running it. */
void aspace_tlb_sync(struct aspace *as);

/* Is [uaddr, uaddr + n) entirely inside the user half? */
static inline bool user_range_ok(uint64_t uaddr, size_t n)
{
	return uaddr < USER_TOP && n <= USER_TOP - uaddr;
}

/* Copies through the current address space; ERR_BAD_ADDRESS (negative)
 * if the range is outside user space or not mapped as needed. Inline:
 * each CALL copies its params in and its results out. */
static inline int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return ERR_BAD_ADDRESS;
	if (n && arch_user_copy(dst, (const void *)usrc, n))
		return ERR_BAD_ADDRESS;
	return 0;
}

static inline int copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return ERR_BAD_ADDRESS;
	if (n && arch_user_copy((void *)udst, src, n))
		return ERR_BAD_ADDRESS;
	return 0;
}

#endif
