/* Kernel heap: slabs for small sizes, page runs for large ones.
 *
 * Every page the heap holds starts with a 64-byte header, so any pointer
 * we handed out finds its metadata by masking to the page:
 *
 *   slab page:  [struct heap_slab | obj 0 | obj 1 | ... ]   4032 bytes of
 *               objects, which every class size divides exactly
 *   large run:  [struct heap_large | user bytes ...........]  npages pages,
 *               the pointer is page + 64
 *
 * Objects carry no headers and free objects hold no links: a slab tracks
 * its objects in a 256-bit `used` bitmap in the header (bits past the last
 * object are kept set). So a stray write into freed memory cannot corrupt
 * the allocator, and a double free is a clear bit, not a list cycle.
 *
 * Classes (16 ... 2016, about x1.5 apart) are multiples of 16 so every
 * object is 16-aligned; large allocations are 64-aligned. Slabs with both
 * free and used objects sit on partial[class]; full slabs are on no list;
 * a slab that becomes empty is kept in empty[class] if that slot is free
 * (to avoid page churn at the boundary) and returned otherwise.
 *
 * Validation on free, before anything changes: the header magic and owner
 * must match (else FOREIGN), the pointer must be at an object start (else
 * MISALIGNED) and its bit set (else DOUBLE_FREE). Released pages get a
 * "dead" magic first, so a late double free on a page that is still
 * mapped but no longer ours also reports DOUBLE_FREE.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/mm/heap.h"

#define HEAP_HDR 64u
#define HEAP_AREA (HEAP_PAGE_SIZE - HEAP_HDR)
#define HEAP_MAP_WORDS 4

enum {
	HEAP_MAGIC_SLAB = 0x51ab51ab,
	HEAP_MAGIC_LARGE = 0x1a26e000,
	HEAP_MAGIC_DEAD = 0xdeadf4ee,
};

struct heap_slab {
	uint32_t magic;
	uint16_t cls;
	uint16_t nfree;
	struct heap *owner;
	struct heap_slab *next;
	struct heap_slab *prev;
	uint64_t used[HEAP_MAP_WORDS];
};

struct heap_large {
	uint32_t magic;
	uint32_t reserved;
	struct heap *owner;
	size_t npages;
	size_t size;
	uint64_t pad[4];
};

static const uint16_t heap_class_size[HEAP_NCLASSES] = {
	16, 32, 48, 64, 96, 144, 192, 288, 448, 672, 1008, 1344, 2016,
};

_Static_assert(sizeof(struct heap_slab) == HEAP_HDR, "slab header size");
_Static_assert(sizeof(struct heap_large) == HEAP_HDR, "large header size");
_Static_assert(HEAP_AREA / 16 <= 64 * HEAP_MAP_WORDS, "bitmap too small");
_Static_assert(HEAP_HDR % HEAP_ALIGN == 0, "objects start aligned");
_Static_assert(HEAP_SMALL_MAX == 2016, "largest class");

static unsigned heap_nobjs(unsigned cls)
{
	return HEAP_AREA / heap_class_size[cls];
}

static int heap_class_of(size_t size)
{
	for (int c = 0; c < HEAP_NCLASSES; c++)
		if (size <= heap_class_size[c])
			return c;
	return -1;
}

static unsigned heap_popcount(uint64_t x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)	/* no __builtin_popcount: it needs libgcc */
		n++;
	return n;
}

static void *heap_page_of(const void *p)
{
	return (void *)((uintptr_t)p & ~(uintptr_t)(HEAP_PAGE_SIZE - 1));
}

/* ---- slab lists ---- */

static void slab_push(struct heap *h, struct heap_slab *s)
{
	s->prev = NULL;
	s->next = h->partial[s->cls];
	if (s->next)
		s->next->prev = s;
	h->partial[s->cls] = s;
}

static void slab_unlink(struct heap *h, struct heap_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		h->partial[s->cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void slab_release(struct heap *h, struct heap_slab *s)
{
	s->magic = HEAP_MAGIC_DEAD;
	h->ops.page_free(h->ops.ctx, s);
	h->stats.slab_pages--;
}

static struct heap_slab *slab_new(struct heap *h, unsigned cls)
{
	void *page = h->ops.page_alloc(h->ops.ctx);
	if (page == NULL)
		return NULL;
	if ((uintptr_t)page % HEAP_PAGE_SIZE != 0) {
		h->ops.page_free(h->ops.ctx, page);
		return NULL;
	}
	struct heap_slab *s = page;
	unsigned n = heap_nobjs(cls);
	memset(s, 0, sizeof(*s));
	s->magic = HEAP_MAGIC_SLAB;
	s->cls = (uint16_t)cls;
	s->nfree = (uint16_t)n;
	s->owner = h;
	for (unsigned i = n; i < 64 * HEAP_MAP_WORDS; i++)
		s->used[i / 64] |= (uint64_t)1 << (i % 64);
	h->stats.slab_pages++;
	return s;
}

/* A slab of class cls with a free object, on the partial list. */
static struct heap_slab *slab_get(struct heap *h, unsigned cls)
{
	struct heap_slab *s = h->partial[cls];
	if (s)
		return s;
	s = h->empty[cls];
	h->empty[cls] = NULL;
	if (s == NULL)
		s = slab_new(h, cls);
	if (s)
		slab_push(h, s);
	return s;
}

/* ---- allocation ---- */

static void *heap_alloc_small(struct heap *h, unsigned cls)
{
	struct heap_slab *s = slab_get(h, cls);
	if (s == NULL)
		return NULL;
	unsigned w = 0;
	while (~s->used[w] == 0)
		w++;	/* nfree > 0, so some word has a clear bit */
	unsigned idx = w * 64 + (unsigned)__builtin_ctzll(~s->used[w]);
	s->used[w] |= (uint64_t)1 << (idx % 64);
	if (--s->nfree == 0)
		slab_unlink(h, s);
	h->stats.bytes_in_use += heap_class_size[cls];
	h->stats.objects_in_use++;
	return (uint8_t *)s + HEAP_HDR + (size_t)idx * heap_class_size[cls];
}

static void *heap_alloc_large(struct heap *h, size_t size)
{
	if (h->ops.pages_alloc == NULL ||
	    size > SIZE_MAX - HEAP_HDR - (HEAP_PAGE_SIZE - 1))
		return NULL;
	size_t npages = (size + HEAP_HDR + HEAP_PAGE_SIZE - 1) / HEAP_PAGE_SIZE;
	struct heap_large *l = h->ops.pages_alloc(h->ops.ctx, npages);
	if (l == NULL)
		return NULL;
	if ((uintptr_t)l % HEAP_PAGE_SIZE != 0) {
		h->ops.pages_free(h->ops.ctx, l, npages);
		return NULL;
	}
	memset(l, 0, sizeof(*l));
	l->magic = HEAP_MAGIC_LARGE;
	l->owner = h;
	l->npages = npages;
	l->size = size;
	h->stats.bytes_in_use += size;
	h->stats.objects_in_use++;
	h->stats.large_pages += npages;
	return (uint8_t *)l + HEAP_HDR;
}

void heap_init(struct heap *h, const struct heap_ops *ops)
{
	memset(h, 0, sizeof(*h));
	h->ops = *ops;
}

void *heap_alloc(struct heap *h, size_t size)
{
	int cls = heap_class_of(size);
	if (cls >= 0)
		return heap_alloc_small(h, (unsigned)cls);
	return heap_alloc_large(h, size);
}

/* ---- free ---- */

/* Object index of p in s, or a negative error. */
static long slab_index(const struct heap_slab *s, const void *p)
{
	uintptr_t base = (uintptr_t)s + HEAP_HDR;
	uintptr_t size = heap_class_size[s->cls];
	if ((uintptr_t)p < base || ((uintptr_t)p - base) % size != 0 ||
	    ((uintptr_t)p - base) / size >= heap_nobjs(s->cls))
		return HEAP_ERR_MISALIGNED;
	return (long)(((uintptr_t)p - base) / size);
}

static int slab_free(struct heap *h, struct heap_slab *s, void *p)
{
	long idx = slab_index(s, p);
	if (idx < 0)
		return (int)idx;
	uint64_t bit = (uint64_t)1 << (idx % 64);
	if (!(s->used[idx / 64] & bit))
		return HEAP_ERR_DOUBLE_FREE;
	s->used[idx / 64] &= ~bit;
	h->stats.bytes_in_use -= heap_class_size[s->cls];
	h->stats.objects_in_use--;
	if (++s->nfree == 1)
		slab_push(h, s);	/* was full, so on no list */
	if (s->nfree < heap_nobjs(s->cls))
		return 0;
	slab_unlink(h, s);
	if (h->empty[s->cls] == NULL)
		h->empty[s->cls] = s;
	else
		slab_release(h, s);
	return 0;
}

static int large_free(struct heap *h, struct heap_large *l)
{
	size_t npages = l->npages;
	h->stats.bytes_in_use -= l->size;
	h->stats.objects_in_use--;
	h->stats.large_pages -= npages;
	l->magic = HEAP_MAGIC_DEAD;
	h->ops.pages_free(h->ops.ctx, l, npages);
	return 0;
}

int heap_free(struct heap *h, void *p)
{
	if (p == NULL)
		return 0;
	void *page = heap_page_of(p);
	const struct heap_slab *s = page;
	if (s->magic == HEAP_MAGIC_DEAD)
		return HEAP_ERR_DOUBLE_FREE;
	if (s->owner != h)
		return HEAP_ERR_FOREIGN;
	if (s->magic == HEAP_MAGIC_SLAB)
		return slab_free(h, page, p);
	if (s->magic != HEAP_MAGIC_LARGE)
		return HEAP_ERR_FOREIGN;
	if ((uint8_t *)p != (uint8_t *)page + HEAP_HDR)
		return HEAP_ERR_MISALIGNED;
	return large_free(h, page);
}

size_t heap_usable_size(const struct heap *h, const void *p)
{
	const struct heap_slab *s = heap_page_of(p);
	if (p == NULL || s->owner != h)
		return 0;
	if (s->magic == HEAP_MAGIC_SLAB && slab_index(s, p) >= 0)
		return heap_class_size[s->cls];
	const struct heap_large *l = (const void *)s;
	if (l->magic == HEAP_MAGIC_LARGE && (const uint8_t *)p ==
	    (const uint8_t *)l + HEAP_HDR)
		return l->npages * HEAP_PAGE_SIZE - HEAP_HDR;
	return 0;
}

void heap_trim(struct heap *h)
{
	for (unsigned c = 0; c < HEAP_NCLASSES; c++) {
		if (h->empty[c])
			slab_release(h, h->empty[c]);
		h->empty[c] = NULL;
	}
}

/* ---- consistency check ---- */

/* Slab s of class cls must have exactly nfree clear valid bits, all its
 * invalid bits set, and nfree within [lo, hi]. */
static int slab_check(const struct heap *h, const struct heap_slab *s,
		      unsigned cls, unsigned lo, unsigned hi)
{
	unsigned n = heap_nobjs(cls), used = 0;
	if (s->magic != HEAP_MAGIC_SLAB || s->owner != h || s->cls != cls ||
	    s->nfree < lo || s->nfree > hi)
		return HEAP_ERR_CORRUPT;
	for (unsigned w = 0; w < HEAP_MAP_WORDS; w++)
		used += heap_popcount(s->used[w]);
	if (used != 64u * HEAP_MAP_WORDS - s->nfree)
		return HEAP_ERR_CORRUPT;
	for (unsigned i = n; i < 64 * HEAP_MAP_WORDS; i++)
		if (!(s->used[i / 64] & ((uint64_t)1 << (i % 64))))
			return HEAP_ERR_CORRUPT;
	return 0;
}

int heap_check(const struct heap *h)
{
	size_t seen = 0;
	for (unsigned c = 0; c < HEAP_NCLASSES; c++) {
		unsigned n = heap_nobjs(c);
		const struct heap_slab *prev = NULL;
		for (const struct heap_slab *s = h->partial[c]; s; s = s->next) {
			if (++seen > h->stats.slab_pages || s->prev != prev ||
			    slab_check(h, s, c, 1, n - 1))
				return HEAP_ERR_CORRUPT;
			prev = s;
		}
		if (h->empty[c] && (++seen > h->stats.slab_pages ||
				    slab_check(h, h->empty[c], c, n, n)))
			return HEAP_ERR_CORRUPT;
	}
	return 0;
}
