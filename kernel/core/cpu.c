#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"

struct cpu cpu_boot;
static struct cpu *cpus[CPU_MAX];

struct cpu *cpu_get(int id)
{
	return id >= 0 && id < CPU_MAX ? cpus[id] : 0;
}

void cpu_install(struct cpu *c, int id)
{
	c->self = c;
	c->id = id;
	cpus[id] = c;
	arch_cpu_set_self(c);
}
