#include "capos/time.h"
#include "user/rt/evloop.h"
#include "user/rt/thread.h"

enum { SRC_RECV = 1, SRC_TIMER = 2, SRC_CALL = 3 };

void rt_loop_init(struct rt_loop *l, cap_handle_t timer)
{
	*l = (struct rt_loop){ .timer = timer };
}

static struct rt_loop_source *loop_slot(struct rt_loop *l)
{
	for (int i = 0; i < RT_LOOP_SOURCES; i++)
		if (!l->src[i].user_data)
			return &l->src[i];
	return 0;
}

static void loop_arm_recv(struct rt_loop_source *s)
{
	s->user_data = rt_next_user_data();
	struct ring_sqe q = { .opcode = RING_OP_RECV, .cap = s->cap,
			      .user_data = s->user_data,
			      .result_addr = (uint64_t)s->buf, .result_len = s->len };
	rt_submit(&q);
}

int rt_loop_serve(struct rt_loop *l, cap_handle_t ep, void *buf, uint32_t len,
		  rt_loop_call_fn on_call, void *ctx)
{
	struct rt_loop_source *s = loop_slot(l);
	if (!s)
		return ERR_TOO_LARGE;
	*s = (struct rt_loop_source){ .kind = SRC_RECV, .cap = ep, .buf = buf,
				      .len = len, .on_call = on_call, .ctx = ctx };
	loop_arm_recv(s);
	return 0;
}

int rt_loop_after(struct rt_loop *l, uint64_t ns, rt_loop_timer_fn on_timer,
		  void *ctx)
{
	struct rt_loop_source *s = loop_slot(l);
	if (!s)
		return ERR_TOO_LARGE;
	*s = (struct rt_loop_source){ .kind = SRC_TIMER, .on_timer = on_timer,
				      .ctx = ctx, .user_data = rt_next_user_data() };
	struct capn_call c;
	Timer_sleep_prepare(&c, s->params, sizeof(s->params), ns);
	struct ring_sqe q = { .opcode = RING_OP_CALL, .cap = l->timer,
			      .method = c.method, .addr = (uint64_t)s->params,
			      .len = c.params_len, .user_data = s->user_data,
			      .result_addr = (uint64_t)s->results,
			      .result_len = sizeof(s->results) };
	rt_submit(&q);
	return 0;
}

int rt_loop_call(struct rt_loop *l, cap_handle_t cap, const struct capn_call *c,
		 const struct ring_xfer *xfer, uint32_t nxfer,
		 rt_loop_done_fn on_done, void *ctx)
{
	struct rt_loop_source *s = loop_slot(l);
	if (!s)
		return ERR_TOO_LARGE;
	*s = (struct rt_loop_source){ .kind = SRC_CALL, .on_done = on_done,
				      .ctx = ctx, .user_data = rt_next_user_data() };
	struct ring_sqe q = {
		.opcode = RING_OP_CALL, .cap = cap, .method = c->method,
		.addr = (uint64_t)c->params, .len = c->params_len,
		.result_addr = (uint64_t)c->results, .result_len = c->results_cap,
		.xfer_addr = nxfer ? (uint64_t)xfer : 0,
		.xfer_count = (uint16_t)nxfer, .user_data = s->user_data,
	};
	rt_submit(&q);
	return 0;
}

static void loop_dispatch(struct rt_loop *l, const struct ring_cqe *c)
{
	for (int i = 0; i < RT_LOOP_SOURCES; i++) {
		struct rt_loop_source *s = &l->src[i];
		if (!s->user_data || s->user_data != c->user_data)
			continue;
		if (s->kind == SRC_TIMER) {
			s->user_data = 0;	/* free before the handler re-arms */
			s->on_timer(l, s->ctx);
			return;
		}
		if (s->kind == SRC_CALL) {
			s->user_data = 0;
			s->on_done(l, s->ctx, c);
			return;
		}
		struct rt_incoming in = { .status = c->result };
		if (c->result >= 0) {
			in.hdr = s->buf;
			in.params = (const uint8_t *)s->buf + sizeof(struct ipc_msg_header);
			in.caps = (const void *)((const uint8_t *)s->buf + in.hdr->caps_off);
		}
		s->on_call(l, s->ctx, &in);
		// A failed RECV (endpoint closed, released, revoked) would only
		// fail again: the source ends with it.
		if (c->result >= 0)
			loop_arm_recv(s);
		else
			s->user_data = 0;
		return;
	}
}

/* Completions come from the ring, or from the runtime's set-aside list
 * when a handler's own synchronous call drained past them. */
static bool loop_next(struct ring_cqe *c)
{
	if (rt_take_parked_any(c))
		return true;
	struct rt_thread *me = rt_self();
	struct ring_header *h = &me->ring->hdr;
	uint32_t head = h->cq_head;
	if (head == __atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE))
		return false;
	*c = me->ring->cq[head & (RING_CQ_ENTRIES - 1)];
	__atomic_store_n(&h->cq_head, head + 1, __ATOMIC_RELEASE);
	return true;
}

void rt_loop_run(struct rt_loop *l)
{
	struct ring_cqe c;
	while (!l->stop) {
		while (!l->stop && loop_next(&c))
			loop_dispatch(l, &c);
		if (!l->stop)
			rt_cap_enter(1, UINT64_MAX);
	}
}

void rt_loop_stop(struct rt_loop *l)
{
	l->stop = true;
}
