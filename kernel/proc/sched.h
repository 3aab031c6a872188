/* The scheduler: per-CPU run queues, round robin with a 10 ms time slice.
 * The kernel is not preemptible: a thread in the kernel runs until it
 * blocks, yields or returns to user mode, which is where a pending time
 * slice expiry or wake-up takes effect (sched_preempt_point).
 *
 * Locks: runqueue.lock (one per CPU) protects its queue, every queued
 * thread's state/on_rq/rq_next, and the CPU's `current`. It nests inside
 * nothing but may be taken with interrupts off; log_lock may be taken
 * inside it. */
#ifndef CAPOS_PROC_SCHED_H
#define CAPOS_PROC_SCHED_H
#include "kernel/core/cpu.h"
#include "kernel/proc/thread.h"

#define SCHED_SLICE_NS 10000000ull

void sched_init_cpu(void);
_Noreturn void sched_idle_loop(void);
void sched_enqueue(struct thread *t);
void schedule(void);
/* Mark the current thread blocked; the caller then re-checks its wake
 * condition and calls schedule() (a wake in between makes it runnable). */
void sched_prepare_block(void);
void sched_wake(struct thread *t);
/* Wake t to run next on its CPU (IPC direct handoff). */
void sched_handoff(struct thread *t);
/* Called on every return to user mode. Inline, like sched_current: both
 * are on every kernel entry's path (see docs/architecture.md, "Cost"). */
static inline void sched_preempt_point(void)
{
	if (cpu_current()->need_resched)
		schedule();
}
/* The current thread ends; its stack is freed after the switch. */
_Noreturn void sched_exit_current(void);
static inline struct thread *sched_current(void)
{
	return cpu_current()->current;
}

#endif
