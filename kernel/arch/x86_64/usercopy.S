/* int arch_user_copy(void *dst, const void *src, size_t n)
 * Copies between kernel and user memory with SMAP lifted for exactly the
 * copy (stac/clac) and a fault recovery point: a fault on an unmapped or
 * protected user page returns -1 instead of oopsing. The caller has
 * already checked that the user range lies below USER_TOP.
 * With no SMAP the stac/clac would #UD, so they are patched to NOPs at
 * boot when the CPU lacks SMAP (usercopy_smap_present = 0). */
#include "kernel/core/cpu_offsets.h"

	.text
	.global arch_user_copy
arch_user_copy:
	leaq	user_copy_fault(%rip), %rax
	mov	%rax, %gs:OFF_CPU_RESUME_RIP
	mov	%rsp, %gs:OFF_CPU_RESUME_RSP
	mov	%rdx, %rcx
	shr	$3, %rcx
	cmpb	$0, usercopy_smap_present(%rip)
	je	1f
	stac
	/* words, then the tail: under TCG each rep iteration costs about
	 * the same whatever its width */
1:	rep movsq
	mov	%rdx, %rcx
	and	$7, %rcx
	rep movsb
	xor	%eax, %eax
	jmp	user_copy_out
user_copy_fault:
	mov	$-1, %eax
user_copy_out:
	cmpb	$0, usercopy_smap_present(%rip)
	je	2f
	clac
2:	movq	$0, %gs:OFF_CPU_RESUME_RIP
	ret

	.data
	.global usercopy_smap_present
usercopy_smap_present:
	.byte	0
