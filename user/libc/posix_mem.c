/* Anonymous memory through the "vm" capability (VirtualMemory).
 *
 *   mmap(PROT_NONE)   -> reserve: address space only, no frames
 *   mmap(other prot)  -> map: zero-filled pages (the kernel populates
 *                        them at once, so only ask for what you use)
 *   mprotect          -> commit inside a reserved range (musl's malloc
 *                        reserves its metadata area with PROT_NONE and
 *                        opens it page by page), protect elsewhere; the
 *                        layer remembers its reservations to pick the
 *                        right call first, as the kernel logs refusals
 *   munmap            -> unmap (the whole range must be mapped)
 *
 * MAP_FIXED asks for the hint and, if it is taken by an existing
 * mapping that the range covers exactly, replaces it as Linux does;
 * anything it cannot honour fails with ENOMEM rather than landing
 * elsewhere. Without a "vm" capability every call fails with ENOMEM,
 * so malloc returns NULL.
 */
#include <errno.h>
#include <sys/mman.h>
#include "capos/memory.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"

static uint32_t reserved_lock;		/* protects: reserved */
static struct posix_ranges reserved;	/* hints: see posix_check.h */

enum vm_op { VM_MAP, VM_RESERVE, VM_UNMAP, VM_PROTECT, VM_COMMIT };

struct vm_args {
	uint64_t addr, size;
	uint32_t prot;
};

static int vm_prepare(struct capn_call *c, uint8_t *buf, size_t len,
		      enum vm_op op, const struct vm_args *a)
{
	switch (op) {
	case VM_MAP:
		return VirtualMemory_map_prepare(c, buf, len, a->addr, a->size,
						 a->prot);
	case VM_RESERVE:
		return VirtualMemory_reserve_prepare(c, buf, len, a->addr, a->size);
	case VM_UNMAP:
		return VirtualMemory_unmap_prepare(c, buf, len, a->addr, a->size);
	case VM_PROTECT:
		return VirtualMemory_protect_prepare(c, buf, len, a->addr, a->size,
						     a->prot);
	case VM_COMMIT:
		return VirtualMemory_commit_prepare(c, buf, len, a->addr, a->size,
						    a->prot);
	}
	return -1;
}

/* One VirtualMemory call: the capOS status; *addr gets map/reserve's
 * result. Both results hold one UInt64 at the same place. */
static int32_t vm_call(enum vm_op op, const struct vm_args *a, uint64_t *addr)
{
	uint8_t params[96], results[64];
	struct capn_call c;
	struct capn_msg m;
	VirtualMemory_map_Results_r r;
	if (vm_prepare(&c, params, sizeof(params), op, a))
		return ERR_INVALID;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_VM), &c);
	if (st >= 0 && addr) {
		if (VirtualMemory_map_results(&m, &c, st, &r))
			return ERR_INTERNAL;
		*addr = VirtualMemory_map_Results_get_addr(r);
	}
	return st < 0 ? st : 0;
}

static long vm_place(const struct posix_map_req *q, uint64_t *addr)
{
	struct vm_args a = { q->hint, q->size, q->prot };
	int32_t st = vm_call(q->reserve ? VM_RESERVE : VM_MAP, &a, addr);
	if (st < 0)
		return -posix_errno_from_err(st);
	if (q->reserve) {
		posix_lock(&reserved_lock);
		posix_ranges_add(&reserved, *addr, q->size);
		posix_unlock(&reserved_lock);
	}
	return 0;
}

void posix_mem_forget(uint64_t addr, uint64_t size)
{
	posix_lock(&reserved_lock);
	posix_ranges_forget(&reserved, addr, size);
	posix_unlock(&reserved_lock);
}

static int32_t vm_unmap(uint64_t addr, uint64_t size)
{
	struct vm_args a = { addr, size, 0 };
	posix_mem_forget(addr, size);
	return vm_call(VM_UNMAP, &a, 0);
}

/* MAP_FIXED landed elsewhere: give that back, and replace whatever
 * holds the hint unless the caller said NOREPLACE. */
static long vm_place_fixed(const struct posix_map_req *q, uint64_t got)
{
	vm_unmap(got, q->size);
	if (q->noreplace)
		return -EEXIST;
	if (vm_unmap(q->hint, q->size) < 0)
		return -ENOMEM;		/* partly mapped: cannot replace */
	long err = vm_place(q, &got);
	if (err)
		return err;
	if (got == q->hint)
		return (long)got;
	vm_unmap(got, q->size);
	return -ENOMEM;
}

long posix_mem_mmap(uint64_t addr, uint64_t len, int prot, int flags,
		    int fd, int64_t off)
{
	struct posix_map_req q;
	uint64_t got;
	long err = posix_mmap_check(addr, len, prot, flags, fd, off, &q);
	if (err)
		return err;
	if (posix_cap(POSIX_CAP_VM) == CAP_HANDLE_NONE)
		return -ENOMEM;
	err = vm_place(&q, &got);
	if (err)
		return err;
	if (q.fixed && got != q.hint)
		return vm_place_fixed(&q, got);
	return (long)got;
}

long posix_mem_munmap(uint64_t addr, uint64_t len)
{
	uint64_t size;
	long err = posix_munmap_check(addr, len, &size);
	if (err)
		return err;
	if (posix_cap(POSIX_CAP_VM) == CAP_HANDLE_NONE)
		return -EINVAL;
	int32_t st = vm_unmap(addr, size);
	/* Linux: a range with holes is fine; capOS unmaps all or nothing */
	return st == ERR_NOT_MAPPED ? -EINVAL : posix_call_errno(st);
}

long posix_mem_mprotect(uint64_t addr, uint64_t len, int prot)
{
	struct vm_args a = { addr, 0, 0 };
	long err = posix_mprotect_check(addr, len, prot, &a.size, &a.prot);
	if (err || a.size == 0)
		return err;
	if (posix_cap(POSIX_CAP_VM) == CAP_HANDLE_NONE)
		return -ENOMEM;
	posix_lock(&reserved_lock);
	bool opening = a.prot != 0 && posix_ranges_cover(&reserved, addr, a.size);
	posix_unlock(&reserved_lock);
	int32_t st = vm_call(opening ? VM_COMMIT : VM_PROTECT, &a, 0);
	if (st == ERR_NOT_MAPPED && a.prot != 0)	/* the hint was wrong */
		st = vm_call(opening ? VM_PROTECT : VM_COMMIT, &a, 0);
	return posix_call_errno(st);
}
