/* Spinlocks. Every lock has a name (for the lock-order notes and debug
 * reports) and saves/restores the interrupt flag, so a lock taken in thread
 * context can never be re-entered by an interrupt handler on the same CPU.
 * Ticket locks: FIFO fairness, so no CPU starves under contention.
 * Debug builds record the owner CPU and panic on recursion or on release by
 * a CPU that does not hold the lock. */
#ifndef CAPOS_CORE_SPINLOCK_H
#define CAPOS_CORE_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	const char *name;
	volatile uint32_t next;		/* next ticket to hand out */
	volatile uint32_t serving;	/* ticket allowed in */
	int32_t owner;			/* CPU id + 1 of the holder, 0 if free */
	bool irq_was_on;		/* interrupt state at acquire */
};

#define SPINLOCK_INIT(nm) { .name = (nm) }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_held(const struct spinlock *l);	/* by this CPU */

#endif
