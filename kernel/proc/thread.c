/* Thread objects: kernel stack (guarded, from the stack cache), FPU state
 * page, and for user threads the ring page shared with user space. */
#include <string.h>
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/panic.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/process.h"
#include "kernel/proc/thread.h"

static int thread_next_tid = 1;

static struct thread *thread_alloc(void)
{
	struct thread *t = kzalloc(sizeof(*t));
	if (!t)
		return 0;
	t->tid = __atomic_fetch_add(&thread_next_tid, 1, __ATOMIC_RELAXED);
	t->refs = 1;
	t->ring_lock = (struct spinlock)SPINLOCK_INIT("ring");
	t->wait_timer.cpu = -1;
	return t;
}

struct thread *thread_create_idle(void)
{
	struct thread *t = thread_alloc();
	if (!t)
		panic("sched: no memory for an idle thread");
	return t;
}

static int thread_ring_init(struct thread *t)
{
	t->ring_pa = frame_alloc_zeroed(0);
	if (!t->ring_pa)
		return -1;
	t->ring = phys_to_virt(t->ring_pa);
	struct ring_header *h = &t->ring->hdr;
	h->magic = RING_MAGIC;
	h->version = RING_VERSION;
	h->sq_entries = RING_SQ_ENTRIES;
	h->cq_entries = RING_CQ_ENTRIES;
	h->sq_off = offsetof(struct ring_page, sq);
	h->cq_off = offsetof(struct ring_page, cq);
	return 0;
}

static void thread_release_memory(struct thread *t)
{
	if (t->fpu)
		frame_free(virt_to_phys(t->fpu), 0);
	if (t->scratch)
		frame_free(virt_to_phys(t->scratch), 0);
	if (t->ring_pa && !t->ring_mapped)
		frame_free(t->ring_pa, 0);
	if (t->kstack_bottom)
		kstack_free(t->kstack_bottom, KSTACK_CACHE_PAGES);
	t->fpu = 0, t->scratch = 0, t->kstack_bottom = 0;
	thread_put(t);
}

void thread_get(struct thread *t)
{
	__atomic_fetch_add(&t->refs, 1, __ATOMIC_RELAXED);
}

void thread_put(struct thread *t)
{
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(t);
}

struct thread *thread_create_user(struct process *p, uint64_t entry,
				  uint64_t rdi, uint64_t rsi, uint64_t rsp)
{
	struct thread *t = thread_alloc();
	if (!t)
		return 0;
	t->proc = p;
	t->cpu = cpu_current_id();
	t->kstack_top = kstack_alloc(KSTACK_CACHE_PAGES, &t->kstack_bottom);
	uint64_t fpu_pa = frame_alloc_zeroed(0), scratch_pa = frame_alloc(0);
	t->fpu = fpu_pa ? phys_to_virt(fpu_pa) : 0;
	t->scratch = scratch_pa ? phys_to_virt(scratch_pa) : 0;
	if (!fpu_pa || !scratch_pa || thread_ring_init(t)) {
		thread_release_memory(t);
		return 0;
	}
	arch_fpu_init_state(t->fpu);
	t->ksp = arch_thread_prepare_user(t->kstack_top, entry, rdi, rsi, rsp);
	return t;
}

void thread_free_unstarted(struct thread *t)
{
	thread_release_memory(t);
}

/* The ring frame is mapped into the process as well; the process's
 * address space owns that mapping, so we only drop our view of it. */
void thread_free(struct thread *t)
{
	struct process *p = t->proc;
	if (p)
		process_thread_gone(p, t);
	thread_release_memory(t);
}
