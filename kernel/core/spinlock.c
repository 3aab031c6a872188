#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/panic.h"
#include "kernel/core/spinlock.h"

void spin_lock_wait(struct spinlock *l, uint32_t ticket)
{
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket) {
		arch_tlb_poll();	/* the holder may be waiting for us */
		__builtin_ia32_pause();
	}
}

_Noreturn void spin_panic(const struct spinlock *l, const char *what)
{
	panic("spinlock %s: %s", l->name, what);
}

bool spin_held(const struct spinlock *l)
{
	return l->owner == cpu_current_id() + 1;
}
