/* A new thread starts here: rdi = its struct rt_thread, rsi = its ring,
 * rsp = top of its stack (lib/ring/abi.h). */
	.text
	.global rt_thread_entry
rt_thread_entry:
	xor	%ebp, %ebp
	and	$-16, %rsp
	call	rt_thread_main
	ud2

	.section .note.GNU-stack, "", @progbits
