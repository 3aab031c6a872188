/* PIT channel 2, used only to calibrate the TSC and the LAPIC timer. Its
 * gate and output are wired to port 0x61, so it can be polled without an
 * interrupt handler. The PIT runs at a fixed 1.193182 MHz. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/pit.h"

#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61

static uint8_t pit_saved_gate;

void pit_oneshot_start(uint32_t us)
{
	uint32_t count = (uint32_t)((uint64_t)PIT_HZ * us / 1000000);
	if (count > 0xFFFF)
		count = 0xFFFF;
	pit_saved_gate = inb(PIT_GATE);
	outb(PIT_GATE, (pit_saved_gate & ~0x02) | 0x01); /* speaker off, gate */
	outb(PIT_CMD, 0xB0);			/* ch2, lo/hi byte, mode 0 */
	outb(PIT_CH2, count & 0xFF);
	outb(PIT_CH2, count >> 8);
}

bool pit_oneshot_done(void)
{
	return inb(PIT_GATE) & 0x20;		/* OUT2 rises at zero */
}

void pit_oneshot_stop(void)
{
	outb(PIT_GATE, pit_saved_gate);
}
