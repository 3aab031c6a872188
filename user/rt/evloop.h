/* An event loop for services: serve an endpoint while also waiting on
 * timers and other completions, all through the thread's one ring. Each
 * armed source has a user_data the loop owns; a completion is dispatched
 * to its source's handler, and RECV sources re-arm themselves. */
#ifndef CAPOS_USER_RT_EVLOOP_H
#define CAPOS_USER_RT_EVLOOP_H
#include "lib/ring/ipc.h"
#include "user/rt/ipc.h"
#include "user/rt/rt.h"

#define RT_LOOP_SOURCES 48	/* a ring has 64 completion slots */

struct rt_loop;
typedef void (*rt_loop_call_fn)(struct rt_loop *l, void *ctx,
				const struct rt_incoming *in);
typedef void (*rt_loop_timer_fn)(struct rt_loop *l, void *ctx);
typedef void (*rt_loop_done_fn)(struct rt_loop *l, void *ctx,
				const struct ring_cqe *cqe);

struct rt_loop_source {
	uint64_t user_data;	/* 0: free */
	int kind;		/* RECV or TIMER */
	cap_handle_t cap;
	void *buf;
	uint32_t len;
	rt_loop_call_fn on_call;
	rt_loop_timer_fn on_timer;
	rt_loop_done_fn on_done;
	void *ctx;
	uint8_t params[64], results[64];	/* timer sleep messages */
};

struct rt_loop {
	struct rt_loop_source src[RT_LOOP_SOURCES];
	cap_handle_t timer;
	bool stop;
};

void rt_loop_init(struct rt_loop *l, cap_handle_t timer);
/* Serve ep: on_call runs for every received call (it must RETURN). */
int rt_loop_serve(struct rt_loop *l, cap_handle_t ep, void *buf, uint32_t len,
		  rt_loop_call_fn on_call, void *ctx);
/* Call on_timer once, `ns` from now (re-arm from the handler to repeat). */
int rt_loop_after(struct rt_loop *l, uint64_t ns, rt_loop_timer_fn on_timer,
		  void *ctx);
/* Submit the call (params and results stay the caller's until it
 * completes); on_done gets its completion. */
int rt_loop_call(struct rt_loop *l, cap_handle_t cap, const struct capn_call *c,
		 const struct ring_xfer *xfer, uint32_t nxfer,
		 rt_loop_done_fn on_done, void *ctx);
/* Run until rt_loop_stop() is called from a handler. */
void rt_loop_run(struct rt_loop *l);
void rt_loop_stop(struct rt_loop *l);

#endif
