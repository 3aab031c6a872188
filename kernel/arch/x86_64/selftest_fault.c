#include "kernel/arch/arch.h"
#include "kernel/core/log.h"

/* Point the stack at unmapped memory and push: the #PF cannot be delivered
 * on that stack, so the CPU raises #DF, which runs on its IST stack. */
void arch_selftest_double_fault(void)
{
	log_raw("fault test: switching to an unmapped stack\n");
	__asm__ volatile("movabs $0xFFFF900000002000, %%rsp\n\t"
			 "pushq $0" ::: "memory");
}
