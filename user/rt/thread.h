/* Threads in the minimal runtime. Each thread has a struct rt_thread with
 * its own ring client; the runtime finds it through the FS base, which it
 * points at the struct (first word: a pointer to itself) when it owns the
 * FS base. Programs built on musl leave the FS base to musl's TLS: there
 * the C library installs rt_self_hook, which finds the calling thread's
 * struct through a TLS pointer (user/libc/posix_thread.c). */
#ifndef CAPOS_USER_RT_THREAD_H
#define CAPOS_USER_RT_THREAD_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/ring/ring.h"

#define RT_PARKED_MAX RING_CQ_ENTRIES

struct rt_thread {
	struct rt_thread *self;		/* %fs:0 when the runtime owns FS */
	struct ring_page *ring;
	uint64_t next_user_data;
	uint32_t nparked;
	struct ring_cqe parked[RT_PARKED_MAX];
	void (*fn)(void *);		/* spawned threads: body and argument */
	void *arg;
	cap_handle_t handle;		/* ThreadHandle, in the spawner */
	int32_t tid;
	uint64_t stack;			/* mapped stack (guard page first) */
	uint32_t line_len;		/* rt_printf's line buffer */
	char line[256];
};

extern struct rt_thread rt_main_thread;
extern bool rt_fs_owned;
/* Set by a C library that owns the FS base: the calling thread's struct,
 * or NULL for the first thread (rt_main_thread). Unused when rt_fs_owned. */
extern struct rt_thread *(*rt_self_hook)(void);

extern struct ring_page *rt_ring;

static inline struct rt_thread *rt_self(void)
{
	struct rt_thread *t;
	if (!rt_fs_owned) {
		if (rt_self_hook && (t = rt_self_hook()))
			return t;
		if (!rt_main_thread.ring) {	/* first use, e.g. under musl */
			rt_main_thread.ring = rt_ring;
			rt_main_thread.next_user_data = 1;
		}
		return &rt_main_thread;
	}
	__asm__ volatile("mov %%fs:0, %0" : "=r"(t));
	return t;
}

/* Called by rt_start before main. */
void rt_threads_init(void);

/* Start fn(arg) on a new thread with a fresh 64 KiB stack; *t is the
 * caller-provided descriptor. Needs the "threads", "thread" and "vm"
 * capabilities. Returns 0 or an error. */
int32_t rt_thread_start(struct rt_thread *t, void (*fn)(void *), void *arg);
/* Wait for it; returns its exit code (or a negative error). */
int64_t rt_thread_join(struct rt_thread *t);
/* End the calling thread. */
_Noreturn void rt_thread_exit(int64_t code);

#endif
