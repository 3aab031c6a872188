/* int arch_probe(void (*fn)(void *), void *arg)
 * Calls fn(arg) with a recovery point in the per-CPU block. A fault inside
 * fn makes the trap handler resume at probe_fault with our stack pointer,
 * so we return -1; a normal return gives 0. Callee-saved registers are
 * saved here because fn may have changed them before faulting. */
#include "kernel/core/cpu_offsets.h"

	.text
	.global arch_probe
arch_probe:
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	sub	$8, %rsp			/* keep 16-byte alignment */
	leaq	probe_fault(%rip), %rax
	mov	%rax, %gs:OFF_CPU_RESUME_RIP
	mov	%rsp, %gs:OFF_CPU_RESUME_RSP
	mov	%rdi, %rax
	mov	%rsi, %rdi
	call	*%rax
	xor	%eax, %eax
	jmp	probe_out
probe_fault:
	mov	$-1, %eax
probe_out:
	movq	$0, %gs:OFF_CPU_RESUME_RIP
	add	$8, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
