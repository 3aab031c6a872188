/* __capos_syscall: the one entry point of musl's system calls on capOS.
 *
 * musl's port (user/libc/port/) turns every Linux system call into a
 * call of this function with the Linux x86_64 number and arguments. We
 * dispatch to the handler for that call family (see posix.h for the
 * map); every number without a handler answers -ENOSYS, which musl
 * reports as errno ENOSYS. Table of calls and the capabilities behind
 * them: docs/programming.md.
 *
 * Capabilities are found by CapSet name on first use and remembered;
 * a missing one stays CAP_HANDLE_NONE and each handler turns that into
 * the errno a Linux program expects for "not available".
 */
#include <errno.h>
#include <sys/syscall.h>
#include "capos/console.h"
#include "capos/entropy.h"
#include "capos/memory.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"

static const struct {
	const char *name;
	uint64_t iface;
} cap_names[POSIX_CAP_COUNT] = {
	[POSIX_CAP_CONSOLE] = { "console", Console_IFACE_ID },
	[POSIX_CAP_STDIO] = { "stdio", StdIO_IFACE_ID },
	[POSIX_CAP_TIMER] = { "timer", Timer_IFACE_ID },
	[POSIX_CAP_VM] = { "vm", VirtualMemory_IFACE_ID },
	[POSIX_CAP_ENTROPY] = { "entropy", EntropySource_IFACE_ID },
	[POSIX_CAP_THREAD] = { "thread", ThreadControl_IFACE_ID },
};

static cap_handle_t cap_cache[POSIX_CAP_COUNT];
static uint32_t cap_looked_up;	/* bit i: cap_cache[i] is valid */

cap_handle_t posix_cap(enum posix_cap which)
{
	if (!(cap_looked_up & (1u << which))) {
		cap_cache[which] = rt_cap_find(cap_names[which].name,
					       cap_names[which].iface);
		cap_looked_up |= 1u << which;
	}
	return cap_cache[which];
}

long posix_call_errno(int32_t status)
{
	return status >= 0 ? 0 : -posix_errno_from_err(status);
}

/* One case per system call we translate; table-like, so kept whole. */
long __capos_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	switch (n) {
	/* I/O on the standard descriptors: Console, StdIO */
	case SYS_write:	 return posix_io_write((int)a, (const void *)b, (size_t)c);
	case SYS_writev: return posix_io_writev((int)a, (const void *)b, (int)c);
	case SYS_read:	 return posix_io_read((int)a, (void *)b, (size_t)c);
	case SYS_readv:	 return posix_io_readv((int)a, (const void *)b, (int)c);
	case SYS_ioctl:	 return posix_io_ioctl((int)a, (unsigned long)b, (void *)c);
	case SYS_lseek:	 return posix_io_lseek((int)a, b, (int)c);
	case SYS_close:	 return posix_io_close((int)a);

	/* memory: VirtualMemory */
	case SYS_mmap:
		return posix_mem_mmap((uint64_t)a, (uint64_t)b, (int)c, (int)d,
				      (int)e, f);
	case SYS_munmap:   return posix_mem_munmap((uint64_t)a, (uint64_t)b);
	case SYS_mprotect: return posix_mem_mprotect((uint64_t)a, (uint64_t)b,
						     (int)c);
	/* the break never moves (Linux's way to refuse): malloc uses mmap */
	case SYS_brk:	   return 0;
	case SYS_madvise:  return 0;	/* advice only */
	/* not -ENOMEM, on which musl's stack probe loops; realloc copies */
	case SYS_mremap:   return -ENOSYS;

	/* time: Timer */
	case SYS_clock_gettime:
		return posix_time_clock_gettime(a, (struct timespec *)b);
	case SYS_gettimeofday:
		return posix_time_gettimeofday((struct timeval *)a, (void *)b);
	case SYS_nanosleep:
		return posix_time_nanosleep((const void *)a, (void *)b);
	case SYS_clock_nanosleep:
		return posix_time_clock_nanosleep(a, (int)b, (const void *)c,
						  (void *)d);

	/* the process and its thread: exit, ThreadControl, EntropySource */
	case SYS_exit:
	case SYS_exit_group:	  posix_proc_exit((int)a);
	case SYS_arch_prctl:	  return posix_proc_arch_prctl((int)a, (uint64_t)b);
	case SYS_set_tid_address: return posix_proc_set_tid_address((int *)a);
	case SYS_gettid:
	case SYS_getpid:	  return posix_proc_gettid();
	case SYS_tkill:		  return posix_proc_tkill(a, (int)b);
	case SYS_getrandom:
		return posix_proc_getrandom((void *)a, (size_t)b, (unsigned)c);
	case SYS_sched_yield:	  return 0;

	default:		  return -ENOSYS;
	}
}
