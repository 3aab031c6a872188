/* Per-CPU round-robin run queues. Each CPU runs its queue's head for one
 * time slice; the idle thread (the CPU's boot context) runs when the queue
 * is empty and halts until an interrupt.
 *
 * The run queue lock is held across the context switch: it is taken by
 * the thread that switches away and released by the thread that resumes
 * (in schedule() after arch_switch, or in sched_thread_first_run for a new
 * thread). Interrupts stay off across the switch; each thread restores its
 * own interrupt state from its own stack. */
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/kmap.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "kernel/time/clock.h"

struct runqueue {
	struct spinlock lock;	/* protects: below, and cpu->current */
	struct thread *head, *tail;
	int count;		/* queued threads (read unlocked as a hint) */
	struct thread *reap;	/* dead thread whose stack we left */
	struct ktimer tick;
};

static struct runqueue runqueues[CPU_MAX];

static struct runqueue *rq_of(int cpu)
{
	return &runqueues[cpu];
}

static void rq_push_locked(struct runqueue *rq, struct thread *t)
{
	t->rq_next = 0;
	t->on_rq = true;
	rq->count++;
	if (rq->tail)
		rq->tail->rq_next = t;
	else
		rq->head = t;
	rq->tail = t;
}

static struct thread *rq_pop_locked(struct runqueue *rq)
{
	struct thread *t = rq->head;
	if (!t)
		return 0;
	rq->head = t->rq_next;
	if (!rq->head)
		rq->tail = 0;
	t->on_rq = false;
	rq->count--;
	return t;
}

static void sched_tick(struct ktimer *t)
{
	struct cpu *c = cpu_current();
	if (rq_of(c->id)->head)
		c->need_resched = true;
	timer_arm(t, clock_monotonic_ns() + SCHED_SLICE_NS, sched_tick);
}

void sched_init_cpu(void)
{
	struct cpu *c = cpu_current();
	struct runqueue *rq = rq_of(c->id);
	rq->lock = (struct spinlock)SPINLOCK_INIT("runqueue");
	c->idle = thread_create_idle();
	c->idle->cpu = c->id;
	c->idle->state = THREAD_RUNNING;
	c->current = c->idle;
	timer_arm(&rq->tick, clock_monotonic_ns() + SCHED_SLICE_NS, sched_tick);
}

/* Lock the run queue that owns t; a thread can move between the read of
 * t->cpu and the lock, so check again under the lock. */
static struct runqueue *rq_lock_owner(struct thread *t)
{
	for (;;) {
		int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		struct runqueue *rq = rq_of(cpu);
		spin_lock(&rq->lock);
		if (t->cpu == cpu)
			return rq;
		spin_unlock(&rq->lock);
	}
}

/* New threads go to the online CPU with the shortest queue. */
static int sched_pick_cpu(void)
{
	int best = cpu_current_id();
	for (int i = 0; i < CPU_MAX; i++) {
		if (!cpu_get(i))
			continue;
		int load = rq_of(i)->count + (cpu_get(i)->current != cpu_get(i)->idle);
		int best_load = rq_of(best)->count +
				(cpu_get(best)->current != cpu_get(best)->idle);
		if (load < best_load)
			best = i;
	}
	return best;
}

static void sched_kick(int cpu)
{
	struct cpu *c = cpu_get(cpu);
	c->need_resched = true;
	if (cpu != cpu_current_id())
		arch_send_resched(cpu);
}

void sched_enqueue(struct thread *t)
{
	bool on = arch_irq_save();
	if (!t->placed) {
		t->placed = true;
		__atomic_store_n(&t->cpu, sched_pick_cpu(), __ATOMIC_RELEASE);
	}
	struct runqueue *rq = rq_lock_owner(t);
	t->state = THREAD_RUNNABLE;
	if (!t->on_rq)
		rq_push_locked(rq, t);
	int cpu = t->cpu;
	spin_unlock(&rq->lock);
	if (cpu_get(cpu)->current == cpu_get(cpu)->idle)
		sched_kick(cpu);
	arch_irq_restore(on);
}

static void sched_reap(struct runqueue *rq)
{
	struct thread *dead = rq->reap;
	rq->reap = 0;
	if (dead)
		thread_free(dead);
}

/* Pick the next thread and switch to it; rq->lock held, interrupts off. */
static void sched_switch_locked(struct runqueue *rq, struct cpu *c)
{
	struct thread *prev = c->current, *next;
	if (prev->state == THREAD_RUNNING)
		prev->state = THREAD_RUNNABLE;
	if (prev->state == THREAD_RUNNABLE && prev != c->idle && !prev->on_rq)
		rq_push_locked(rq, prev);
	next = rq_pop_locked(rq);
	if (!next)
		next = c->idle;
	c->need_resched = false;
	if (prev->state == THREAD_DEAD)
		rq->reap = prev;
	next->state = THREAD_RUNNING;
	c->current = next;
	if (next == prev)
		return;
	if (prev->proc && prev->state != THREAD_DEAD)
		arch_fpu_save(prev->fpu);
	if (next->proc) {
		arch_fpu_restore(next->fpu);
		arch_set_fs_base(next->fs_base);
	}
	aspace_switch(prev->proc ? &prev->proc->as : 0,
		      next->proc ? &next->proc->as : 0, c->id);
	arch_switch(&prev->ksp, next->ksp, next->kstack_top,
		    next->proc ? next->proc->as.root : kmap_kernel_root());
}

void schedule(void)
{
	bool on = arch_irq_save();
	struct cpu *c = cpu_current();
	struct runqueue *rq = rq_of(c->id);
	spin_lock(&rq->lock);
	sched_switch_locked(rq, c);
	/* resumed, perhaps on another CPU: the lock held is that CPU's */
	rq = rq_of(cpu_current_id());
	spin_unlock(&rq->lock);
	sched_reap(rq);
	arch_irq_restore(on);
}

/* First code a new thread runs, on its own stack, rq->lock held. */
void sched_thread_first_run(void);
void sched_thread_first_run(void)
{
	struct runqueue *rq = rq_of(cpu_current_id());
	spin_unlock(&rq->lock);
	sched_reap(rq);
}

void sched_prepare_block(void)
{
	struct cpu *c = cpu_current();
	struct runqueue *rq = rq_of(c->id);
	bool on = arch_irq_save();
	spin_lock(&rq->lock);
	c->current->state = THREAD_BLOCKED;
	spin_unlock(&rq->lock);
	arch_irq_restore(on);
}

static void rq_push_front_locked(struct runqueue *rq, struct thread *t)
{
	t->on_rq = true;
	rq->count++;
	t->rq_next = rq->head;
	rq->head = t;
	if (!rq->tail)
		rq->tail = t;
}

static void sched_wake_at(struct thread *t, bool front)
{
	bool on = arch_irq_save();
	struct runqueue *rq = rq_lock_owner(t);
	bool kick = false;
	if (t->state == THREAD_BLOCKED) {
		t->state = THREAD_RUNNABLE;
		/* a thread still on its way into schedule() is not queued:
		 * schedule() sees it runnable and keeps it */
		struct cpu *owner = cpu_get(t->cpu);
		if (owner->current != t) {
			if (front)
				rq_push_front_locked(rq, t);
			else
				rq_push_locked(rq, t);
		}
		/* A wake-up does not preempt: the woken thread waits its turn,
		 * unless the CPU idles or this is an IPC handoff. */
		kick = front || owner->current == owner->idle;
	}
	int cpu = t->cpu;
	spin_unlock(&rq->lock);
	if (kick)
		sched_kick(cpu);
	arch_irq_restore(on);
}

void sched_wake(struct thread *t)
{
	sched_wake_at(t, false);
}

/* Direct handoff for IPC: the woken server moves to this CPU (it is
 * blocked, so on no run queue) and runs next here, ahead of unrelated
 * runnable threads, while the caller blocks for the reply. Caller and
 * server then share a CPU and its cache, and no IPI is needed. */
void sched_handoff(struct thread *t)
{
	bool on = arch_irq_save();
	struct runqueue *rq = rq_lock_owner(t);
	bool moved = t->state == THREAD_BLOCKED &&
		     cpu_get(t->cpu)->current != t;
	if (moved)
		__atomic_store_n(&t->cpu, cpu_current_id(), __ATOMIC_RELEASE);
	spin_unlock(&rq->lock);
	arch_irq_restore(on);
	sched_wake_at(t, true);
}

_Noreturn void sched_exit_current(void)
{
	arch_irq_save();
	struct cpu *c = cpu_current();
	struct runqueue *rq = rq_of(c->id);
	spin_lock(&rq->lock);
	c->current->state = THREAD_DEAD;
	sched_switch_locked(rq, c);
	panic("sched: a dead thread was resumed");
}

/* An idle CPU takes the last queued thread of the busiest other CPU. */
static bool sched_steal(void)
{
	int me = cpu_current_id(), victim = -1, most = 0;
	for (int i = 0; i < CPU_MAX; i++)
		if (i != me && cpu_get(i) && rq_of(i)->count > most)
			most = rq_of(i)->count, victim = i;
	if (victim < 0)
		return false;
	struct runqueue *from = rq_of(victim);
	spin_lock(&from->lock);
	struct thread *t = from->head, *prev = 0;
	while (t && t->rq_next)
		prev = t, t = t->rq_next;
	if (t) {
		if (prev)
			prev->rq_next = 0, from->tail = prev;
		else
			from->head = from->tail = 0;
		from->count--;
		t->on_rq = false;
		__atomic_store_n(&t->cpu, me, __ATOMIC_RELEASE);
	}
	spin_unlock(&from->lock);
	if (!t)
		return false;
	struct runqueue *mine = rq_of(me);
	spin_lock(&mine->lock);
	rq_push_locked(mine, t);
	spin_unlock(&mine->lock);
	return true;
}

_Noreturn void sched_idle_loop(void)
{
	for (;;) {
		arch_irq_save();
		if (rq_of(cpu_current_id())->head || sched_steal())
			schedule();
		else
			arch_idle_wait();
	}
}
