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
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"

struct spinlock {
	const char *name;
	volatile uint32_t next;		/* next ticket to hand out */
	volatile uint32_t serving;	/* ticket allowed in */
	int32_t owner;			/* CPU id + 1 of the holder, 0 if free */
	bool irq_was_on;		/* interrupt state at acquire */
};

#define SPINLOCK_INIT(nm) { .name = (nm) }

/* Inline: under TCG a call and its return cost as much as dozens of
 * plain instructions, and every completion posted takes a lock. The
 * waiting loop and the two panics stay out of line. */
void spin_lock_wait(struct spinlock *l, uint32_t ticket);
_Noreturn void spin_panic(const struct spinlock *l, const char *what);

static inline void spin_lock(struct spinlock *l)
{
	bool on = arch_irq_save();
	int32_t me = cpu_current_id() + 1;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me)
		spin_panic(l, "recursive acquire");
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket)
		spin_lock_wait(l, ticket);
	l->owner = me;
	l->irq_was_on = on;
}

static inline void spin_unlock(struct spinlock *l)
{
	if (l->owner != cpu_current_id() + 1)
		spin_panic(l, "released by a CPU that does not hold it");
	bool on = l->irq_was_on;
	l->owner = 0;
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
	arch_irq_restore(on);
}

bool spin_held(const struct spinlock *l);	/* by this CPU */

#endif
