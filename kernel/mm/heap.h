/* The kernel heap: lib/mm/heap.c's size-class slabs over direct-mapped
 * frames, under one lock. */
#ifndef CAPOS_MM_HEAP_H
#define CAPOS_MM_HEAP_H
#include <stddef.h>
#include "lib/mm/heap.h"

void kheap_init(void);
void *kmalloc(size_t size);		/* NULL when out of memory */
void *kzalloc(size_t size);
void kfree_block(void *p);		/* panics on a foreign or double free */
/* NULL is a no-op, tested inline: the ring path frees buffers it mostly
 * did not need. */
static inline void kfree(void *p)
{
	if (p)
		kfree_block(p);
}
struct heap_stats kheap_stats(void);
int kheap_check(void);

#endif
