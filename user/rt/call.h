/* rt_call, inline: every capability call a program makes goes through
 * here, and under TCG a function call and its return each cost a lookup
 * of the next translated block, as much as a few dozen instructions (see
 * docs/architecture.md, "Cost under TCG"). liburing keeps its fast paths
 * inline in its header for the same reason. Included by rt.h only. */
#ifndef CAPOS_USER_RT_CALL_H
#define CAPOS_USER_RT_CALL_H
#include "lib/ring/scratch.h"
#include "user/rt/thread.h"

/* A CALL and its completion. The usual case is done in place: the entry
 * is written straight into the SQ, and the completion, found at the head
 * of the CQ, is taken straight off it. A full SQ, or other completions
 * ahead of ours, take the general rt_submit and rt_wait. */
#define RT_CALL_SQE(ud)							\
	((struct ring_sqe){						\
		.opcode = RING_OP_CALL, .cap = cap, .method = c->method,	\
		.user_data = (ud), .addr = params, .len = c->params_len,	\
		.result_addr = results, .result_len = c->results_cap,	\
		.xfer_addr = nxfer ? (uint64_t)xfer : 0,			\
		.xfer_count = (uint16_t)nxfer })

static inline __attribute__((always_inline)) struct ring_cqe
rt_call_ring(struct rt_thread *me, cap_handle_t cap, const struct capn_call *c,
	     uint64_t params, uint64_t results, const struct ring_xfer *xfer,
	     uint32_t nxfer)
{
	struct ring_page *ring = me->ring;
	struct ring_header *h = &ring->hdr;
	uint64_t ud = me->next_user_data++;
	uint32_t tail = h->sq_tail;
	if (tail - __atomic_load_n(&h->sq_head, __ATOMIC_ACQUIRE) >=
	    RING_SQ_ENTRIES) {
		struct ring_sqe s = RT_CALL_SQE(ud);
		return rt_submit_wait(&s);
	}
	/* written where it goes, not built on the stack and copied */
	ring->sq[tail & (RING_SQ_ENTRIES - 1)] = RT_CALL_SQE(ud);
	__atomic_store_n(&h->sq_tail, tail + 1, __ATOMIC_RELEASE);
	uint32_t head = h->cq_head;
	rt_cap_enter_inline(1, UINT64_MAX);
	if (head != __atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE) &&
	    ring->cq[head & (RING_CQ_ENTRIES - 1)].user_data == ud) {
		struct ring_cqe out = ring->cq[head & (RING_CQ_ENTRIES - 1)];
		__atomic_store_n(&h->cq_head, head + 1, __ATOMIC_RELEASE);
		return out;
	}
	return rt_wait(ud);
}

/* Small calls (nearly all of them) pass their params and results through
 * the thread's ring scratch, which the kernel reaches without a user
 * copy (lib/ring/ring.h): copied in before, copied out after. The call is
 * synchronous and the ring is this thread's alone, so nothing else uses
 * the scratch meanwhile. The copies are made here, in user mode: a params
 * or results buffer the program cannot access faults in the program, as
 * it would in memcpy, where the kernel would have answered
 * ERR_BAD_ADDRESS (rt_call_direct keeps that). */
static inline __attribute__((always_inline)) struct ring_cqe
rt_call_entry(cap_handle_t cap, const struct capn_call *c,
	      const struct ring_xfer *xfer, uint32_t nxfer)
{
	struct rt_thread *me = rt_self();
	if (!ring_scratch_fits(c->params_len, c->results_cap))
		return rt_call_ring(me, cap, c, (uint64_t)c->params,
				    (uint64_t)c->results, xfer, nxfer);
	uint8_t *scratch = me->ring->scratch;
	uint8_t *results = scratch + ring_scratch_results_off(c->params_len);
	ring_scratch_copy(scratch, c->params, c->params_len);
	struct ring_cqe out = rt_call_ring(me, cap, c, (uint64_t)scratch,
					   (uint64_t)results, xfer, nxfer);
	ring_scratch_copy(c->results, results,
			  ring_scratch_written(&out, c->results_cap));
	return out;
}

/* A capability call described by generated stubs (lib/capnp/call.h):
 * returns the completion status. */
static inline __attribute__((always_inline)) int32_t
rt_call(cap_handle_t cap, struct capn_call *c)
{
	return rt_call_entry(cap, c, 0, 0).result;
}

/* The same with the buffers passed to the kernel as they are, never
 * through the scratch: for tests of the kernel's own user copies. */
static inline int32_t rt_call_direct(cap_handle_t cap, struct capn_call *c)
{
	return rt_call_ring(rt_self(), cap, c, (uint64_t)c->params,
			    (uint64_t)c->results, 0, 0).result;
}

#endif
