/* Kernel context switch and the first run of a new thread.
 *
 * void arch_context_switch(uintptr_t *save_ksp, uintptr_t new_ksp)
 *   Saves the callee-saved registers on the current kernel stack, stores
 *   the stack pointer in *save_ksp, loads new_ksp and pops the same frame
 *   there. Caller-saved registers need no saving: this is a call.
 *
 * A new thread's stack is prepared (arch_thread_prepare) so that the first
 * switch to it "returns" into thread_trampoline, which finishes the
 * scheduler's side of the switch and leaves through trap_return with the
 * user-mode trap frame at the top of the stack. */
#include "kernel/arch/x86_64/trap_struct.h"

	.text
	.global arch_context_switch
arch_context_switch:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	.global thread_trampoline
thread_trampoline:
	call	sched_thread_first_run
	jmp	trap_return
