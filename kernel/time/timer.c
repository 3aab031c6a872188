/* Per-CPU timer queues. Hardware timers can fire early (calibration error,
 * clamped counts), so the interrupt compares each deadline with the
 * monotonic clock and only runs timers that are really due; the rest stay
 * queued and the hardware is re-armed for the remainder. Work per
 * interrupt is bounded by TIMER_BATCH; leftovers re-arm immediately.
 *
 * Locks: timer_queue.lock (one per CPU) protects that queue's list and
 * every queued ktimer's next/cpu fields. It is a leaf lock: callbacks run
 * after it is dropped, so they may arm timers again. */
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/spinlock.h"
#include "kernel/time/clock.h"
#include "kernel/time/timer.h"

#define TIMER_BATCH 32

struct timer_queue {
	struct spinlock lock;	/* protects: head, queued ktimer links */
	struct ktimer *head;
};

static struct timer_queue timer_queues[CPU_MAX];

void timer_init_cpu(void)
{
	struct timer_queue *q = &timer_queues[cpu_current_id()];
	q->lock = (struct spinlock)SPINLOCK_INIT("timer_queue");
	q->head = 0;
}

static void timer_program_locked(struct timer_queue *q)
{
	if (!q->head) {
		arch_timer_arm(0);
		return;
	}
	uint64_t now = clock_monotonic_ns();
	uint64_t d = q->head->deadline;
	arch_timer_arm(d > now ? d - now : 1);
}

void timer_arm(struct ktimer *t, uint64_t deadline_ns, ktimer_fn fn)
{
	struct timer_queue *q = &timer_queues[cpu_current_id()];
	t->deadline = deadline_ns;
	t->fn = fn;
	spin_lock(&q->lock);
	struct ktimer **pp = &q->head;
	while (*pp && (*pp)->deadline <= deadline_ns)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->cpu = cpu_current_id();
	if (q->head == t)
		timer_program_locked(q);
	spin_unlock(&q->lock);
}

bool timer_cancel(struct ktimer *t)
{
	int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
	if (cpu < 0)
		return false;
	struct timer_queue *q = &timer_queues[cpu];
	bool found = false;
	spin_lock(&q->lock);
	for (struct ktimer **pp = &q->head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			t->cpu = -1;
			found = true;
			break;
		}
	}
	spin_unlock(&q->lock);
	return found;
}

/* Detach up to TIMER_BATCH due timers, then run them unlocked. */
void timer_interrupt(void)
{
	struct timer_queue *q = &timer_queues[cpu_current_id()];
	struct ktimer *due[TIMER_BATCH];
	int n = 0;
	cpu_current()->timer_ticks++;
	spin_lock(&q->lock);
	uint64_t now = clock_monotonic_ns();
	while (q->head && q->head->deadline <= now && n < TIMER_BATCH) {
		struct ktimer *t = q->head;
		q->head = t->next;
		t->cpu = -1;
		due[n++] = t;
	}
	timer_program_locked(q);
	spin_unlock(&q->lock);
	for (int i = 0; i < n; i++)
		due[i]->fn(due[i]);
}
