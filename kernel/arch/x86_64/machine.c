/* Stopping the machine. Under QEMU the isa-debug-exit device (port 0xf4)
 * ends the emulator with status (code << 1) | 1, which the test harness
 * reads; on real hardware the write is ignored and we halt forever. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/arch.h"

#define DEBUG_EXIT_PORT 0xf4

_Noreturn void arch_halt_forever(void)
{
	for (;;) {
		irq_disable();
		cpu_hlt();
	}
}

_Noreturn void arch_machine_exit(int code)
{
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	arch_halt_forever();
}

void arch_idle_wait(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

