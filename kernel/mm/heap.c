/* Heap pages come from the frame allocator and are used through the
 * direct map, so a heap pointer is always a direct-map address. A bad
 * kfree is a kernel bug (user input never reaches kfree unchecked), so it
 * panics with the heap's reason.
 *
 * Locks: heap_lock protects kheap; frame_lock is taken inside it. */
#include <string.h>
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"

/* protects: kheap (slab lists, statistics) */
static struct spinlock heap_lock = SPINLOCK_INIT("heap");
static struct heap kheap;

static unsigned pages_order(size_t npages)
{
	unsigned order = 0;
	while (((size_t)1 << order) < npages)
		order++;
	return order;
}

static void *kheap_pages_alloc(void *ctx, size_t npages)
{
	uint64_t pa = frame_alloc(pages_order(npages));
	return pa ? phys_to_virt(pa) : 0;
}

static void kheap_pages_free(void *ctx, void *p, size_t npages)
{
	frame_free(virt_to_phys(p), pages_order(npages));
}

static void *kheap_page_alloc(void *ctx)
{
	return kheap_pages_alloc(ctx, 1);
}

static void kheap_page_free(void *ctx, void *p)
{
	kheap_pages_free(ctx, p, 1);
}

void kheap_init(void)
{
	static const struct heap_ops ops = {
		kheap_page_alloc, kheap_page_free, kheap_pages_alloc,
		kheap_pages_free, 0,
	};
	heap_init(&kheap, &ops);
}

void *kmalloc(size_t size)
{
	spin_lock(&heap_lock);
	void *p = heap_alloc(&kheap, size);
	spin_unlock(&heap_lock);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree_block(void *p)
{
	spin_lock(&heap_lock);
	int err = heap_free(&kheap, p);
	spin_unlock(&heap_lock);
	if (err)
		panic("heap: bad kfree(%p): error %d", p, err);
}

struct heap_stats kheap_stats(void)
{
	spin_lock(&heap_lock);
	struct heap_stats s = kheap.stats;
	spin_unlock(&heap_lock);
	return s;
}

int kheap_check(void)
{
	spin_lock(&heap_lock);
	int err = heap_check(&kheap);
	spin_unlock(&heap_lock);
	return err;
}
