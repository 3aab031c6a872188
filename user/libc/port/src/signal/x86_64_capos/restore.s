# capOS port of __restore_rt, the sa_restorer a signal handler returns
# into: __capos_syscall(15 /* rt_sigreturn */, frame rsp). The layer
# never delivers signals yet, so this is unreachable; hlt if it returns.
.global __restore_rt
.hidden __restore_rt
.type __restore_rt,@function
__restore_rt:
	mov %rsp,%rsi
	and $-16,%rsp
	mov $15,%edi
	call __capos_syscall
	hlt
.size __restore_rt,.-__restore_rt
