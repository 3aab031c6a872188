/* User address spaces: page-level mapping and user copies. Regions are
 * kept by kernel/mm/vma.c. Mappings are 4 KiB pages so any page can be
 * unmapped or re-protected alone. Frames the space allocated itself are
 * marked owned in the page table and freed with their mapping; memory
 * object frames are not (the object owns them).
 *
 * Locks: aspace.lock protects the user half of the tables; it is taken
 * before frame_lock. User copies take no lock: a racing unmap by another
 * thread of the same process can only make the copy fault, which the
 * recovery point turns into ERR_BAD_ADDRESS. A copy that meets an absent
 * page of a demand-zero region has it filled by the trap handler
 * (aspace_demand_fault, which takes aspace.lock) and goes on; writes
 * into another space (aspace_write) fill such pages the same way. */
#include <string.h>
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/account.h"
#include "lib/ring/abi.h"

int aspace_init(struct aspace *as, struct account *acct)
{
	as->lock = (struct spinlock)SPINLOCK_INIT("aspace");
	as->acct = acct;
	as->pages = 0;
	as->vmas = 0;
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
	vma_destroy_all(as);
	spin_lock(&as->lock);
	uint64_t root = as->root;
	as->root = 0;		/* late writers (aspace_write) now fail */
	spin_unlock(&as->lock);
	arch_pt_destroy_user(root, aspace_free_frame);
	frame_free(root, 0);
	as->pages = 0;
}

int aspace_map_fixed(struct aspace *as, uint64_t va, uint64_t pa,
		     unsigned prot)
{
	struct vma *v = kzalloc(sizeof(*v));
	if (!v)
		return ERR_NO_MEMORY;
	*v = (struct vma){ .start = va, .end = va + PAGE_SIZE, .prot = prot,
			   .kind = VMA_FIXED };
	spin_lock(&as->lock);
	int err = account_charge(as->acct, LEDGER_PAGES, 1);
	if (!err && arch_pt_map(as->root, va, pa, PAGE_SIZE, prot | MAP_USER |
				MAP_SMALL | MAP_OWNED)) {
		account_credit(as->acct, LEDGER_PAGES, 1);
		err = ERR_OVERLAP;
	}
	if (!err) {
		as->pages++;
		struct vma **pp = &as->vmas;
		while (*pp && (*pp)->start < va)
			pp = &(*pp)->next;
		v->next = *pp;
		*pp = v;
	}
	spin_unlock(&as->lock);
	if (err)
		kfree(v);
	return err;
}

uint64_t aspace_lookup(struct aspace *as, uint64_t va, unsigned *prot)
{
	uint64_t pa;
	spin_lock(&as->lock);
	bool ok = as->root && arch_pt_query(as->root, va, &pa, prot);
	spin_unlock(&as->lock);
	return ok ? pa : 0;
}

int aspace_write(struct aspace *as, uint64_t uaddr, const void *src, size_t n)
{
	if (!user_range_ok(uaddr, n))
		return ERR_BAD_ADDRESS;
	const uint8_t *s = src;
	while (n) {
		uint64_t off = uaddr & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;
		if (chunk > n)
			chunk = n;
		unsigned prot;
		uint64_t pa = aspace_lookup(as, uaddr - off, &prot);
		if (!pa && !aspace_demand_fault(as, uaddr, MAP_W))
			pa = aspace_lookup(as, uaddr - off, &prot);
		if (!pa || (prot & (MAP_USER | MAP_W)) != (MAP_USER | MAP_W))
			return ERR_BAD_ADDRESS;
		memcpy((uint8_t *)phys_to_virt(pa) + off, s, chunk);
		uaddr += chunk, s += chunk, n -= chunk;
	}
	return 0;
}

void aspace_switch(struct aspace *from, struct aspace *to, int cpu)
{
	if (from == to)
		return;
	if (from)
		__atomic_fetch_and(&from->active_cpus, ~(1ull << cpu), __ATOMIC_RELEASE);
	if (to)
		__atomic_fetch_or(&to->active_cpus, 1ull << cpu, __ATOMIC_ACQUIRE);
}

void aspace_tlb_sync(struct aspace *as)
{
	uint64_t mask = __atomic_load_n(&as->active_cpus, __ATOMIC_ACQUIRE);
	if (mask & ~(1ull << cpu_current_id()))
		arch_tlb_shootdown(mask);
}
