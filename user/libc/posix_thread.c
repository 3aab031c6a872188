/* Threads for musl's pthreads: clone, thread exit, futex, the thread ids.
 *
 * Ring clients. Every thread talks to the kernel through its own ring
 * (ThreadSpawner gives each new thread one), so each needs its own
 * struct rt_thread. musl owns the FS base, so user/rt cannot find it
 * there: the first clone installs rt_self_hook, which returns the TLS
 * pointer `thread_rt` (NULL in the first thread, which uses
 * rt_main_thread). The struct itself (about 2.4 KiB) sits at the top of
 * the thread's stack: TLS must stay small, as musl sets up the first
 * thread's TLS in a static block of a few hundred bytes and needs mmap,
 * i.e. "vm", for anything larger. It lives as long as the stack, which
 * musl frees only after the kernel has cleared the exit word.
 *
 * clone (musl's __clone, user/libc/port/.../clone.s) asks for a thread
 * with rsp = sp, where sp[0] = func and sp[1] = arg, starting at `entry`
 * (musl's __capos_clone_entry). We lay out, below sp: the thread's
 * struct rt_thread, a copy of func and arg (musl's new sp), and a launch
 * record {entry, ptid, rt}. ThreadSpawner.spawn starts the thread at
 * posix_thread_entry (posix_thread_entry.S) with rdi = rsp = the record,
 * rsi = its ring, FS base = tls, clearTid = ctid. The trampoline calls
 * posix_thread_start, which fills the struct, asks the kernel for the
 * tid and stores it at ptid; then it moves rsp to the copy and jumps to
 * entry. The parent stores the same tid at ptid when spawn returns
 * (CLONE_PARENT_SETTID); the child stores it too because it may run
 * first, and musl's locks need self->tid before any user code.
 * The ThreadHandle is released at once: musl joins through the ctid word
 * (pthread_join waits for the kernel to clear it), never through it.
 *
 * Exit. SYS_exit (60) ends the calling thread (ThreadControl.exitThread);
 * the kernel then writes 0 to its clearTid word and wakes it (musl passes
 * the thread-list lock, held until then). The first thread was not made
 * by spawn, so for it the layer does the same with the word it gave
 * set_tid_address, just before exitThread: nobody frees its stack.
 * A detached thread frees its own stack and TLS (musl's __unmapself,
 * port/src/thread/x86_64_capos/__unmapself.c): __capos_unmapself
 * queues VirtualMemory.unmap and exitThread together and enters the
 * kernel once, which runs both in order; user code never runs on the
 * unmapped stack.
 *
 * futex: WAIT is the PARK ring opcode on the calling thread's ring, WAKE
 * is UNPARK, REQUEUE and CMP_REQUEUE are ParkSpace.requeue ("park"). All
 * futexes are per process (private), which is all musl asks for.
 */
#include <errno.h>
#include <stddef.h>
#include "capos/memory.h"
#include "capos/thread.h"
#include "user/libc/posix.h"
#include "user/libc/posix_check.h"
#include "user/rt/thread.h"

struct posix_launch {		/* where the new thread's rsp starts */
	uint64_t entry;
	int *ptid;
	struct rt_thread *rt;
	uint64_t unused;
};
_Static_assert(sizeof(struct posix_launch) == 32,
	       "posix_thread_entry.S steps over 32 bytes; rsp stays aligned");
#define RT_BYTES ((sizeof(struct rt_thread) + 15) & ~(size_t)15)

void posix_thread_entry(void);
uint64_t posix_thread_start(const struct posix_launch *l,
			    struct ring_page *ring);

static __thread struct rt_thread *thread_rt;
static volatile int *main_clear_tid;	/* the first thread's exit word */
static int process_id;			/* the first thread's tid */

static struct rt_thread *thread_rt_self(void)
{
	return thread_rt;
}

/* ThreadControl.tid of the calling thread, or 1 without the capability
 * (then there is only one thread). */
static int thread_tid(void)
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
	return tid ? (int)tid : 1;
}

long posix_thread_gettid(void)
{
	struct rt_thread *me = rt_self();
	if (!me->tid)
		me->tid = thread_tid();
	return me->tid;
}

long posix_thread_getpid(void)
{
	int pid = __atomic_load_n(&process_id, __ATOMIC_RELAXED);
	if (!pid && rt_self() == &rt_main_thread)
		__atomic_store_n(&process_id, pid = posix_thread_gettid(),
				 __ATOMIC_RELAXED);
	return pid ? pid : 1;
}

/* musl calls it once, in the first thread (__init_tp); its threads get
 * their exit word through clone's ctid, which the kernel clears. */
long posix_thread_set_tid_address(int *clear)
{
	long tid = posix_thread_gettid();
	if (rt_self() == &rt_main_thread) {
		main_clear_tid = clear;
		__atomic_store_n(&process_id, (int)tid, __ATOMIC_RELAXED);
	}
	return tid;
}

/* ThreadSpawner.spawn; the new thread's tid or -errno. */
static long thread_spawn(struct posix_launch *l, uint64_t tls, int *ctid)
{
	uint8_t params[128], results[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	ThreadSpawner_spawn_Results_r r;
	ThreadSpawner_spawn_prepare(&c, params, sizeof(params),
				    (uint64_t)posix_thread_entry, (uint64_t)l,
				    (uint64_t)l, tls, (uint64_t)ctid);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(posix_cap(POSIX_CAP_THREADS), &c, 0, 0, &cqe);
	if (ThreadSpawner_spawn_results(&m, &c, st, &r))
		return st == ERR_QUOTA || st >= 0 ? -EAGAIN : posix_call_errno(st);
	cap_handle_t h = rt_result_cap(&c, &cqe, 0, ThreadHandle_IFACE_ID);
	if (h != CAP_HANDLE_NONE)
		rt_release(h);		/* detach: musl joins through ctid */
	return (long)ThreadSpawner_spawn_Results_get_tid(r);
}

long posix_thread_clone(unsigned long flags, uint64_t sp, int *ptid,
			int *ctid, uint64_t tls, uint64_t entry)
{
	long err = posix_clone_check(flags);
	if (err)
		return err;
	if ((sp & 15) || sp < RT_BYTES + 64)
		return -EINVAL;
	if (posix_cap(POSIX_CAP_THREADS) == CAP_HANDLE_NONE)
		return -ENOSYS;
	if (!(flags & POSIX_CLONE_PARENT_SETTID))
		ptid = 0;
	if (!(flags & POSIX_CLONE_CHILD_CLEARTID))
		ctid = 0;
	rt_self_hook = thread_rt_self;	/* from now on there may be two */
	uint64_t *musl_sp = (uint64_t *)(sp - RT_BYTES - 16);
	musl_sp[0] = ((uint64_t *)sp)[0];	/* func */
	musl_sp[1] = ((uint64_t *)sp)[1];	/* arg */
	struct posix_launch *l = (struct posix_launch *)musl_sp - 1;
	*l = (struct posix_launch){ .entry = entry, .ptid = ptid,
				    .rt = (struct rt_thread *)(sp - RT_BYTES) };
	long tid = thread_spawn(l, tls, ctid);
	if (tid > 0 && ptid)
		__atomic_store_n(ptid, (int)tid, __ATOMIC_RELEASE);
	return tid;
}

/* Called by posix_thread_entry on the new thread, before any musl code:
 * its ring client, its tid (at ptid too); returns where to go on. */
uint64_t posix_thread_start(const struct posix_launch *l,
			    struct ring_page *ring)
{
	struct rt_thread *me = l->rt;
	*me = (struct rt_thread){ .self = me, .ring = ring,
				  .next_user_data = 1 };
	thread_rt = me;
	me->tid = thread_tid();
	if (l->ptid)
		__atomic_store_n(l->ptid, me->tid, __ATOMIC_RELEASE);
	return l->entry;
}

/* ThreadControl.exitThread; returns only if it failed. */
static void thread_exit_call(int code)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	ThreadControl_exitThread_prepare(&c, params, sizeof(params), code);
	capn_call_set_results(&c, results, sizeof(results));
	rt_call(posix_cap(POSIX_CAP_THREAD), &c);
}

_Noreturn void posix_thread_exit(int code)
{
	volatile int *clear = main_clear_tid;
	if (rt_self() == &rt_main_thread && clear) {
		__atomic_store_n(clear, 0, __ATOMIC_RELEASE);
		posix_unpark((void *)clear, UINT32_MAX);
	}
	thread_exit_call(code);
	posix_proc_exit(code);	/* no ThreadControl: the process ends */
}

/* Parameters of the last two calls of a detached thread. musl holds its
 * thread-list lock from before __unmapself until the kernel clears it
 * after this thread is gone, so one set serves every thread. */
static struct {
	uint8_t unmap_params[96], unmap_results[64];
	uint8_t exit_params[64], exit_results[64];
} last_calls;

/* musl's __unmapself (port/src/thread/x86_64_capos/__unmapself.c). */
_Noreturn void __capos_unmapself(void *base, size_t size)
{
	struct capn_call cu, ce;
	uint64_t addr = (uint64_t)base;
	size = (size + POSIX_PAGE_SIZE - 1) & ~(POSIX_PAGE_SIZE - 1);
	posix_mem_forget(addr, size);
	VirtualMemory_unmap_prepare(&cu, last_calls.unmap_params,
				    sizeof(last_calls.unmap_params), addr, size);
	capn_call_set_results(&cu, last_calls.unmap_results,
			      sizeof(last_calls.unmap_results));
	ThreadControl_exitThread_prepare(&ce, last_calls.exit_params,
					 sizeof(last_calls.exit_params), 0);
	capn_call_set_results(&ce, last_calls.exit_results,
			      sizeof(last_calls.exit_results));
	struct ring_sqe s[2] = {
		{ .opcode = RING_OP_CALL, .cap = posix_cap(POSIX_CAP_VM),
		  .method = cu.method, .addr = (uint64_t)cu.params,
		  .len = cu.params_len, .result_addr = (uint64_t)cu.results,
		  .result_len = cu.results_cap, .user_data = rt_next_user_data() },
		{ .opcode = RING_OP_CALL, .cap = posix_cap(POSIX_CAP_THREAD),
		  .method = ce.method, .addr = (uint64_t)ce.params,
		  .len = ce.params_len, .result_addr = (uint64_t)ce.results,
		  .result_len = ce.results_cap, .user_data = rt_next_user_data() },
	};
	struct ring_page *ring = rt_self()->ring;
	struct ring_header *h = &ring->hdr;
	uint32_t tail = h->sq_tail;
	while (tail + 2 - __atomic_load_n(&h->sq_head, __ATOMIC_ACQUIRE) >
	       RING_SQ_ENTRIES)
		rt_cap_enter(0, 0);	/* never: every call so far completed */
	ring->sq[tail & (RING_SQ_ENTRIES - 1)] = s[0];
	ring->sq[(tail + 1) & (RING_SQ_ENTRIES - 1)] = s[1];
	__atomic_store_n(&h->sq_tail, tail + 2, __ATOMIC_RELEASE);
	/* From the kernel's consuming of the unmap on, the stack is gone:
	 * enter and, should exitThread fail, end the process, all in
	 * registers. */
	__asm__ volatile("syscall\n\t"
			 "mov %[exit], %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "ud2"
			 : : "a"((uint64_t)SYS_CAP_ENTER), "D"(0ull), "S"(0ull),
			   [exit] "i"(SYS_EXIT)
			 : "rcx", "r11", "memory");
	__builtin_unreachable();
}

/* ---- futex ---------------------------------------------------------- */

static long futex_wait(volatile int *word, int val,
		       const struct posix_futex_req *q)
{
	int32_t r = posix_park((void *)word, (uint32_t)val,
			       q->timed ? q->timeout_ns : 0);
	switch (r) {
	case 0:	 return 0;		/* woken (or requeued, then woken) */
	case 1:	 return -ETIMEDOUT;
	case 2:	 return -EAGAIN;	/* *word != val */
	default: return posix_call_errno(r < 0 ? r : ERR_INTERNAL);
	}
}

static long futex_requeue(volatile int *from, volatile int *to, int wake,
			  int move)
{
	uint8_t params[128], results[64];
	struct capn_call c;
	struct capn_msg m;
	ParkSpace_requeue_Results_r r;
	cap_handle_t park = posix_cap(POSIX_CAP_PARK);
	if (park == CAP_HANDLE_NONE)
		return -ENOSYS;
	ParkSpace_requeue_prepare(&c, params, sizeof(params), (uint64_t)from,
				  (uint64_t)to, (uint32_t)wake, (uint32_t)move);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(park, &c);
	if (ParkSpace_requeue_results(&m, &c, st, &r))
		return st < 0 ? posix_call_errno(st) : -EIO;
	return (long)ParkSpace_requeue_Results_get_woken(r) +
	       (long)ParkSpace_requeue_Results_get_moved(r);
}

long posix_thread_futex(volatile int *word, int op, int val, long arg4,
			volatile int *word2, int val3)
{
	struct posix_futex_req q;
	long err = posix_futex_check(op, (const struct timespec *)arg4, val,
				     (int)arg4, &q);
	if (err)
		return err;
	if ((uintptr_t)word & 3)
		return -EINVAL;
	switch (q.cmd) {
	case POSIX_FUTEX_WAIT:
		return futex_wait(word, val, &q);
	case POSIX_FUTEX_WAKE:
		/* Linux wakes one even when asked for 0 (or fewer) */
		return posix_unpark((void *)word, val < 1 ? 1 : (uint32_t)val);
	case POSIX_FUTEX_CMP_REQUEUE:
		/* not atomic with the requeue as on Linux: a change after
		 * this read goes unnoticed (musl uses plain REQUEUE) */
		if (*word != val3)
			return -EAGAIN;
		/* fall through */
	default:
		if ((uintptr_t)word2 & 3)
			return -EINVAL;
		return futex_requeue(word, word2, val, (int)arg4);
	}
}
