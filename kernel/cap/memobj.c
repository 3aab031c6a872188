/* MemoryObject: frames every holder may map. One reference per capability
 * and one per mapping; the frames go back to the allocator and the
 * creator's account is credited when the last reference goes. */
#include "capos/memory.h"
#include "kernel/cap/cap_util.h"
#include "kernel/cap/memobj.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/process.h"

static void memobj_free_frames(struct memobj *mo, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		frame_free(mo->frames[i], 0);
}

static unsigned memobj_order(uint32_t pages)
{
	unsigned order = 0;
	while ((1u << order) < pages)
		order++;
	return order;
}

static int memobj_fill(struct memobj *mo)
{
	if (mo->contiguous) {
		unsigned order = memobj_order(mo->npages);
		uint64_t pa = order <= 10 ? frame_alloc_zeroed(order) : 0;
		for (uint32_t i = 0; pa && i < mo->npages; i++)
			mo->frames[i] = pa + (uint64_t)i * PAGE_SIZE;
		return pa ? 0 : ERR_NO_MEMORY;
	}
	for (uint32_t i = 0; i < mo->npages; i++) {
		mo->frames[i] = frame_alloc_zeroed(0);
		if (!mo->frames[i]) {
			memobj_free_frames(mo, i);
			return ERR_NO_MEMORY;
		}
	}
	return 0;
}

struct memobj *memobj_create(uint32_t pages, bool contiguous,
			     struct account *acct, int *err)
{
	if (!pages || pages > MEMOBJ_MAX_PAGES ||
	    (contiguous && memobj_order(pages) > 10)) {
		*err = pages ? ERR_TOO_LARGE : ERR_INVALID;
		return 0;
	}
	if ((*err = account_charge(acct, LEDGER_PAGES, pages)))
		return 0;
	struct memobj *mo = kzalloc(sizeof(*mo) + pages * sizeof(uint64_t));
	*err = mo ? 0 : ERR_NO_MEMORY;
	if (mo) {
		*mo = (struct memobj){ .refs = 1, .npages = pages,
				       .contiguous = contiguous, .acct = acct };
		*err = memobj_fill(mo);
	}
	if (*err) {
		account_credit(acct, LEDGER_PAGES, pages);
		kfree(mo);
		return 0;
	}
	account_get(acct);
	return mo;
}

void memobj_get(struct memobj *mo)
{
	__atomic_fetch_add(&mo->refs, 1, __ATOMIC_RELAXED);
}

void memobj_put(struct memobj *mo)
{
	if (__atomic_sub_fetch(&mo->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (mo->contiguous)
		frame_free(mo->frames[0], memobj_order(mo->npages));
	else
		memobj_free_frames(mo, mo->npages);
	account_credit(mo->acct, LEDGER_PAGES, mo->npages);
	account_put(mo->acct);
	kfree(mo);
}

void memobj_cap_release(void *obj)
{
	memobj_put(obj);
}

static struct memobj *memobj_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static int memobj_info(void *self, MemoryObject_info_Params_r p,
		       MemoryObject_info_Results_b r)
{
	struct memobj *mo = memobj_self(self);
	MemoryObject_info_Results_set_pages(r, mo->npages);
	MemoryObject_info_Results_set_size(r, (uint64_t)mo->npages * PAGE_SIZE);
	return 0;
}

static int memobj_map(void *self, MemoryObject_map_Params_r p,
		      MemoryObject_map_Results_b r)
{
	struct cap_call *c = self;
	int prot = cap_prot_from_schema(MemoryObject_map_Params_get_prot(p));
	uint64_t addr;
	if (prot < 0)
		return ERR_INVALID;
	int err = vma_map_memobj(&c->t->proc->as, memobj_self(self),
				 MemoryObject_map_Params_get_hint(p),
				 MemoryObject_map_Params_get_offsetPages(p),
				 MemoryObject_map_Params_get_pages(p), (unsigned)prot,
				 &addr);
	if (!err)
		MemoryObject_map_Results_set_addr(r, addr);
	return err;
}

static int memobj_unmap(void *self, MemoryObject_unmap_Params_r p,
			MemoryObject_unmap_Results_b r)
{
	struct cap_call *c = self;
	return vma_unmap_memobj(&c->t->proc->as, memobj_self(self),
				MemoryObject_unmap_Params_get_addr(p));
}

static int memobj_protect(void *self, MemoryObject_protect_Params_r p,
			  MemoryObject_protect_Results_b r)
{
	struct cap_call *c = self;
	int prot = cap_prot_from_schema(MemoryObject_protect_Params_get_prot(p));
	if (prot < 0)
		return ERR_INVALID;
	return vma_protect_memobj(&c->t->proc->as, memobj_self(self),
				  MemoryObject_protect_Params_get_addr(p),
				  (unsigned)prot);
}

static const struct MemoryObject_server memobj_server = {
	.info = memobj_info, .map = memobj_map, .unmap = memobj_unmap,
	.protect = memobj_protect,
};

int memobj_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(MemoryObject, &memobj_server, c);
}
