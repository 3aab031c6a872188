/* Entry point of every C program linked with musl on capOS.
 *
 * The kernel starts the first thread at the ELF entry with rdi = ring
 * page, rsi = CapSet page and rsp = a 16-byte aligned stack top
 * (lib/ring/abi.h). musl's own crt1 expects Linux's initial stack
 * instead (argc, argv, envp, auxv), so we call capos_libc_start, which
 * builds that block and enters __libc_start_main; it never returns.
 * This replaces musl's crt1.o: programs link with -nostartfiles.
 */
	.text
	.global _start
	.type _start, @function
_start:
	xor	%ebp, %ebp
	and	$-16, %rsp
	call	capos_libc_start
	ud2
	.size _start, .-_start

	.section .note.GNU-stack, "", @progbits
