/* The process and its one thread: exit, the thread pointer, ids,
 * signals sent to oneself, and random bytes.
 *
 * exit and exit_group flush the console lines still buffered, then make
 * the kernel's exit system call (there is one thread until the threads
 * issue, so both end the process).
 *
 * TLS: musl's __init_tp calls arch_prctl(ARCH_SET_FS, tp), which is
 * ThreadControl.setFsBase on the "thread" capability. It must return
 * exactly 0, or musl runs without threads or crashes, so the C runtime
 * (crt/start.c) refuses to start a program without that capability.
 * set_tid_address returns the kernel's tid (ThreadControl.tid): musl
 * uses it for lock ownership, so it must be nonzero and stable.
 * getpid returns the same number, the id of the process's first thread.
 *
 * Signals: none are delivered yet. tkill on oneself applies the default
 * action (abort() ends the process with 128 + SIGABRT); any other
 * thread does not exist (ESRCH).
 *
 * getrandom is EntropySource.fill on the "entropy" capability, at most
 * EntropySource.maxBytes per call; without it, ENOSYS.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "capos/entropy.h"
#include "capos/thread.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define RANDOM_CHUNK 1024u

static long cached_tid;

_Noreturn void posix_proc_exit(int code)
{
	posix_io_flush();
	rt_flush();
	rt_exit(code);
}

static long thread_set_fs(uint64_t base)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	ThreadControl_setFsBase_prepare(&c, params, sizeof(params), base);
	capn_call_set_results(&c, results, sizeof(results));
	return posix_call_errno(rt_call(posix_cap(POSIX_CAP_THREAD), &c));
}

static long thread_get_fs(uint64_t *base)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	struct capn_msg m;
	ThreadControl_getFsBase_Results_r r;
	ThreadControl_getFsBase_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_THREAD), &c);
	if (ThreadControl_getFsBase_results(&m, &c, st, &r))
		return st < 0 ? posix_call_errno(st) : -EIO;
	*base = ThreadControl_getFsBase_Results_get_base(r);
	return 0;
}

long posix_proc_arch_prctl(int code, uint64_t addr)
{
	uint64_t base;
	if (code != ARCH_SET_FS && code != ARCH_GET_FS)
		return -EINVAL;
	if (posix_cap(POSIX_CAP_THREAD) == CAP_HANDLE_NONE)
		return -ENOSYS;
	if (code == ARCH_SET_FS)
		return thread_set_fs(addr);
	if (addr == 0)
		return -EFAULT;
	long err = thread_get_fs(&base);
	if (!err)
		*(uint64_t *)addr = base;
	return err;
}

/* ThreadControl.tid, or 1 without the capability (still one thread). */
static long thread_tid(void)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	struct capn_msg m;
	ThreadControl_tid_Results_r r;
	if (posix_cap(POSIX_CAP_THREAD) == CAP_HANDLE_NONE)
		return 1;
	ThreadControl_tid_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_THREAD), &c);
	if (ThreadControl_tid_results(&m, &c, st, &r))
		return 1;
	uint32_t tid = ThreadControl_tid_Results_get_tid(r);
	return tid ? tid : 1;
}

long posix_proc_gettid(void)
{
	if (!cached_tid)
		cached_tid = thread_tid();
	return cached_tid;
}

long posix_proc_set_tid_address(int *clear)
{
	/* the clear-on-exit word matters only when threads exit (later) */
	return posix_proc_gettid();
}

/* Signals whose default action is to do nothing. */
static bool signal_ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

long posix_proc_tkill(long tid, int sig)
{
	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (tid != posix_proc_gettid())
		return -ESRCH;
	if (sig == 0 || signal_ignored_by_default(sig))
		return 0;
	posix_proc_exit(128 + sig);
}

/* One EntropySource.fill of at most RANDOM_CHUNK bytes into buf. */
static long entropy_fill(uint8_t *buf, uint32_t len)
{
	uint8_t params[64], results[RANDOM_CHUNK + 64];
	struct capn_call c;
	struct capn_msg m;
	EntropySource_fill_Results_r r;
	EntropySource_fill_prepare(&c, params, sizeof(params), len);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(posix_cap(POSIX_CAP_ENTROPY), &c);
	if (EntropySource_fill_results(&m, &c, st, &r))
		return st < 0 ? posix_call_errno(st) : -EIO;
	struct capn_data d = EntropySource_fill_Results_get_data(r);
	if (d.len == 0 || d.len > len)
		return -EIO;
	memcpy(buf, d.ptr, d.len);
	return d.len;
}

long posix_proc_getrandom(void *buf, size_t len, unsigned flags)
{
	long err = posix_getrandom_check(flags);
	if (err)
		return err;
	if (posix_cap(POSIX_CAP_ENTROPY) == CAP_HANDLE_NONE)
		return -ENOSYS;
	if (len > 0 && buf == NULL)
		return -EFAULT;
	size_t done = 0;
	while (done < len) {
		size_t k = len - done < RANDOM_CHUNK ? len - done : RANDOM_CHUNK;
		long n = entropy_fill((uint8_t *)buf + done, (uint32_t)k);
		if (n < 0)
			return done ? (long)done : n;
		done += (size_t)n;
	}
	return (long)done;
}
