/* Where ThreadSpawner starts a thread made by clone (posix_thread.c):
 *   rdi = rsp = its launch record {entry, ptid, rt, -}, right below
 *   musl's func and arg (the stack musl's clone contract asks for);
 *   rsi = its ring page; FS base = its TLS, already filled by musl.
 * posix_thread_start sets up the ring client and the tid and returns
 * entry; we go there with rsp just above the record. */
	.text
	.global posix_thread_entry
	.type posix_thread_entry, @function
posix_thread_entry:
	xor	%ebp, %ebp
	mov	%rdi, %rbx		/* callee-saved: the record */
	call	posix_thread_start	/* (record, ring) -> entry */
	lea	32(%rbx), %rsp
	jmp	*%rax
	.size posix_thread_entry, .-posix_thread_entry

	.section .note.GNU-stack, "", @progbits
