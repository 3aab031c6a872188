/* The minimal user runtime: entry, the two system calls, a ring client,
 * CapSet lookup, formatted output through Console, and a bump allocator.
 * The musl issue builds a full C library on top of this. */
#ifndef CAPOS_USER_RT_H
#define CAPOS_USER_RT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/err.h"
#include "lib/capnp/call.h"
#include "lib/ring/abi.h"
#include "lib/ring/ring.h"

/* Programs define this; its return value is the exit code. */
int main(void);

/* The two system calls. */
uint64_t rt_cap_enter(uint32_t min_complete, uint64_t timeout_ns);
/* The same system call, inline, for the call path (rt_call): under TCG a
 * function return costs as much as a few dozen plain instructions. */
static inline uint64_t rt_cap_enter_inline(uint32_t min_complete,
					   uint64_t timeout_ns)
{
	uint64_t ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"((uint64_t)SYS_CAP_ENTER), "D"((uint64_t)min_complete),
			   "S"(timeout_ns)
			 : "rcx", "r11", "memory");
	return ret;
}
_Noreturn void rt_exit(int64_t code);

/* The thread's ring and the process's CapSet page. */
extern struct ring_page *rt_ring;
extern const struct capset_page *rt_capset;

/* Program arguments from the spawner (the args page); rt_argv returns
 * NULL past the end. */
int rt_argc(void);
const char *rt_argv(int i);

/* Handle of the initial capability `name` if it has interface `iface`;
 * CAP_HANDLE_NONE otherwise. */
cap_handle_t rt_cap_find(const char *name, uint64_t iface);

/* Submit one SQE (copied) and return its ring index; blocks in cap_enter
 * while the SQ is full. */
void rt_submit(const struct ring_sqe *sqe);
/* Wait for the completion with this user_data (other completions that
 * arrive meanwhile are kept for their own waiters). */
struct ring_cqe rt_wait(uint64_t user_data);
/* Submit and wait: the common synchronous case. */
struct ring_cqe rt_submit_wait(struct ring_sqe *sqe);
uint64_t rt_next_user_data(void);
/* Any completion set aside while waiting for another (event loops). */
bool rt_take_parked_any(struct ring_cqe *out);

/* rt_call(cap, c), a capability call described by generated stubs
 * (lib/capnp/call.h), returning the completion status, is inline
 * (user/rt/call.h, included at the end). The shell's host tests build
 * with RT_HOST_FAKE and supply their own. */
#ifdef RT_HOST_FAKE
int32_t rt_call(cap_handle_t cap, struct capn_call *c);
#endif
/* The same with transfer descriptors (capability pointer i in the params
 * refers to xfer[i]); the whole completion comes back in *cqe. */
int32_t rt_call_xfer(cap_handle_t cap, struct capn_call *c,
		     const struct ring_xfer *xfer, uint32_t nxfer,
		     struct ring_cqe *cqe);
/* Result capability `index` of a completed call (CAP_HANDLE_NONE if the
 * completion carried none, or its interface is not `iface`). */
cap_handle_t rt_result_cap(const struct capn_call *c,
			   const struct ring_cqe *cqe, uint32_t index,
			   uint64_t iface);
/* A failed call's message for people (CapException text or the error's);
 * may use buf. */
const char *rt_call_error(const struct capn_call *c, int32_t st, char *buf,
			  size_t cap);
/* RELEASE a capability. */
int32_t rt_release(cap_handle_t cap);

/* Monotonic ns and sleeping through the "timer" capability. */
uint64_t rt_time_now(void);
int32_t rt_sleep_ns(uint64_t ns);

/* Output through the "console" capability (line-buffered). */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_flush(void);

/* The "stdio" capability (StdIO), NONE without one; write, and read one
 * line (echo: EchoMode; *end: ReadLine.End). */
cap_handle_t rt_stdio(void);
int32_t rt_stdio_write(const void *data, uint32_t len);
int32_t rt_stdio_puts(const char *s);
int32_t rt_stdio_readline(char *buf, uint32_t cap, uint32_t echo,
			  uint32_t *end);

/* Bump allocator over a static arena; rt_free is a no-op. */
void *rt_alloc(size_t n);

#ifndef RT_HOST_FAKE
#include "user/rt/call.h"
#endif

#endif
