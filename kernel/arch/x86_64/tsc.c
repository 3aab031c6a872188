/* TSC calibration against PIT channel 2. The PIT runs at a fixed
 * 1.193182 MHz, so counting TSC ticks across a known number of PIT ticks
 * gives the TSC rate. Channel 2 is used because its output can be polled
 * through port 0x61 without an interrupt handler. Under QEMU's TCG the TSC
 * follows the host clock, which is what makes it usable as the monotonic
 * source even though TCG never reports an invariant TSC. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/arch.h"

#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61
#define CAL_MS 10u

static uint64_t tsc_hz;

static uint64_t tsc_measure_once(void)
{
	uint16_t count = PIT_HZ * CAL_MS / 1000;
	uint8_t gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x02) | 0x01);	/* speaker off, gate on */
	outb(PIT_CMD, 0xB0);			/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
	uint64_t start = rdtsc();
	/* bounded: bit 5 rises when the count reaches zero */
	for (uint64_t i = 0; !(inb(PIT_GATE) & 0x20) && i < 100000000; i++)
		cpu_pause();
	uint64_t ticks = rdtsc() - start;
	outb(PIT_GATE, gate);
	return ticks * (1000 / CAL_MS);
}

void arch_tsc_calibrate(void)
{
	/* best of three: a host preemption can only make a run longer */
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		uint64_t hz = tsc_measure_once();
		if (hz < best)
			best = hz;
	}
	tsc_hz = best;
}

uint64_t arch_tsc_hz(void)
{
	return tsc_hz;
}
