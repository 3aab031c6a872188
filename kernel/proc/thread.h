/* Threads: the unit the scheduler runs. A thread belongs to one process
 * (or to none: each CPU's idle thread), has its own kernel stack with a
 * guard page, its own FPU state and its own ring page.
 *
 * Lifecycle: thread_create -> RUNNABLE <-> RUNNING <-> BLOCKED -> DEAD.
 * A DEAD thread's stack is still in use until the CPU has switched away
 * from it; the scheduler frees it on the next switch (sched_reap). */
#ifndef CAPOS_PROC_THREAD_H
#define CAPOS_PROC_THREAD_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/core/spinlock.h"
#include "kernel/time/timer.h"
#include "lib/ring/ring.h"

struct process;
struct ring_pending;

/* What a ThreadHandle sees of a thread: outlives the thread while a
 * handle holds it. Fields under the owning process's lock. */
struct thread_rec {
	int refs;			/* atomic: the thread + a handle */
	int tid;
	bool exited, joined;
	int64_t code;
	struct ring_pending *joiner;	/* a pending join (one reference) */
};

enum thread_state {
	THREAD_RUNNABLE, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD,
};

struct thread {
	int refs;			/* atomic: alive + pending operations */
	int tid;
	struct process *proc;		/* NULL for idle threads */
	enum thread_state state;	/* protected by the run queue lock */
	uintptr_t ksp;			/* saved kernel stack pointer */
	uintptr_t kstack_bottom, kstack_top;
	void *fpu;			/* FPU/SSE state, 64-byte aligned page */
	struct thread *rq_next;		/* run queue link */
	bool on_rq;			/* queued (run queue lock) */
	bool placed;			/* a CPU was chosen for it */
	struct thread *proc_next;	/* process's thread list (proc lock) */
	int cpu;			/* CPU whose run queue owns it */
	uint64_t fs_base;		/* user thread pointer */
	struct thread_rec *rec;		/* join record (not the first thread) */
	uint64_t clear_tid;		/* word zeroed and woken at exit, or 0 */

	/* ring: page shared with user space, kernel-private indices.
	 * ring_lock protects the indices, the waiting fields and pending
	 * operations; it nests outside the run queue lock. */
	struct spinlock ring_lock;
	struct ring_page *ring;		/* via the direct map */
	uint64_t ring_pa, ring_uva;
	bool ring_mapped;		/* then the address space owns ring_pa */
	uint32_t sq_head;		/* authoritative SQ consumer index */
	uint32_t cq_tail;		/* authoritative CQ producer index */
	/* cq_tail plus the completions promised but not posted: only this
	 * thread, in cap_enter, reserves (and so writes it); posting turns
	 * a promise into an entry and leaves it as it is. No lock. */
	uint32_t cq_committed;

	/* cap_enter waiting */
	uint32_t wait_min;
	bool waiting;
	bool wait_timed_out;
	struct ktimer wait_timer;
	struct ring_pending *pending;	/* asynchronous operations in flight */
	uint8_t *scratch;		/* one page for params/results copies */
};

/* A thread of `p` entering user mode at `entry` with rdi/rsi/rsp set. */
struct thread *thread_create_user(struct process *p, uint64_t entry,
				  uint64_t rdi, uint64_t rsi, uint64_t rsp);
struct thread *thread_create_idle(void);
void thread_free(struct thread *t);
/* Free a thread that never ran (a failed process load). */
void thread_free_unstarted(struct thread *t);
void thread_rec_put(struct thread_rec *rec);
/* The struct outlives the thread while pending operations name it. */
void thread_get(struct thread *t);
void thread_put(struct thread *t);
/* Complete a ThreadHandle.join with the exit code (thread_handle.c). */
void thread_join_deliver(struct ring_pending *op, int64_t code);

#endif
