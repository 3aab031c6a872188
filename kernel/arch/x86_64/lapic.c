/* Local APIC (xAPIC, memory-mapped; QEMU's TCG offers no x2APIC). Each CPU
 * programs its own LAPIC. The timer runs one-shot: the generic timer code
 * asks for the next interrupt with arch_timer_arm(), so there is no fixed
 * tick when nothing is due. Calibration counts LAPIC timer ticks across a
 * PIT interval. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/lapic.h"
#include "kernel/arch/x86_64/pit.h"
#include "kernel/arch/arch.h"
#include "kernel/mm/kmap.h"

enum {
	LAPIC_ID = 0x20, LAPIC_TPR = 0x80, LAPIC_EOI = 0xB0, LAPIC_SVR = 0xF0,
	LAPIC_ICR_LO = 0x300, LAPIC_ICR_HI = 0x310, LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_LINT0 = 0x350, LAPIC_LVT_LINT1 = 0x360,
	LAPIC_TIMER_INIT = 0x380, LAPIC_TIMER_CUR = 0x390,
	LAPIC_TIMER_DIV = 0x3E0,
};
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define TIMER_DIV_16 0x3
#define CAL_US 10000u

static volatile uint32_t *lapic_regs;
static uint64_t lapic_timer_hz;	/* after the divide-by-16 */

static uint32_t lapic_read(uint32_t reg)
{
	return lapic_regs[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	lapic_regs[reg / 4] = v;
}

void lapic_init(uint64_t base_pa)
{
	if (!lapic_regs)
		lapic_regs = kmap_mmio(base_pa, 4096);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
}

void lapic_timer_calibrate(void)
{
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFF);
		pit_oneshot_start(CAL_US);
		while (!pit_oneshot_done())
			cpu_pause();
		uint32_t elapsed = 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CUR);
		pit_oneshot_stop();
		uint64_t hz = (uint64_t)elapsed * (1000000 / CAL_US);
		if (hz < best)
			best = hz;
	}
	lapic_write(LAPIC_TIMER_INIT, 0);
	lapic_timer_hz = best;
}

uint64_t arch_timer_hz(void)
{
	return lapic_timer_hz;
}

/* One-shot interrupt after `ns`; 0 cancels. Long delays are clamped to the
 * counter's range: the handler simply re-arms for the remainder. */
void arch_timer_arm(uint64_t ns)
{
	if (!ns) {
		lapic_write(LAPIC_TIMER_INIT, 0);
		return;
	}
	uint64_t ticks = 0xFFFFFFFF;
	if (ns < UINT64_MAX / (lapic_timer_hz | 1))
		ticks = ns * lapic_timer_hz / 1000000000u + 1;
	if (ticks > 0xFFFFFFFF)
		ticks = 0xFFFFFFFF;
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER);	/* one-shot, unmasked */
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr_low);
	for (int i = 0; i < 1000000 && (lapic_read(LAPIC_ICR_LO) & (1u << 12)); i++)
		cpu_pause();
}
