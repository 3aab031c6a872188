/* Interrupt controllers: bring up the boot CPU's LAPIC and every IOAPIC,
 * calibrate the LAPIC timer, and let drivers claim ISA lines. A claimed
 * line gets vector VEC_IRQ_BASE + irq on the boot CPU. */
#include "kernel/arch/x86_64/idt.h"
#include "kernel/arch/x86_64/ioapic.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"
#include "kernel/core/log.h"
#include "kernel/dev/platform.h"

LOG_SOURCE(intc_log, "apic");

void arch_intc_init(const struct platform *p)
{
	lapic_init(p->lapic_pa);
	cpu_current()->arch.apic_id = lapic_id();
	lapic_timer_calibrate();
	log_info(&intc_log, "LAPIC at 0x%lx, id %u, timer %lu kHz (PIT-calibrated)",
		 p->lapic_pa, lapic_id(), arch_timer_hz() / 1000);
	ioapic_init(p);
}

void arch_intc_init_ap(const struct platform *p)
{
	lapic_init(p->lapic_pa);
	cpu_current()->arch.apic_id = lapic_id();
}

int arch_irq_claim_isa(int irq, irq_handler_fn fn)
{
	if (irq < 0 || irq >= ISA_IRQS)
		return -1;
	arch_irq_register(VEC_IRQ_BASE + irq, fn);
	return ioapic_route_isa(irq, VEC_IRQ_BASE + irq,
				cpu_current()->arch.apic_id);
}
