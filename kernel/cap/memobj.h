/* MemoryObject: a set of frames that every holder may map. Freed when the
 * last holder and the last mapping are gone (each capability and each
 * mapping holds one reference). Its frames are charged to the account of
 * the process that allocated it, for as long as the object lives. */
#ifndef CAPOS_CAP_MEMOBJ_H
#define CAPOS_CAP_MEMOBJ_H
#include <stdbool.h>
#include <stdint.h>

struct account;

struct memobj {
	int refs;		/* atomic: capabilities + mappings */
	uint32_t npages;
	bool contiguous;
	struct account *acct;	/* charged for npages */
	uint64_t frames[];	/* physical address of each page */
};

#define MEMOBJ_MAX_PAGES 65536u

/* ERR_* in *err on failure (quota, no memory, too large). */
struct memobj *memobj_create(uint32_t pages, bool contiguous,
			     struct account *acct, int *err);
void memobj_get(struct memobj *mo);
void memobj_put(struct memobj *mo);

#endif
