# capOS port of __clone(func, stack, flags, arg, ptid, tls, ctid).
# The child's stack gets func and arg at its (aligned) top, then
#   __capos_syscall(56 /* clone */, flags, sp, ptid, ctid, tls, entry)
# asks the translation layer for a thread that starts at `entry` with
# rsp = sp. The entry pops func and arg, runs func(arg) and ends the
# thread with exit(60). The parent gets the tid or -errno.
#   in: rdi=func rsi=stack rdx=flags rcx=arg r8=ptid r9=tls 8(%rsp)=ctid
.text
.global __clone
.hidden __clone
.type   __clone,@function
__clone:
	and $-16,%rsi
	sub $16,%rsi
	mov %rdi,(%rsi)
	mov %rcx,8(%rsi)
	mov %rsi,%r10
	mov %rdx,%rsi
	mov %r10,%rdx
	mov %r8,%rcx
	mov 8(%rsp),%r8
	mov $56,%edi
	lea __capos_clone_entry(%rip),%rax
	push %rax
	call __capos_syscall
	add $8,%rsp
	ret

.global __capos_clone_entry
.hidden __capos_clone_entry
.type   __capos_clone_entry,@function
__capos_clone_entry:
	xor %ebp,%ebp
	pop %rax
	pop %rdi
	call *%rax
	mov %rax,%rsi
	mov $60,%edi
	xor %edx,%edx
	xor %ecx,%ecx
	xor %r8d,%r8d
	xor %r9d,%r9d
	push $0
	push $0
	call __capos_syscall
	hlt
