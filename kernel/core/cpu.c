#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"

struct cpu cpu_boot;

void cpu_install(struct cpu *c, int id)
{
	c->self = c;
	c->id = id;
	arch_cpu_set_self(c);
}
