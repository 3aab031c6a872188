/* Thread contexts: preparing a new thread's kernel stack, and switching
 * stacks, address spaces and the TSS's ring-0 stack between threads. */
#include <string.h>
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/arch/x86_64/trap_struct.h"
#include "kernel/arch/arch.h"
#include "kernel/core/cpu.h"

void thread_trampoline(void);
uint64_t arch_as_switches;
void arch_context_switch(uintptr_t *save_ksp, uintptr_t new_ksp);

#define RFLAGS_RESERVED1 (1u << 1)
#define SWITCH_FRAME_WORDS 6	/* rbp rbx r12 r13 r14 r15 */

uintptr_t arch_thread_prepare_user(uintptr_t kstack_top, uint64_t entry,
				   uint64_t rdi, uint64_t rsi, uint64_t rsp)
{
	struct trap_frame *tf = (struct trap_frame *)(kstack_top - sizeof(*tf));
	memset(tf, 0, sizeof(*tf));
	tf->rip = entry;
	tf->cs = SEL_UCODE;
	tf->rflags = RFLAGS_IF | RFLAGS_RESERVED1;
	tf->rsp = rsp;
	tf->ss = SEL_UDATA;
	tf->rdi = rdi;
	tf->rsi = rsi;
	uint64_t *sp = (uint64_t *)tf;
	*--sp = (uint64_t)thread_trampoline;
	for (int i = 0; i < SWITCH_FRAME_WORDS; i++)
		*--sp = 0;
	return (uintptr_t)sp;
}

void arch_switch(uintptr_t *save_ksp, uintptr_t new_ksp,
		 uintptr_t new_kstack_top, uint64_t new_root)
{
	struct cpu *c = cpu_current();
	c->arch.tables->tss.rsp[0] = new_kstack_top;
	c->arch.kstack_top = new_kstack_top;
	if (new_root && (read_cr3() & ~0xFFFull) != new_root) {
		write_cr3(new_root);
		__atomic_fetch_add(&arch_as_switches, 1, __ATOMIC_RELAXED);
	}
	arch_context_switch(save_ksp, new_ksp);
}
