/* VirtualMemory: the holder's own address space. The capability names no
 * object: it acts on the calling process's space, so a copy given to
 * another process lets that process manage its own memory, never ours. */
#include "capos/memory.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/process.h"

static struct aspace *vmem_as(void *self)
{
	return &((struct cap_call *)self)->t->proc->as;
}

static int vmem_map(void *self, VirtualMemory_map_Params_r p,
		    VirtualMemory_map_Results_b r)
{
	int prot = cap_prot_from_schema(VirtualMemory_map_Params_get_prot(p));
	uint64_t addr;
	if (prot < 0)
		return ERR_INVALID;
	int err = vma_map_anon(vmem_as(self), VirtualMemory_map_Params_get_hint(p),
			       VirtualMemory_map_Params_get_size(p), (unsigned)prot,
			       &addr);
	if (!err)
		VirtualMemory_map_Results_set_addr(r, addr);
	return err;
}

static int vmem_unmap(void *self, VirtualMemory_unmap_Params_r p,
		      VirtualMemory_unmap_Results_b r)
{
	return vma_unmap(vmem_as(self), VirtualMemory_unmap_Params_get_addr(p),
			 VirtualMemory_unmap_Params_get_size(p));
}

static int vmem_protect(void *self, VirtualMemory_protect_Params_r p,
			VirtualMemory_protect_Results_b r)
{
	int prot = cap_prot_from_schema(VirtualMemory_protect_Params_get_prot(p));
	if (prot < 0)
		return ERR_INVALID;
	return vma_protect(vmem_as(self), VirtualMemory_protect_Params_get_addr(p),
			   VirtualMemory_protect_Params_get_size(p), (unsigned)prot);
}

static int vmem_reserve(void *self, VirtualMemory_reserve_Params_r p,
			VirtualMemory_reserve_Results_b r)
{
	uint64_t addr;
	int err = vma_reserve(vmem_as(self), VirtualMemory_reserve_Params_get_hint(p),
			      VirtualMemory_reserve_Params_get_size(p), &addr);
	if (!err)
		VirtualMemory_reserve_Results_set_addr(r, addr);
	return err;
}

static int vmem_commit(void *self, VirtualMemory_commit_Params_r p,
		       VirtualMemory_commit_Results_b r)
{
	int prot = cap_prot_from_schema(VirtualMemory_commit_Params_get_prot(p));
	if (prot < 0)
		return ERR_INVALID;
	return vma_commit(vmem_as(self), VirtualMemory_commit_Params_get_addr(p),
			  VirtualMemory_commit_Params_get_size(p), (unsigned)prot);
}

static int vmem_decommit(void *self, VirtualMemory_decommit_Params_r p,
			 VirtualMemory_decommit_Results_b r)
{
	return vma_decommit(vmem_as(self), VirtualMemory_decommit_Params_get_addr(p),
			    VirtualMemory_decommit_Params_get_size(p));
}

static const struct VirtualMemory_server vmem_server = {
	.map = vmem_map, .unmap = vmem_unmap, .protect = vmem_protect,
	.reserve = vmem_reserve, .commit = vmem_commit,
	.decommit = vmem_decommit,
};

int vmem_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(VirtualMemory, &vmem_server, c);
}
