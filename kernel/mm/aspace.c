/* User address spaces. Mappings are 4 KiB pages so any page can be
 * unmapped or re-protected alone. Frames the space allocated itself are
 * marked owned in the page table and freed when the space is destroyed;
 * shared frames (later: MemoryObject) are not.
 *
 * Locks: aspace.lock protects the user half of the tables; it is taken
 * before frame_lock. User copies take no lock: a racing unmap by another
 * thread of the same process can only make the copy fault, which the
 * recovery point turns into ERR_BAD_ADDRESS. */
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"
#include "lib/ring/abi.h"

int aspace_init(struct aspace *as)
{
	as->lock = (struct spinlock)SPINLOCK_INIT("aspace");
	as->pages = 0;
	as->root = frame_alloc_zeroed(0);
	if (!as->root)
		return ERR_NO_MEMORY;
	arch_pt_share_kernel_half(as->root, kmap_kernel_root());
	return 0;
}

static void aspace_free_frame(uint64_t pa)
{
	frame_free(pa, 0);
}

void aspace_destroy(struct aspace *as)
{
	if (!as->root)
		return;
	arch_pt_destroy_user(as->root, aspace_free_frame);
	frame_free(as->root, 0);
	as->root = 0;
	as->pages = 0;
}

static bool user_page_ok(uint64_t va, size_t npages)
{
	return !(va & (PAGE_SIZE - 1)) && npages <= USER_TOP / PAGE_SIZE &&
	       user_range_ok(va, npages * PAGE_SIZE);
}

static void aspace_unmap_locked(struct aspace *as, uint64_t va, size_t npages)
{
	for (size_t i = 0; i < npages; i++) {
		bool owned;
		uint64_t pa = arch_pt_unmap_page(as->root, va + i * PAGE_SIZE, &owned);
		if (!pa)
			continue;
		as->pages--;
		if (owned)
			frame_free(pa, 0);
	}
}

int aspace_map_new(struct aspace *as, uint64_t va, size_t npages,
		   unsigned prot)
{
	if (!user_page_ok(va, npages))
		return ERR_BAD_ADDRESS;
	spin_lock(&as->lock);
	for (size_t i = 0; i < npages; i++) {
		uint64_t pa = frame_alloc_zeroed(0);
		int err = pa ? arch_pt_map(as->root, va + i * PAGE_SIZE, pa, PAGE_SIZE,
					   prot | MAP_USER | MAP_SMALL | MAP_OWNED)
			     : -1;
		if (err) {
			if (pa)
				frame_free(pa, 0);
			aspace_unmap_locked(as, va, i);
			spin_unlock(&as->lock);
			return pa ? ERR_OVERLAP : ERR_NO_MEMORY;
		}
		as->pages++;
	}
	spin_unlock(&as->lock);
	return 0;
}

int aspace_map_frame(struct aspace *as, uint64_t va, uint64_t pa,
		     unsigned prot, bool owned)
{
	if (!user_page_ok(va, 1))
		return ERR_BAD_ADDRESS;
	spin_lock(&as->lock);
	int err = arch_pt_map(as->root, va, pa, PAGE_SIZE, prot | MAP_USER |
			      MAP_SMALL | (owned ? MAP_OWNED : 0));
	if (!err)
		as->pages++;
	spin_unlock(&as->lock);
	return err ? ERR_OVERLAP : 0;
}

uint64_t aspace_lookup(struct aspace *as, uint64_t va, unsigned *prot)
{
	uint64_t pa;
	spin_lock(&as->lock);
	bool ok = arch_pt_query(as->root, va, &pa, prot);
	spin_unlock(&as->lock);
	return ok ? pa : 0;
}

bool user_range_ok(uint64_t uaddr, size_t n)
{
	return uaddr < USER_TOP && n <= USER_TOP - uaddr;
}

int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return ERR_BAD_ADDRESS;
	if (n && arch_user_copy(dst, (const void *)usrc, n))
		return ERR_BAD_ADDRESS;
	return 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return ERR_BAD_ADDRESS;
	if (n && arch_user_copy((void *)udst, src, n))
		return ERR_BAD_ADDRESS;
	return 0;
}
