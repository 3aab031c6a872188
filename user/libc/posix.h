/* The POSIX translation layer: musl's system calls as capability calls.
 *
 * musl (built as ARCH x86_64_capos, see user/libc/port/) never executes
 * `syscall`; every call lands in __capos_syscall (posix.c), which
 * dispatches by Linux number to one handler per call family:
 *   posix_io.c    write/writev/read/readv/ioctl/lseek/close: Console, StdIO
 *   posix_mem.c   mmap/munmap/mprotect/brk/madvise/mremap: VirtualMemory
 *   posix_time.c  clock_gettime/gettimeofday/nanosleep/clock_nanosleep:
 *                 Timer
 *   posix_proc.c  exit_group, TLS (arch_prctl), getrandom, tkill:
 *                 ThreadControl, EntropySource
 *   posix_thread.c clone, exit, futex, set_tid_address, gettid/getpid:
 *                 ThreadSpawner, ThreadControl, PARK/UNPARK, ParkSpace
 * Argument checks live in posix_check.c, which also builds on the host.
 *
 * Contract (musl's, see the musl-port reference): Linux x86_64 numbers
 * and argument order; the result or -errno, never errno itself; usable
 * before TLS exists (no %fs, no stack protector, no musl function that
 * makes system calls). A capability the program was not granted is a
 * clean error (EBADF, ENOMEM, ENOSYS...), never a fault.
 *
 * Thread-safe: every thread has its own ring client (posix_thread.c) and
 * the layer's own tables are guarded by posix_lock.
 */
#ifndef CAPOS_USER_LIBC_POSIX_H
#define CAPOS_USER_LIBC_POSIX_H
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <time.h>
#include "user/rt/rt.h"

long __capos_syscall(long n, long a, long b, long c, long d, long e, long f);

/* Initial capabilities the layer uses, looked up once by CapSet name. */
enum posix_cap {
	POSIX_CAP_CONSOLE, POSIX_CAP_STDIO, POSIX_CAP_TIMER, POSIX_CAP_VM,
	POSIX_CAP_ENTROPY, POSIX_CAP_THREAD, POSIX_CAP_THREADS, POSIX_CAP_PARK,
	POSIX_CAP_COUNT
};
cap_handle_t posix_cap(enum posix_cap which);

/* 0 for a completed call, else -errno for its status. */
long posix_call_errno(int32_t status);

/* PARK on the calling thread's ring: 0 woken, 1 timed out, 2 the word
 * was not `expected`, or an err_t. timeout_ns 0: none. */
int32_t posix_park(void *word, uint32_t expected, uint64_t timeout_ns);
/* UNPARK: how many were woken, or -errno. */
long posix_unpark(void *word, uint32_t count);
/* The layer's lock (a zeroed word is free); waiters park. Not
 * recursive; never held across a call back into musl. */
void posix_lock(uint32_t *l);
void posix_unlock(uint32_t *l);

long posix_io_write(int fd, const void *buf, size_t len);
long posix_io_writev(int fd, const struct iovec *iov, int iovcnt);
long posix_io_read(int fd, void *buf, size_t len);
long posix_io_readv(int fd, const struct iovec *iov, int iovcnt);
long posix_io_ioctl(int fd, unsigned long req, void *arg);
long posix_io_lseek(int fd, long off, int whence);
long posix_io_close(int fd);
/* Sends any partial console lines still buffered (before exit). */
void posix_io_flush(void);

long posix_mem_mmap(uint64_t addr, uint64_t len, int prot, int flags,
		    int fd, int64_t off);
long posix_mem_munmap(uint64_t addr, uint64_t len);
long posix_mem_mprotect(uint64_t addr, uint64_t len, int prot);
/* Forget the reservations in a range unmapped without posix_mem_munmap. */
void posix_mem_forget(uint64_t addr, uint64_t len);

struct timeval;
long posix_time_clock_gettime(long clk, struct timespec *ts);
long posix_time_gettimeofday(struct timeval *tv, void *tz);
long posix_time_nanosleep(const struct timespec *req, struct timespec *rem);
long posix_time_clock_nanosleep(long clk, int flags,
				const struct timespec *req,
				struct timespec *rem);
/* Monotonic ns since boot, 0 without a timer. */
uint64_t posix_time_now_ns(void);

_Noreturn void posix_proc_exit(int code);
long posix_proc_arch_prctl(int code, uint64_t addr);
long posix_proc_tkill(long tid, int sig);
long posix_proc_getrandom(void *buf, size_t len, unsigned flags);

long posix_thread_clone(unsigned long flags, uint64_t sp, int *ptid,
			int *ctid, uint64_t tls, uint64_t entry);
_Noreturn void posix_thread_exit(int code);
long posix_thread_futex(volatile int *word, int op, int val, long arg4,
			volatile int *word2, int val3);
long posix_thread_set_tid_address(int *clear);
long posix_thread_gettid(void);
long posix_thread_getpid(void);
/* musl's __unmapself: unmap [base, base+size) and end the thread. */
_Noreturn void __capos_unmapself(void *base, size_t size);

#endif
