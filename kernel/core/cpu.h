/* The per-CPU block. Each CPU's GS base points at its struct cpu, whose
 * first word points back at itself, so cpu_current() is one load from
 * %gs:0. Fields are touched only by their own CPU unless noted. */
#ifndef CAPOS_CORE_CPU_H
#define CAPOS_CORE_CPU_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/arch/x86_64/cpu_arch.h"

#define CPU_MAX 64

struct thread;

struct cpu {
	struct cpu *self;	/* must stay first: read as %gs:0 */
	int id;			/* dense index, 0 = boot CPU */
	uint64_t timer_ticks;	/* local timer interrupts taken */
	struct cpu_arch arch;
	struct thread *current;	/* running thread (the idle thread if none) */
	struct thread *idle;
	volatile bool need_resched;	/* set by ticks and wakeups */
};

_Static_assert(__builtin_offsetof(struct cpu, self) == 0, "self at gs:0");

static inline struct cpu *cpu_current(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

static inline int cpu_current_id(void)
{
	return cpu_current()->id;
}

/* Install `c` as the calling CPU's per-CPU block. */
void cpu_install(struct cpu *c, int id);
/* Any CPU's block by id (NULL if that CPU is not up). */
struct cpu *cpu_get(int id);
extern struct cpu cpu_boot;

#endif
