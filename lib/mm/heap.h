/* Kernel heap logic: size-class slabs on single pages, plus pass-through
 * large allocations, over page callbacks supplied by the caller.
 *
 * The heap owns no memory of its own and has no locks: the kernel wraps a
 * struct heap with its lock and backs the callbacks with the frame
 * allocator and the direct map. Pages must be HEAP_PAGE_SIZE-aligned and
 * stay mapped at the same address while the heap holds them.
 */
#ifndef CAPOS_LIB_MM_HEAP_H
#define CAPOS_LIB_MM_HEAP_H
#include <stddef.h>
#include <stdint.h>

#define HEAP_PAGE_SIZE 4096u
#define HEAP_NCLASSES  13
#define HEAP_SMALL_MAX 2016u	/* largest slab class; above: large path */
#define HEAP_ALIGN     16u	/* every allocation is at least 16-aligned */

enum heap_err {
	HEAP_ERR_FOREIGN = -1,	/* pointer not from this heap */
	HEAP_ERR_MISALIGNED = -2,	/* points inside an object, not at it */
	HEAP_ERR_DOUBLE_FREE = -3,
	HEAP_ERR_CORRUPT = -4,	/* heap_check found an inconsistency */
};

struct heap_ops {
	void *(*page_alloc)(void *ctx);		/* one page, or NULL */
	void (*page_free)(void *ctx, void *page);
	void *(*pages_alloc)(void *ctx, size_t npages);	/* contiguous */
	void (*pages_free)(void *ctx, void *p, size_t npages);
	void *ctx;
};

/* Readable by the caller for leak checks; maintained by the heap. */
struct heap_stats {
	size_t bytes_in_use;	/* slab objects count their class size,
				   large ones the size asked for */
	size_t objects_in_use;
	size_t slab_pages;	/* pages held for slabs, incl. cached empties */
	size_t large_pages;	/* pages held for large allocations */
};

struct heap_slab;

struct heap {
	struct heap_ops ops;
	struct heap_slab *partial[HEAP_NCLASSES];	/* some free, some used */
	struct heap_slab *empty[HEAP_NCLASSES];		/* one cached empty slab */
	struct heap_stats stats;
};

void heap_init(struct heap *h, const struct heap_ops *ops);

/* NULL when out of memory or size is absurd; size 0 gets a 16-byte object. */
void *heap_alloc(struct heap *h, size_t size);

/* 0, or HEAP_ERR_FOREIGN / _MISALIGNED / _DOUBLE_FREE with nothing changed.
 * NULL is accepted and ignored. p must point into a mapped page. */
int heap_free(struct heap *h, void *p);

/* Usable bytes at p (>= the size asked for), or 0 if p is not ours. */
size_t heap_usable_size(const struct heap *h, const void *p);

/* Give cached empty slab pages back to the page allocator. */
void heap_trim(struct heap *h);

/* Walk every listed slab; 0 or HEAP_ERR_CORRUPT. */
int heap_check(const struct heap *h);

#endif
