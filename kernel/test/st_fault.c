/* Deliberate faults, selected with test=fault:<kind>. They end the boot:
 * the harness checks the fault report, not a return value. */
#include "kernel/arch/arch.h"
#include "kernel/core/log.h"

/* An address in the kernel half that nothing maps. */
#define UNMAPPED_KERNEL_ADDR 0xFFFF900000001000ull

void selftest_fault_pf(void);
void selftest_fault_pf(void)
{
	volatile uint64_t *p = (volatile uint64_t *)UNMAPPED_KERNEL_ADDR;
	log_raw("fault test: reading 0x%lx\n", (uint64_t)UNMAPPED_KERNEL_ADDR);
	(void)*p;
}
