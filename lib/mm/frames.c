/* Binary buddy allocator over page frame numbers.
 *
 * A block of order k is 2^k frames whose first PFN is a multiple of 2^k
 * (absolute, not relative to base_pfn, so big blocks are physically
 * aligned and usable for large pages). Its buddy is the block at
 * pfn ^ 2^k. Only a block's first frame (its head) records the state
 * (FREE or USED) and the order; the others are TAIL. Free heads of order k
 * sit on the doubly linked list free_head[k], linked by index in the meta
 * array.
 *
 * Invariants, all verified by buddy_pool_check():
 *   - walking the window from its start, heads and their 2^order - 1 tails
 *     and single HOLE frames tile it exactly;
 *   - every FREE head is on the list of its order, exactly once;
 *   - no two free buddies of the same order coexist (they would have been
 *     merged), below BUDDY_MAX_ORDER;
 *   - free_frames and free_blocks[] match the lists.
 *
 * Allocation pops the smallest non-empty list at or above the order and
 * splits off upper halves; freeing merges with the buddy while it is a free
 * head of the same order. Both are O(BUDDY_MAX_ORDER). A free is accepted
 * only for a USED head of exactly that order, which catches double frees,
 * interior pointers and wrong orders before anything is modified.
 */
#include <stddef.h>
#include <stdint.h>
#include "lib/mm/frames.h"

static void buddy_list_push(struct buddy_pool *bp, unsigned order,
			    uint32_t i)
{
	struct buddy_meta *m = &bp->meta[i];
	m->state = BUDDY_FREE;
	m->order = (uint8_t)order;
	m->prev = BUDDY_NONE;
	m->next = bp->free_head[order];
	if (m->next != BUDDY_NONE)
		bp->meta[m->next].prev = i;
	bp->free_head[order] = i;
	bp->free_blocks[order]++;
}

static void buddy_list_remove(struct buddy_pool *bp, unsigned order,
			      uint32_t i)
{
	struct buddy_meta *m = &bp->meta[i];
	if (m->prev != BUDDY_NONE)
		bp->meta[m->prev].next = m->next;
	else
		bp->free_head[order] = m->next;
	if (m->next != BUDDY_NONE)
		bp->meta[m->next].prev = m->prev;
	m->next = m->prev = BUDDY_NONE;
	bp->free_blocks[order]--;
}

/* Index of the buddy of block (i, order), if it lies inside the window. */
static int buddy_of(const struct buddy_pool *bp, uint32_t i, unsigned order,
		    uint32_t *out)
{
	uint64_t pfn = (bp->base_pfn + i) ^ ((uint64_t)1 << order);
	if (pfn < bp->base_pfn || pfn - bp->base_pfn >= bp->nframes)
		return 0;
	*out = (uint32_t)(pfn - bp->base_pfn);
	return 1;
}

/* Turn the USED head i of order `order` into free memory, merging. */
static void buddy_release(struct buddy_pool *bp, uint32_t i, unsigned order)
{
	uint32_t b;
	while (order < BUDDY_MAX_ORDER && buddy_of(bp, i, order, &b) &&
	       bp->meta[b].state == BUDDY_FREE && bp->meta[b].order == order) {
		buddy_list_remove(bp, order, b);
		uint32_t hi = b > i ? b : i;
		bp->meta[hi].state = BUDDY_TAIL;
		i = b < i ? b : i;
		order++;
	}
	buddy_list_push(bp, order, i);
}

int buddy_pool_init(struct buddy_pool *bp, struct buddy_meta *meta,
		    uint64_t base_pfn, uint64_t nframes)
{
	if (nframes >= BUDDY_NONE || base_pfn > UINT64_MAX - nframes)
		return BUDDY_ERR_INVAL;
	bp->meta = meta;
	bp->base_pfn = base_pfn;
	bp->nframes = (uint32_t)nframes;
	bp->free_frames = bp->total_frames = 0;
	for (unsigned k = 0; k < BUDDY_ORDERS; k++) {
		bp->free_head[k] = BUDDY_NONE;
		bp->free_blocks[k] = 0;
	}
	for (uint32_t i = 0; i < bp->nframes; i++)
		meta[i] = (struct buddy_meta){ BUDDY_NONE, BUDDY_NONE,
					       BUDDY_HOLE, 0, 0 };
	return 0;
}

/* Largest order a block starting at pfn may have without passing end. */
static unsigned buddy_fit(uint64_t pfn, uint64_t end)
{
	unsigned k = 0;
	while (k < BUDDY_MAX_ORDER && (pfn & (((uint64_t)2 << k) - 1)) == 0 &&
	       end - pfn >= (uint64_t)2 << k)
		k++;
	return k;
}

int buddy_pool_add(struct buddy_pool *bp, uint64_t start_pfn, uint64_t end_pfn)
{
	if (start_pfn > end_pfn || start_pfn < bp->base_pfn ||
	    end_pfn - bp->base_pfn > bp->nframes)
		return BUDDY_ERR_RANGE;
	uint32_t s = (uint32_t)(start_pfn - bp->base_pfn);
	uint32_t e = (uint32_t)(end_pfn - bp->base_pfn);
	for (uint32_t i = s; i < e; i++)
		if (bp->meta[i].state != BUDDY_HOLE)
			return BUDDY_ERR_OVERLAP;
	for (uint32_t i = s; i < e; i++)
		bp->meta[i].state = BUDDY_TAIL;
	for (uint64_t pfn = start_pfn; pfn < end_pfn;) {
		unsigned k = buddy_fit(pfn, end_pfn);
		uint32_t i = (uint32_t)(pfn - bp->base_pfn);
		bp->meta[i].state = BUDDY_USED;
		bp->meta[i].order = (uint8_t)k;
		buddy_release(bp, i, k);
		pfn += (uint64_t)1 << k;
	}
	bp->total_frames += e - s;
	bp->free_frames += e - s;
	return 0;
}

int buddy_alloc(struct buddy_pool *bp, unsigned order, uint64_t *pfn_out)
{
	if (order > BUDDY_MAX_ORDER)
		return BUDDY_ERR_ORDER;
	unsigned k = order;
	while (k <= BUDDY_MAX_ORDER && bp->free_head[k] == BUDDY_NONE)
		k++;
	if (k > BUDDY_MAX_ORDER)
		return BUDDY_ERR_NOMEM;
	uint32_t i = bp->free_head[k];
	buddy_list_remove(bp, k, i);
	while (k > order) {
		k--;
		buddy_list_push(bp, k, i + ((uint32_t)1 << k));
	}
	bp->meta[i].state = BUDDY_USED;
	bp->meta[i].order = (uint8_t)order;
	bp->free_frames -= (uint64_t)1 << order;
	*pfn_out = bp->base_pfn + i;
	return 0;
}

int buddy_free(struct buddy_pool *bp, uint64_t pfn, unsigned order)
{
	if (order > BUDDY_MAX_ORDER)
		return BUDDY_ERR_ORDER;
	if (pfn < bp->base_pfn || pfn - bp->base_pfn >= bp->nframes)
		return BUDDY_ERR_RANGE;
	if (pfn & (((uint64_t)1 << order) - 1))
		return BUDDY_ERR_ALIGN;
	uint32_t i = (uint32_t)(pfn - bp->base_pfn);
	if (((uint64_t)1 << order) > bp->nframes - i)
		return BUDDY_ERR_RANGE;
	if (bp->meta[i].state != BUDDY_USED || bp->meta[i].order != order)
		return BUDDY_ERR_NOT_ALLOCATED;
	buddy_release(bp, i, order);
	bp->free_frames += (uint64_t)1 << order;
	return 0;
}

/* ---- consistency check ---- */

/* Check the block headed at i; add its frames to the tallies. */
static int buddy_check_block(const struct buddy_pool *bp, uint32_t i,
			     uint32_t nfree[BUDDY_ORDERS], uint64_t *managed)
{
	const struct buddy_meta *m = &bp->meta[i];
	uint64_t size = (uint64_t)1 << m->order;
	uint32_t b;
	if (m->order > BUDDY_MAX_ORDER || ((bp->base_pfn + i) & (size - 1)) ||
	    size > bp->nframes - i)
		return BUDDY_ERR_CORRUPT;
	for (uint64_t j = 1; j < size; j++)
		if (bp->meta[i + j].state != BUDDY_TAIL)
			return BUDDY_ERR_CORRUPT;
	if (m->state == BUDDY_FREE) {
		nfree[m->order]++;
		if (m->order < BUDDY_MAX_ORDER &&
		    buddy_of(bp, i, m->order, &b) &&
		    bp->meta[b].state == BUDDY_FREE &&
		    bp->meta[b].order == m->order)
			return BUDDY_ERR_CORRUPT;	/* missed merge */
	}
	*managed += size;
	return 0;
}

static int buddy_check_list(const struct buddy_pool *bp, unsigned k,
			    uint32_t expect, uint64_t *free_frames)
{
	uint32_t prev = BUDDY_NONE, n = 0;
	for (uint32_t i = bp->free_head[k]; i != BUDDY_NONE;
	     i = bp->meta[i].next) {
		if (i >= bp->nframes || n++ == expect)
			return BUDDY_ERR_CORRUPT;	/* stray or cycle */
		const struct buddy_meta *m = &bp->meta[i];
		if (m->state != BUDDY_FREE || m->order != k || m->prev != prev)
			return BUDDY_ERR_CORRUPT;
		prev = i;
	}
	if (n != expect || n != bp->free_blocks[k])
		return BUDDY_ERR_CORRUPT;
	*free_frames += (uint64_t)n << k;
	return 0;
}

int buddy_pool_check(const struct buddy_pool *bp)
{
	uint32_t nfree[BUDDY_ORDERS] = { 0 };
	uint64_t managed = 0, free_frames = 0;
	for (uint32_t i = 0; i < bp->nframes;) {
		uint8_t st = bp->meta[i].state;
		if (st == BUDDY_HOLE) {
			i++;
			continue;
		}
		if (st != BUDDY_FREE && st != BUDDY_USED)
			return BUDDY_ERR_CORRUPT;	/* orphan tail */
		if (buddy_check_block(bp, i, nfree, &managed))
			return BUDDY_ERR_CORRUPT;
		i += (uint32_t)1 << bp->meta[i].order;
	}
	for (unsigned k = 0; k < BUDDY_ORDERS; k++)
		if (buddy_check_list(bp, k, nfree[k], &free_frames))
			return BUDDY_ERR_CORRUPT;
	if (managed != bp->total_frames || free_frames != bp->free_frames)
		return BUDDY_ERR_CORRUPT;
	return 0;
}
