/* Process entry. The kernel starts us with rdi = ring page, rsi = CapSet
 * page and rsp = top of stack (lib/ring/abi.h). rt_start never returns. */
	.text
	.global _start
_start:
	xor	%ebp, %ebp
	and	$-16, %rsp
	call	rt_start
	ud2

	.section .note.GNU-stack, "", @progbits
