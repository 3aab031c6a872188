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
 *
 * Threads call in concurrently, each on its own ring (posix_thread.c).
 * The few tables the layer keeps (console line buffers, reserved ranges)
 * are guarded by posix_lock, a futex-style lock parked on the calling
 * thread's ring; the capability cache is filled with atomics.
 */
#include <errno.h>
#include <sys/syscall.h>
#include "capos/console.h"
#include "capos/entropy.h"
#include "capos/memory.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/libc/posix.h"
#include "user/rt/thread.h"
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
	[POSIX_CAP_THREADS] = { "threads", ThreadSpawner_IFACE_ID },
	[POSIX_CAP_PARK] = { "park", ParkSpace_IFACE_ID },
};

static cap_handle_t cap_cache[POSIX_CAP_COUNT];
static uint32_t cap_looked_up;	/* bit i: cap_cache[i] is valid */

/* Two threads may both look a name up: they store the same handle. */
cap_handle_t posix_cap(enum posix_cap which)
{
	if (!(__atomic_load_n(&cap_looked_up, __ATOMIC_ACQUIRE) & (1u << which))) {
		cap_handle_t h = rt_cap_find(cap_names[which].name,
					     cap_names[which].iface);
		__atomic_store_n(&cap_cache[which], h, __ATOMIC_RELAXED);
		__atomic_fetch_or(&cap_looked_up, 1u << which, __ATOMIC_RELEASE);
		return h;
	}
	return __atomic_load_n(&cap_cache[which], __ATOMIC_RELAXED);
}

long posix_call_errno(int32_t status)
{
	return status >= 0 ? 0 : -posix_errno_from_err(status);
}

int32_t posix_park(void *word, uint32_t expected, uint64_t timeout_ns)
{
	struct ring_sqe s = { .opcode = RING_OP_PARK, .addr = (uint64_t)word,
			      .len = expected, .result_addr = timeout_ns };
	return rt_submit_wait(&s).result;
}

long posix_unpark(void *word, uint32_t count)
{
	struct ring_sqe s = { .opcode = RING_OP_UNPARK, .addr = (uint64_t)word,
			      .len = count };
	int32_t r = rt_submit_wait(&s).result;
	return r < 0 ? posix_call_errno(r) : r;
}

/* 0 free, 1 held, 2 held and maybe waited for (Drepper's mutex 2). */
void posix_lock(uint32_t *l)
{
	uint32_t c = 0;
	if (__atomic_compare_exchange_n(l, &c, 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		posix_park(l, 2, 0);
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	}
}

void posix_unlock(uint32_t *l)
{
	if (__atomic_exchange_n(l, 0, __ATOMIC_RELEASE) == 2)
		posix_unpark(l, 1);
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

	/* threads: ThreadSpawner, ThreadControl, PARK/UNPARK, ParkSpace */
	case SYS_clone:
		return posix_thread_clone((unsigned long)a, (uint64_t)b, (int *)c,
					  (int *)d, (uint64_t)e, (uint64_t)f);
	case SYS_exit:		  posix_thread_exit((int)a);
	case SYS_futex:
		return posix_thread_futex((volatile int *)a, (int)b, (int)c, d,
					  (volatile int *)e, (int)f);
	case SYS_set_tid_address: return posix_thread_set_tid_address((int *)a);
	case SYS_gettid:	  return posix_thread_gettid();
	case SYS_getpid:	  return posix_thread_getpid();
	/* one policy, so any request is met (musl's explicit-scheduling
	 * pthread_create would otherwise take a path we cannot support) */
	case SYS_sched_setscheduler: return 0;

	/* the process: exit, ThreadControl, EntropySource */
	case SYS_exit_group:	  posix_proc_exit((int)a);
	case SYS_arch_prctl:	  return posix_proc_arch_prctl((int)a, (uint64_t)b);
	case SYS_tkill:		  return posix_proc_tkill(a, (int)b);
	case SYS_getrandom:
		return posix_proc_getrandom((void *)a, (size_t)b, (unsigned)c);
	case SYS_sched_yield:	  return 0;

	default:		  return -ENOSYS;
	}
}
