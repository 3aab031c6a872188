/* Architecture part of the per-CPU block (struct cpu embeds it as .arch).
 * Shared with assembly through the OFF_ constants in cpu_offsets.h. */
#ifndef CAPOS_ARCH_CPU_ARCH_H
#define CAPOS_ARCH_CPU_ARCH_H

#ifndef __ASSEMBLER__
#include <stdint.h>

struct cpu_tables;

struct cpu_arch {
	struct cpu_tables *tables;	/* GDT, TSS, IST stacks */
	uint32_t apic_id;
	/* Fault recovery point for probes and user copies: when a kernel-mode
	 * fault hits while resume_rip is set, the trap handler records the
	 * fault and continues at resume_rip with resume_rsp. */
	uintptr_t resume_rip, resume_rsp;
	uint64_t fault_vector, fault_addr, fault_error;
	/* syscall entry: the running thread's kernel stack top, and a slot
	 * for the user stack pointer while we switch stacks */
	uintptr_t kstack_top;
	uintptr_t user_rsp;
	volatile uint32_t tlb_flush_pending;	/* set by others, cleared here */
};
#endif

#endif
