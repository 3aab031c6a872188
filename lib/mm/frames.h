/* Physical frame bookkeeping: a binary buddy allocator over page frame
 * numbers.
 *
 * The pool manages the PFN window [base_pfn, base_pfn + nframes) with one
 * struct buddy_meta per frame in a caller-supplied array. Nothing is ever
 * written into the frames themselves, so the pool works before the frames
 * are mapped. Frames in the window start out as holes; buddy_pool_add()
 * hands ranges of them to the allocator.
 *
 * Metadata sizing for the kernel: span = highest usable PFN + 1 - lowest
 * usable PFN; the array needs BUDDY_META_BYTES(span) bytes (12 per 4 KiB
 * frame, 0.3%), carved from usable memory and then excluded from the ranges
 * passed to buddy_pool_add().
 *
 * No locks inside: the caller serialises every call on a pool.
 */
#ifndef CAPOS_LIB_MM_FRAMES_H
#define CAPOS_LIB_MM_FRAMES_H
#include <stddef.h>
#include <stdint.h>

#define BUDDY_MAX_ORDER 10	/* largest block: 2^10 frames = 4 MiB */
#define BUDDY_ORDERS (BUDDY_MAX_ORDER + 1)
#define BUDDY_NONE UINT32_MAX	/* list terminator; also caps nframes */

enum buddy_err {
	BUDDY_ERR_RANGE = -1,	/* PFN (or block) outside the managed window */
	BUDDY_ERR_ORDER = -2,	/* order > BUDDY_MAX_ORDER */
	BUDDY_ERR_ALIGN = -3,	/* PFN not aligned to 2^order */
	BUDDY_ERR_NOT_ALLOCATED = -4,	/* double free, wrong order, or not
					   the head of an allocated block */
	BUDDY_ERR_NOMEM = -5,
	BUDDY_ERR_OVERLAP = -6,	/* buddy_pool_add over frames already added */
	BUDDY_ERR_CORRUPT = -7,	/* buddy_pool_check found an inconsistency */
	BUDDY_ERR_INVAL = -8,
};

/* Frame states; only block heads carry a meaningful order. */
enum buddy_state {
	BUDDY_HOLE = 0,		/* not managed (never added) */
	BUDDY_TAIL = 1,		/* inside a block, not its first frame */
	BUDDY_FREE = 2,		/* head of a free block, on free_head[order] */
	BUDDY_USED = 3,		/* head of an allocated block */
};

struct buddy_meta {
	uint32_t next;		/* free list links, as indices; BUDDY_NONE */
	uint32_t prev;
	uint8_t state;		/* enum buddy_state */
	uint8_t order;
	uint16_t reserved;
};
_Static_assert(sizeof(struct buddy_meta) == 12, "buddy_meta is 12 bytes");

#define BUDDY_META_BYTES(nframes) ((size_t)(nframes) * sizeof(struct buddy_meta))

struct buddy_pool {
	struct buddy_meta *meta;
	uint64_t base_pfn;
	uint32_t nframes;
	uint32_t free_head[BUDDY_ORDERS];
	uint32_t free_blocks[BUDDY_ORDERS];
	uint64_t free_frames;
	uint64_t total_frames;
};

/* Start managing [base_pfn, base_pfn + nframes), all holes. */
int buddy_pool_init(struct buddy_pool *bp, struct buddy_meta *meta,
		    uint64_t base_pfn, uint64_t nframes);

/* Make frames [start_pfn, end_pfn) allocatable. */
int buddy_pool_add(struct buddy_pool *bp, uint64_t start_pfn,
		   uint64_t end_pfn);

/* Allocate 2^order contiguous frames aligned to 2^order (absolute PFN). */
int buddy_alloc(struct buddy_pool *bp, unsigned order, uint64_t *pfn_out);

/* Free a block exactly as it was allocated. */
int buddy_free(struct buddy_pool *bp, uint64_t pfn, unsigned order);

/* Full O(nframes) consistency check; 0 or BUDDY_ERR_CORRUPT. */
int buddy_pool_check(const struct buddy_pool *bp);

static inline uint64_t buddy_pool_free_frames(const struct buddy_pool *bp)
{
	return bp->free_frames;
}

static inline uint64_t buddy_pool_total_frames(const struct buddy_pool *bp)
{
	return bp->total_frames;
}

#endif
