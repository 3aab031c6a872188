/* The system call entry. `syscall` leaves the user RIP in RCX and RFLAGS
 * in R11, switches to CS/SS from STAR and masks RFLAGS with SFMASK (we
 * clear IF, DF, TF and AC), but does not switch stacks: we swap GS, park
 * the user RSP in the per-CPU block and load the thread's kernel stack.
 *
 * We then build the same struct trap_frame an interrupt would, so that
 * the C side, signals of the future and a context switch all see one
 * layout. The way back is sysretq when the saved RIP is canonical (a
 * non-canonical RCX would fault in ring 0 on sysret), else iretq.
 *
 * Interrupts stay off on the way in: the kernel turns them on when it
 * starts work that is not known to be brief (kernel/ipc/ring.c), so a
 * brief call pays for no `sti`, which under TCG leaves translated code.
 * sysret (or iretq) turns them back on from the user's RFLAGS. */
#include "kernel/arch/x86_64/trap_struct.h"
#include "kernel/arch/x86_64/gdt.h"
#include "kernel/core/cpu_offsets.h"

#define SYSCALL_VECTOR 0x100	/* marks a trap frame built here */

	.text
	/* The path to sysretq is about 150 bytes: aligned so that it never
	 * straddles two pages, which under TCG would cost a block lookup at
	 * the crossing on every system call, in and out. */
	.p2align 8
	.global syscall_entry
syscall_entry:
	swapgs
	mov	%rsp, %gs:OFF_CPU_USER_RSP
	mov	%gs:OFF_CPU_KSTACK_TOP, %rsp
	pushq	$SEL_UDATA			/* ss */
	pushq	%gs:OFF_CPU_USER_RSP		/* rsp */
	pushq	%r11				/* rflags */
	pushq	$SEL_UCODE			/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error */
	pushq	$SYSCALL_VECTOR			/* vector */
	trap_regs_push
	mov	%rsp, %rdi
	call	syscall_dispatch	/* interrupts still off: see ring.c */
	cli
	/* sysret only to a canonical address with the frame unchanged */
	mov	OFF_TF_RIP(%rsp), %rcx
	mov	%rcx, %r11
	sar	$47, %r11
	jnz	syscall_iret
	cmpq	$SEL_UCODE, OFF_TF_CS(%rsp)
	jne	syscall_iret
	trap_regs_pop
	add	$16, %rsp			/* vector, error */
	mov	(%rsp), %rcx			/* rip */
	mov	16(%rsp), %r11			/* rflags */
	mov	24(%rsp), %rsp			/* user rsp */
	swapgs
	sysretq

syscall_iret:
	jmp	trap_return
