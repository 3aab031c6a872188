/* Interrupt and exception entry. One small stub per vector pushes a zero
 * error code where the CPU pushes none, then the vector number, and joins
 * trap_common, which saves the general registers into a struct trap_frame
 * (kernel/arch/x86_64/trap_struct.h) and calls trap_dispatch(frame).
 * swapgs is done when the trap came from user mode (CPL 3 in saved CS). */
#include "kernel/arch/x86_64/trap_struct.h"

/* vectors where the CPU pushes an error code: 8 10-14 17 21 29 30 */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		    (v) == 21 || (v) == 29 || (v) == 30)

	.altmacro
	.macro trap_stub v
	.align 16
trap_stub_\v:
	.if !HAS_ERR(\v)
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endm

	.text
	.set i, 0
	.rept 256
	trap_stub %i
	.set i, i + 1
	.endr

trap_common:
	testb	$3, (OFF_TF_CS - OFF_TF_VECTOR)(%rsp)
	jz	1f
	swapgs
1:	trap_regs_push
	cld
	mov	%rsp, %rdi
	call	trap_dispatch
	.global trap_return
trap_return:
	trap_regs_pop
	testb	$3, (OFF_TF_CS - OFF_TF_VECTOR)(%rsp)
	jz	2f
	swapgs
2:	add	$16, %rsp		/* vector and error code */
	iretq

	.macro stub_addr v
	.quad	trap_stub_\v
	.endm

	.section .rodata
	.align 8
	.global trap_stub_table
trap_stub_table:
	.set i, 0
	.rept 256
	stub_addr %i
	.set i, i + 1
	.endr
