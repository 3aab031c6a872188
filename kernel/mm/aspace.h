/* User address spaces: the lower half of a process's page tables (the
 * upper half is the kernel's, shared), plus the count of mapped pages the
 * resource ledger charges. */
#ifndef CAPOS_MM_ASPACE_H
#define CAPOS_MM_ASPACE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/core/spinlock.h"

struct aspace {
	struct spinlock lock;	/* protects: the user-half tables, pages */
	uint64_t root;		/* physical address of the PML4 */
	size_t pages;		/* user pages mapped */
};

int aspace_init(struct aspace *as);
void aspace_destroy(struct aspace *as);
/* Map npages fresh zeroed frames at va (page-aligned, user range). On
 * failure nothing stays mapped. */
int aspace_map_new(struct aspace *as, uint64_t va, size_t npages,
		   unsigned prot);
/* Map an existing frame; owned frames are freed with the mapping. */
int aspace_map_frame(struct aspace *as, uint64_t va, uint64_t pa,
		     unsigned prot, bool owned);
/* Physical address behind a user va, or 0. */
uint64_t aspace_lookup(struct aspace *as, uint64_t va, unsigned *prot);

/* Is [uaddr, uaddr + n) entirely inside the user half? */
bool user_range_ok(uint64_t uaddr, size_t n);
/* Copies through the current address space; ERR_BAD_ADDRESS (negative)
 * if the range is outside user space or not mapped as needed. */
int copy_from_user(void *dst, uint64_t usrc, size_t n);
int copy_to_user(uint64_t udst, const void *src, size_t n);

#endif
