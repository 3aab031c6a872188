/* The ring client: one per thread, on that thread's own ring page
 * (struct rt_thread, found through rt_self()). Completions are matched by
 * user_data: those for other requests are parked in a small table until
 * asked for. */
#include <string.h>
#include "user/rt/rt.h"
#include "user/rt/thread.h"

uint64_t rt_next_user_data(void)
{
	return rt_self()->next_user_data++;
}

void rt_submit(const struct ring_sqe *sqe)
{
	struct ring_page *ring = rt_self()->ring;
	struct ring_header *h = &ring->hdr;
	uint32_t tail = h->sq_tail;
	while (tail - __atomic_load_n(&h->sq_head, __ATOMIC_ACQUIRE) >=
	       RING_SQ_ENTRIES)
		rt_cap_enter(0, 0);	/* let the kernel consume */
	ring->sq[tail & (RING_SQ_ENTRIES - 1)] = *sqe;
	__atomic_store_n(&h->sq_tail, tail + 1, __ATOMIC_RELEASE);
}

static bool take_parked(uint64_t user_data, struct ring_cqe *out)
{
	struct rt_thread *me = rt_self();
	for (uint32_t i = 0; i < me->nparked; i++) {
		if (me->parked[i].user_data == user_data) {
			*out = me->parked[i];
			me->parked[i] = me->parked[--me->nparked];
			return true;
		}
	}
	return false;
}

/* Move every available completion out of the CQ; true if `want` came. */
static bool drain(uint64_t want, struct ring_cqe *out)
{
	struct rt_thread *me = rt_self();
	struct ring_header *h = &me->ring->hdr;
	bool got = false;
	uint32_t head = h->cq_head;
	while (head != __atomic_load_n(&h->cq_tail, __ATOMIC_ACQUIRE)) {
		struct ring_cqe c = me->ring->cq[head & (RING_CQ_ENTRIES - 1)];
		head++;
		if (!got && c.user_data == want)
			*out = c, got = true;
		else if (me->nparked < RT_PARKED_MAX)
			me->parked[me->nparked++] = c;
	}
	__atomic_store_n(&h->cq_head, head, __ATOMIC_RELEASE);
	return got;
}

struct ring_cqe rt_wait(uint64_t user_data)
{
	struct ring_cqe c;
	if (take_parked(user_data, &c))
		return c;
	for (;;) {
		if (drain(user_data, &c))
			return c;
		rt_cap_enter(1, UINT64_MAX);
	}
}

struct ring_cqe rt_submit_wait(struct ring_sqe *sqe)
{
	if (!sqe->user_data)
		sqe->user_data = rt_next_user_data();
	rt_submit(sqe);
	return rt_wait(sqe->user_data);
}

int32_t rt_call_xfer(cap_handle_t cap, struct capn_call *c,
		     const struct ring_xfer *xfer, uint32_t nxfer,
		     struct ring_cqe *cqe)
{
	*cqe = rt_call_entry(cap, c, xfer, nxfer);
	return cqe->result;
}

cap_handle_t rt_result_cap(const struct capn_call *c,
			   const struct ring_cqe *cqe, uint32_t index,
			   uint64_t iface)
{
	if (!(cqe->flags & RING_CQE_CAPS) || index >= cqe->aux0 ||
	    cqe->aux1 + (index + 1) * sizeof(struct ring_cap_record) > c->results_cap)
		return CAP_HANDLE_NONE;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)c->results + cqe->aux1);
	return r[index].interface_id == iface ? r[index].handle : CAP_HANDLE_NONE;
}

int32_t rt_release(cap_handle_t cap)
{
	struct ring_sqe s = { .opcode = RING_OP_RELEASE, .cap = cap };
	return rt_submit_wait(&s).result;
}

bool rt_take_parked_any(struct ring_cqe *out)
{
	struct rt_thread *me = rt_self();
	if (!me->nparked)
		return false;
	*out = me->parked[0];
	me->parked[0] = me->parked[--me->nparked];
	return true;
}
