/* The process: exit, the thread pointer, signals sent to oneself, and
 * random bytes (threads and their ids: posix_thread.c).
 *
 * exit_group flushes the console lines still buffered, then makes the
 * kernel's exit system call, which ends every thread.
 *
 * TLS: musl's __init_tp calls arch_prctl(ARCH_SET_FS, tp), which is
 * ThreadControl.setFsBase on the "thread" capability. It must return
 * exactly 0, or musl runs without threads or crashes, so the C runtime
 * (crt/start.c) refuses to start a program without that capability.
 *
 * Signals: none are delivered yet. tkill on the calling thread applies
 * the default action (abort() ends the process with 128 + SIGABRT); any
 * other thread cannot be signalled (ESRCH).
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
	if (tid != posix_thread_gettid())
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
