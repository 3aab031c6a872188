/* Threads of a process beyond the first: creation (ThreadSpawner), exit
 * (ThreadControl.exitThread, or the process ending), and the join record
 * a ThreadHandle waits on.
 *
 * Each thread has its own ring page at USER_RING_VADDR + slot pages; the
 * slot is taken from the process's bitmap at creation and the page
 * unmapped when the thread exits. Threads are charged to the process's
 * LEDGER_THREADS.
 *
 * Locks: process.lock protects the thread list, the ring-slot bitmap and
 * every join record's fields. */
#include "capos/err.h"
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"
#include "kernel/ipc/park.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"

static int ring_slot_take(struct process *p)
{
	for (int i = 0; i < PROC_THREADS_MAX; i++)
		if (!(p->ring_slots[i / 64] & (1ull << (i % 64)))) {
			p->ring_slots[i / 64] |= 1ull << (i % 64);
			return i;
		}
	return -1;
}

static void ring_slot_give(struct process *p, uint64_t uva)
{
	int i = (int)((uva - USER_RING_VADDR) / PAGE_SIZE);
	if (i >= 0 && i < PROC_THREADS_MAX)
		p->ring_slots[i / 64] &= ~(1ull << (i % 64));
}

static err_t thread_charge(struct process *p, int *slot)
{
	err_t err = account_charge(p->acct, LEDGER_THREADS, 1);
	if (err)
		return err;
	spin_lock(&p->lock);
	*slot = p->state == PROC_RUNNING ? ring_slot_take(p) : -1;
	spin_unlock(&p->lock);
	if (*slot < 0) {
		account_credit(p->acct, LEDGER_THREADS, 1);
		return p->state == PROC_RUNNING ? ERR_QUOTA : ERR_EXITED;
	}
	return ERR_OK;
}

static void thread_uncharge(struct process *p, int slot)
{
	spin_lock(&p->lock);
	ring_slot_give(p, USER_RING_VADDR + (uint64_t)slot * PAGE_SIZE);
	spin_unlock(&p->lock);
	account_credit(p->acct, LEDGER_THREADS, 1);
}

struct thread *process_add_thread(struct process *p, uint64_t entry,
				  uint64_t arg, uint64_t stack, uint64_t fs,
				  err_t *err)
{
	int slot;
	if ((*err = thread_charge(p, &slot)))
		return 0;
	uint64_t ring = USER_RING_VADDR + (uint64_t)slot * PAGE_SIZE;
	struct thread *t = thread_create_user(p, entry, arg, ring, stack);
	struct thread_rec *rec = t ? kzalloc(sizeof(*rec)) : 0;
	*err = rec ? aspace_map_fixed(&p->as, ring, t->ring_pa, MAP_R | MAP_W)
		   : ERR_NO_MEMORY;
	if (*err) {
		kfree(rec);
		if (t)
			thread_free_unstarted(t);
		thread_uncharge(p, slot);
		return 0;
	}
	t->ring_mapped = true;
	t->ring_uva = ring;
	t->fs_base = fs;
	rec->refs = 1;		/* the thread's own; a handle takes another */
	rec->tid = t->tid;
	t->rec = rec;
	spin_lock(&p->lock);
	t->proc_next = p->threads;
	p->threads = t;
	p->nthreads++;
	p->nthreads_live++;
	spin_unlock(&p->lock);
	return t;
}

void thread_rec_put(struct thread_rec *rec)
{
	if (rec && __atomic_sub_fetch(&rec->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(rec);
}

/* Record the exit and complete a waiting join. */
static void thread_rec_exit(struct process *p, struct thread_rec *rec,
			    int64_t code)
{
	spin_lock(&p->lock);
	rec->exited = true;
	rec->code = code;
	struct ring_pending *joiner = rec->joiner;
	rec->joiner = 0;
	spin_unlock(&p->lock);
	if (joiner) {
		thread_join_deliver(joiner, code);
		ring_pending_put(joiner);	/* the record's reference */
	}
	thread_rec_put(rec);
}

/* The ring slot and the thread quota go back before anyone learns of the
 * exit (join, clear-tid wake): a joiner that creates the next thread at
 * once must find both free. */
void thread_exit_current(int64_t code, bool first)
{
	struct thread *t = sched_current();
	struct process *p = t->proc;
	ring_thread_exit(t);
	if (p->state != PROC_EXITING && t->ring_uva != USER_RING_VADDR) {
		/* another thread carries on: give this ring page back */
		aspace_unmap_fixed(&p->as, t->ring_uva);
		spin_lock(&p->lock);
		ring_slot_give(p, t->ring_uva);
		spin_unlock(&p->lock);
	}
	account_credit(p->acct, LEDGER_THREADS, 1);
	if (t->rec)
		thread_rec_exit(p, t->rec, code);
	t->rec = 0;
	if (t->clear_tid && p->state != PROC_EXITING) {
		/* the thread will never run user code again: its joiner may
		 * free the stack once it sees the word cleared */
		uint32_t zero = 0;
		if (!copy_to_user(t->clear_tid, &zero, sizeof(zero)))
			park_wake(p, t->clear_tid, UINT32_MAX);
	}
	(void)first;
}

_Noreturn void thread_exit_self(int64_t code)
{
	struct thread *t = sched_current();
	struct process *p = t->proc;
	spin_lock(&p->lock);
	bool last = p->nthreads_live == 1;
	if (!last)
		p->nthreads_live--;
	spin_unlock(&p->lock);
	if (last)
		process_exit_current(code);
	thread_exit_current(code, false);
	sched_exit_current();
}
