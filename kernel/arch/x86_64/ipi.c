/* Inter-processor interrupts: reschedule (wake a halted CPU so it looks
 * at its run queue) and TLB shootdown.
 *
 * Shootdown protocol: the requester sets the target's tlb_flush_pending,
 * sends the IPI and waits for the flag to clear. A CPU clears its own flag
 * after reloading CR3 (dropping every non-global entry, which is every
 * user entry). Anyone who waits -- a shootdown requester, a CPU spinning
 * on a lock with interrupts off -- answers requests aimed at itself while
 * it waits, so two CPUs shooting at each other, or one spinning on a lock
 * the other holds, cannot deadlock. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"

#define ICR_FIXED_ASSERT 0x4000u

void arch_tlb_poll(void)
{
	struct cpu *c = cpu_current();
	if (__atomic_load_n(&c->arch.tlb_flush_pending, __ATOMIC_ACQUIRE)) {
		write_cr3(read_cr3());
		__atomic_store_n(&c->arch.tlb_flush_pending, 0, __ATOMIC_RELEASE);
	}
}

static void ipi_tlb(int vector)
{
	arch_tlb_poll();
}

static void ipi_resched(int vector)
{
	/* the interrupt itself ended the halt; need_resched is already set */
}

void arch_ipi_init(void)
{
	arch_irq_register(VEC_IPI_TLB, ipi_tlb);
	arch_irq_register(VEC_IPI_RESCHED, ipi_resched);
}

void arch_send_resched(int cpu)
{
	struct cpu *c = cpu_get(cpu);
	if (c && cpu != cpu_current_id())
		lapic_send_ipi(c->arch.apic_id, ICR_FIXED_ASSERT | VEC_IPI_RESCHED);
}

void arch_tlb_shootdown(uint64_t mask)
{
	int me = cpu_current_id();
	mask &= ~(1ull << me);
	for (int i = 0; i < CPU_MAX; i++) {
		struct cpu *c = (mask >> i & 1) ? cpu_get(i) : 0;
		if (!c)
			continue;
		__atomic_store_n(&c->arch.tlb_flush_pending, 1, __ATOMIC_RELEASE);
		lapic_send_ipi(c->arch.apic_id, ICR_FIXED_ASSERT | VEC_IPI_TLB);
	}
	for (int i = 0; i < CPU_MAX; i++) {
		struct cpu *c = (mask >> i & 1) ? cpu_get(i) : 0;
		while (c && __atomic_load_n(&c->arch.tlb_flush_pending, __ATOMIC_ACQUIRE)) {
			arch_tlb_poll();
			cpu_pause();
		}
	}
}
