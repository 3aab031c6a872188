#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"

void spin_lock(struct spinlock *l)
{
	bool on = arch_irq_save();
	int32_t me = cpu_current_id() + 1;
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me)
		panic("spinlock %s: recursive acquire", l->name);
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket) {
		arch_tlb_poll();	/* the holder may be waiting for us */
		__builtin_ia32_pause();
	}
	l->owner = me;
	l->irq_was_on = on;
}

void spin_unlock(struct spinlock *l)
{
	if (l->owner != cpu_current_id() + 1)
		panic("spinlock %s: released by a CPU that does not hold it",
		      l->name);
	bool on = l->irq_was_on;
	l->owner = 0;
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
	arch_irq_restore(on);
}

bool spin_held(const struct spinlock *l)
{
	return l->owner == cpu_current_id() + 1;
}
