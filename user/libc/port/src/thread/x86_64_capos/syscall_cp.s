# capOS port of __syscall_cp_asm(&cancel, n, a, b, c, d, e, f): the
# cancellation-point system call. The labels and the flag test stay as
# in musl's x86_64 file; instead of `syscall` the arguments shift down
# one slot and we tail-call __capos_syscall(n, a, b, c, d, e, f).
#   in:  rdi=&cancel rsi=n rdx=a rcx=b r8=c r9=d 8(%rsp)=e 16(%rsp)=f
#   out: rdi=n rsi=a rdx=b rcx=c r8=d r9=e 8(%rsp)=f
.text
.global __cp_begin
.hidden __cp_begin
.global __cp_end
.hidden __cp_end
.global __cp_cancel
.hidden __cp_cancel
.hidden __cancel
.global __syscall_cp_asm
.hidden __syscall_cp_asm
.type   __syscall_cp_asm,@function
__syscall_cp_asm:

__cp_begin:
	mov (%rdi),%eax
	test %eax,%eax
	jnz __cp_cancel
	mov %rsi,%rdi
	mov %rdx,%rsi
	mov %rcx,%rdx
	mov %r8,%rcx
	mov %r9,%r8
	mov 8(%rsp),%r9
	mov 16(%rsp),%rax
	mov %rax,8(%rsp)
	jmp __capos_syscall
__cp_end:
	ret
__cp_cancel:
	jmp __cancel
