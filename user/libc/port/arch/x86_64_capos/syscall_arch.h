/* capOS port of musl: replaces arch/x86_64/syscall_arch.h in the
 * generated ARCH x86_64_capos (user/libc/port/mkarch).
 *
 * capOS has no Linux system calls: every __syscallN that musl's C code
 * makes becomes a plain function call to __capos_syscall (user/libc/
 * posix.c), which translates it into capability calls and returns the
 * result or -errno exactly as the kernel would. Unused arguments are 0.
 *
 * No VDSO_* macros: there is no vDSO, so clock_gettime always goes
 * through the translation layer. __SYSCALL_LL_E/O and IPC_64 keep their
 * x86_64 values because the argument layout is Linux's.
 */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long __capos_syscall(long n, long a, long b, long c, long d, long e, long f);

static __inline long __syscall0(long n)
{
	return __capos_syscall(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return __capos_syscall(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return __capos_syscall(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return __capos_syscall(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return __capos_syscall(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4,
				long a5)
{
	return __capos_syscall(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	return __capos_syscall(n, a1, a2, a3, a4, a5, a6);
}

#define IPC_64 0
