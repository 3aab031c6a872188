/* Kernel timers: a callback at or after a monotonic deadline, never
 * before. Each CPU keeps its own queue, ordered by deadline, and programs
 * its one-shot hardware timer for the head. Callbacks run in interrupt
 * context on the CPU whose queue holds the timer, with no lock held. */
#ifndef CAPOS_TIME_TIMER_H
#define CAPOS_TIME_TIMER_H
#include <stdbool.h>
#include <stdint.h>

struct ktimer;
typedef void (*ktimer_fn)(struct ktimer *t);

struct ktimer {
	uint64_t deadline;	/* monotonic ns */
	ktimer_fn fn;
	struct ktimer *next;	/* protected by the owning queue's lock */
	int cpu;		/* queue holding it, -1 when idle */
};

void timer_init_cpu(void);
/* Queue t on the calling CPU; t must not be queued already. */
void timer_arm(struct ktimer *t, uint64_t deadline_ns, ktimer_fn fn);
/* Returns true if t was queued and is now removed before firing. */
bool timer_cancel(struct ktimer *t);
/* Entry from the timer interrupt. */
void timer_interrupt(void);

#endif
