/* FrameAllocator: fresh MemoryObjects, charged to the caller's account,
 * and the allocator's totals. */
#include "capos/memory.h"
#include "kernel/cap/cap_util.h"
#include "kernel/cap/memobj.h"
#include "kernel/mm/frame.h"
#include "kernel/proc/process.h"

static int frame_alloc_allocate(void *self, FrameAllocator_allocate_Params_r p,
				FrameAllocator_allocate_Results_b r)
{
	struct cap_call *c = self;
	int err;
	struct memobj *mo = memobj_create(FrameAllocator_allocate_Params_get_pages(p),
					  FrameAllocator_allocate_Params_get_contiguous(p),
					  c->t->proc->acct, &err);
	if (!mo)
		return err;
	uint32_t idx;
	err = cap_call_return_cap(c, CAP_MEMOBJ, MemoryObject_IFACE_ID, mo, 0, &idx);
	if (err) {
		memobj_put(mo);
		return err;
	}
	FrameAllocator_allocate_Results_set_memory(r, idx);
	return 0;
}

static int frame_alloc_stats(void *self, FrameAllocator_stats_Params_r p,
			     FrameAllocator_stats_Results_b r)
{
	FrameAllocator_stats_Results_set_freePages(r, frame_free_count());
	FrameAllocator_stats_Results_set_totalPages(r, frame_total_count());
	return 0;
}

static const struct FrameAllocator_server frame_alloc_server = {
	.allocate = frame_alloc_allocate, .stats = frame_alloc_stats,
};

int frame_alloc_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(FrameAllocator, &frame_alloc_server, c);
}
