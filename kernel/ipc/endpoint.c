/* Endpoint IPC.
 *
 * A CALL on a client facet becomes an ep_call: the parameters and the
 * transfer descriptors are copied into the kernel, the caller's
 * completion becomes a pending operation, and the call either goes
 * straight to a waiting RECV (direct handoff: the server runs next) or
 * waits in the endpoint's queue. Delivery moves/copies the call's
 * capabilities into the server (all or nothing, lib/cap/transfer.c) and
 * writes header, parameters and capability records into the server's
 * receive buffer. RETURN names the call, carries results (or a
 * CapException) and capabilities back the same way, and completes the
 * caller, exactly once.
 *
 * Failure resolution: a caller that cancels or dies takes its call out
 * of the queue, or marks an in-flight call so the RETURN is refused with
 * ERR_CANCELLED; when the last server capability goes, every queued and
 * in-flight call completes with ERR_DISCONNECTED; after revoke, client
 * facets get ERR_REVOKED and queued calls are refused the same way.
 *
 * Sessions: each endpoint gets a service-scope id when it is created
 * (never reused in a boot), and each delivered call's header carries the
 * caller session's reference under that scope, its epoch and whether it
 * is live (kernel/proc/session.h) - never who the caller is. Transfers
 * in both directions obey their scopes between the two sessions.
 *
 * Locks: endpoint.lock protects the queues and state. It is never held
 * while a ring lock or process lock is taken: calls are unlinked under it
 * and then completed outside it. A cancel runs with the caller's ring lock
 * held and takes endpoint.lock inside it (ring_lock -> endpoint.lock). */
#include <string.h>
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/session.h"
#include "lib/cap/transfer.h"
#include "lib/ring/ipc.h"
#include "lib/ring/sqe.h"

struct ep_call {
	struct ep_call *next;
	struct endpoint *ep;
	struct ring_pending *op;	/* the caller's completion (one ref) */
	struct process *caller;		/* one reference */
	uint32_t call_id;
	uint16_t method;
	uint64_t iface;
	uint8_t *params;
	uint32_t len;
	struct ring_xfer xfer[RING_XFER_MAX];
	uint32_t nxfer;
	bool caller_gone;
};

/* An endpoint and its service-scope id, fixed at creation. The endpoint
 * is the first member, so the struct endpoint pointer everyone else holds
 * is the allocation's and endpoint_put's kfree frees it all. The last
 * caller session's reference is kept (an HMAC per call costs as much as
 * the rest of a call under emulation); serials are never reused. */
struct ep_scoped {
	struct endpoint ep;
	uint64_t scope_id;
	uint64_t ref_serial;	/* ep.lock: whose ref_cache, 0 = none */
	uint64_t ref_cache[2];
};

/* The reference a server on ep sees for a caller of s. */
static void ep_session_ref(struct endpoint *ep, const struct session *s,
			   uint64_t ref[2])
{
	struct ep_scoped *o = (struct ep_scoped *)ep;
	spin_lock(&ep->lock);
	bool hit = o->ref_serial == s->serial;
	if (hit)
		ref[0] = o->ref_cache[0], ref[1] = o->ref_cache[1];
	spin_unlock(&ep->lock);
	if (hit)
		return;
	session_ref(s, o->scope_id, ref);
	spin_lock(&ep->lock);
	o->ref_serial = s->serial;
	o->ref_cache[0] = ref[0], o->ref_cache[1] = ref[1];
	spin_unlock(&ep->lock);
}

struct endpoint *endpoint_new(void)
{
	struct ep_scoped *o = kzalloc(sizeof(*o));
	if (!o)
		return 0;
	struct endpoint *ep = &o->ep;
	ep->refs = 1;
	ep->raw_refs = 1;
	ep->lock = (struct spinlock)SPINLOCK_INIT("endpoint");
	ep->next_call_id = 1;
	o->scope_id = session_scope_id_new();
	return ep;
}

void endpoint_get(struct endpoint *ep, bool raw)
{
	__atomic_fetch_add(&ep->refs, 1, __ATOMIC_RELAXED);
	if (raw)
		__atomic_fetch_add(&ep->raw_refs, 1, __ATOMIC_RELAXED);
}

static void ep_call_free(struct ep_call *c)
{
	if (c->op)
		ring_pending_put(c->op);
	process_put(c->caller);
	kfree(c->params);
	kfree(c);
}

/* Complete the caller with `err` and free the call. */
static void ep_call_fail(struct ep_call *c, int err)
{
	if (c->op && ring_pending_complete(c->op, err))
		ring_pending_put(c->op);	/* the caller's pending list ref */
	ep_call_free(c);
}

static void ep_fail_receivers(struct endpoint *ep);

static void ep_close(struct endpoint *ep)
{
	spin_lock(&ep->lock);
	ep->closed = true;
	struct ep_call *q = ep->queued_head, *f = ep->inflight;
	ep->queued_head = ep->queued_tail = ep->inflight = 0;
	ep->nqueued = 0;
	spin_unlock(&ep->lock);
	for (struct ep_call *n; q; q = n)
		n = q->next, ep_call_fail(q, ERR_DISCONNECTED);
	for (struct ep_call *n; f; f = n)
		n = f->next, ep_call_fail(f, ERR_DISCONNECTED);
	ep_fail_receivers(ep);
}

void endpoint_put(struct endpoint *ep, bool raw)
{
	if (raw && __atomic_sub_fetch(&ep->raw_refs, 1, __ATOMIC_ACQ_REL) == 0)
		ep_close(ep);
	if (__atomic_sub_fetch(&ep->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(ep);
}

static void ep_queue_push(struct endpoint *ep, struct ep_call *c)
{
	c->next = 0;
	if (ep->queued_tail)
		ep->queued_tail->next = c;
	else
		ep->queued_head = c;
	ep->queued_tail = c;
	ep->nqueued++;
}

static struct ep_call *ep_queue_pop(struct endpoint *ep)
{
	struct ep_call *c = ep->queued_head;
	if (c) {
		ep->queued_head = c->next;
		if (!ep->queued_head)
			ep->queued_tail = 0;
		ep->nqueued--;
	}
	return c;
}

static bool ep_unlink(struct ep_call **head, struct ep_call *c)
{
	for (struct ep_call **pp = head; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			return true;
		}
	return false;
}

/* Lock two processes in pid order (one lock if they are the same). */
static void proc_pair_lock(struct process *a, struct process *b)
{
	struct process *first = a->pid <= b->pid ? a : b;
	struct process *second = first == a ? b : a;
	spin_lock(&first->lock);
	if (second != first)
		spin_lock(&second->lock);
}

static void proc_pair_unlock(struct process *a, struct process *b)
{
	if (a != b)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

static int ep_transfer(struct process *from, struct process *to,
		       const struct ring_xfer *x, uint32_t n,
		       struct ring_cap_record *out)
{
	static const struct cap_xfer_ops ops = { 0, cap_ref, cap_unref };
	const struct cap_xfer_sessions who = {
		from->session, to->session, session_is_system(from->session)
	};
	if (!n)
		return 0;
	proc_pair_lock(from, to);
	int err = cap_transfer_scoped(&from->caps, &to->caps, x, n, &ops, &who,
				      out, 0);
	proc_pair_unlock(from, to);
	return err;
}

/* The receive message for c without its capability records (zeroed). */
static uint8_t *ep_message(const struct ep_call *c, uint32_t *total)
{
	uint32_t off = ipc_caps_offset(c->len);
	*total = off + c->nxfer * (uint32_t)sizeof(struct ring_cap_record);
	uint8_t *m = kzalloc(*total);
	if (!m)
		return 0;
	const struct session *s = c->caller->session;
	struct ipc_msg_header h = {
		.magic = IPC_MSG_MAGIC, .call_id = c->call_id,
		.interface_id = c->iface, .method = c->method,
		.params_len = c->len, .ncaps = c->nxfer, .caps_off = off,
		.session_epoch = s->epoch,
		.session_flags = session_live(s) ? IPC_SESSION_LIVE : 0,
	};
	ep_session_ref(c->ep, s, h.session_ref);
	memcpy(m, &h, sizeof(h));
	memcpy(m + sizeof(h), c->params, c->len);
	return m;
}

struct ep_receiver {
	struct thread *t;		/* the server thread */
	uint64_t addr;
	uint32_t len;
	bool current;			/* t's address space is loaded */
};

static int ep_write(const struct ep_receiver *r, uint32_t off,
		    const void *src, uint32_t n)
{
	return r->current ? ring_copy_out(r->t, r->addr + off, src, n)
			  : aspace_write(&r->t->proc->as, r->addr + off, src, n);
}

/* Hand call c to a receiver. A call too large for the receive buffer
 * fails (ERR_TOO_LARGE) and the RECV waits on: otherwise one oversized call
 * would fail every RECV of its server for ever. The message is written
 * before any capability moves, so a bad receive buffer fails the RECV and
 * leaves the call queued; a failed transfer fails the call and leaves the
 * RECV waiting (*call_failed). Returns the message length or the RECV's
 * error. */
static int ep_deliver(struct endpoint *ep, struct ep_call *c,
		      const struct ep_receiver *r, bool *call_failed)
{
	struct ring_cap_record caps[RING_XFER_MAX];
	uint32_t total;
	*call_failed = false;
	if (ipc_caps_offset(c->len) + c->nxfer * sizeof(caps[0]) > r->len) {
		*call_failed = true;
		ep_call_fail(c, ERR_TOO_LARGE);
		return 0;
	}
	uint8_t *m = ep_message(c, &total);
	int err = m ? ep_write(r, 0, m, total) : ERR_NO_MEMORY;
	kfree(m);
	if (err)
		return err;
	err = ep_transfer(c->caller, r->t->proc, c->xfer, c->nxfer, caps);
	if (err) {
		*call_failed = true;
		ep_call_fail(c, err);
		return 0;
	}
	ep_write(r, ipc_caps_offset(c->len), caps, c->nxfer * (uint32_t)sizeof(caps[0]));
	spin_lock(&ep->lock);
	c->next = ep->inflight;
	ep->inflight = c;
	spin_unlock(&ep->lock);
	return (int)total;
}

static void ep_call_cancel(struct ring_pending *op)
{
	struct ep_call *c = op->target;
	struct endpoint *ep = c->ep;
	spin_lock(&ep->lock);
	bool queued = ep_unlink(&ep->queued_head, c);
	if (queued) {
		ep->nqueued--;
		ep->queued_tail = 0;
		for (struct ep_call *q = ep->queued_head; q; q = q->next)
			ep->queued_tail = q;
	} else {
		c->caller_gone = true;	/* in flight: its RETURN is refused */
	}
	spin_unlock(&ep->lock);
	c->op = 0;
	ring_pending_put(op);		/* the call's reference */
	if (queued)
		ep_call_free(c);
}

static void ep_recv_cancel(struct ring_pending *op)
{
	struct endpoint *ep = op->target;
	bool found = false;
	spin_lock(&ep->lock);
	for (struct ring_pending **pp = &ep->receivers_head; *pp;
	     pp = &(*pp)->wait_next)
		if (*pp == op) {
			*pp = op->wait_next;
			found = true;
			break;
		}
	ep->receivers_tail = 0;
	for (struct ring_pending *r = ep->receivers_head; r; r = r->wait_next)
		ep->receivers_tail = r;
	spin_unlock(&ep->lock);
	if (found)
		ring_pending_put(op);	/* the receivers list's reference */
}

static void ep_receivers_push(struct endpoint *ep, struct ring_pending *r,
			      bool front)
{
	if (front) {
		r->wait_next = ep->receivers_head;
		ep->receivers_head = r;
		if (!ep->receivers_tail)
			ep->receivers_tail = r;
		return;
	}
	r->wait_next = 0;
	if (ep->receivers_tail)
		ep->receivers_tail->wait_next = r;
	else
		ep->receivers_head = r;
	ep->receivers_tail = r;
}

static struct ring_pending *ep_receivers_pop(struct endpoint *ep)
{
	struct ring_pending *r = ep->receivers_head;
	if (r) {
		ep->receivers_head = r->wait_next;
		if (!ep->receivers_head)
			ep->receivers_tail = 0;
	}
	return r;
}

/* Finish a waiting RECV (both its references go). */
static void ep_receiver_done(struct ring_pending *r, int result,
			     const struct ep_call *c)
{
	if (ring_pending_complete_ex(r, result, 0, c ? c->call_id : 0,
				     c ? c->method : 0))
		ring_pending_put(r);
	ring_pending_put(r);
}

static struct ep_call *ep_call_new(struct thread *t, struct endpoint *ep,
				   uint64_t iface, const struct ring_sqe *s,
				   int *err)
{
	struct ep_call *c = kzalloc(sizeof(*c));
	uint8_t *params = s->len ? kmalloc(s->len) : 0;
	*err = !c || (s->len && !params) ? ERR_NO_MEMORY : 0;
	if (!*err) {
		*c = (struct ep_call){ .ep = ep, .caller = t->proc,
				       .method = s->method, .iface = iface,
				       .params = params, .len = s->len,
				       .nxfer = s->xfer_count };
		*err = ring_copy_in(t, params, s->addr, s->len);
	}
	if (!*err)
		*err = copy_from_user(c->xfer, s->xfer_addr,
				      s->xfer_count * sizeof(struct ring_xfer));
	/* Are the descriptors well formed? (Their handles are looked up
	 * at delivery, where the transfer happens.) */
	for (uint32_t i = 0; !*err && i < c->nxfer; i++)
		*err = ring_xfer_check(&c->xfer[i]);
	if (*err) {
		kfree(params);
		kfree(c);
		return 0;
	}
	process_get(t->proc);
	return c;
}

/* Call ids name in-flight calls in RETURN; 0 is never used. */
static uint32_t ep_new_call_id(struct endpoint *ep)
{
	if (!ep->next_call_id)
		ep->next_call_id = 1;
	return ep->next_call_id++;
}

/* Try receivers until one takes the call or none is left (then queue). */
static int ep_dispatch(struct endpoint *ep, struct ep_call *c)
{
	for (;;) {
		spin_lock(&ep->lock);
		int err = ep->revoked ? ERR_REVOKED : ep->closed ? ERR_DISCONNECTED : 0;
		struct ring_pending *r = err ? 0 : ep_receivers_pop(ep);
		if (!c->call_id && !err)
			c->call_id = ep_new_call_id(ep);
		if (!err && !r && ep->nqueued >= EP_QUEUE_MAX)
			err = ERR_BUSY;
		if (!err && !r)
			ep_queue_push(ep, c);
		spin_unlock(&ep->lock);
		if (err || !r)
			return err ? err : CAP_PENDING;
		struct ep_receiver rv = { r->t, r->result_addr, r->result_len, false };
		bool failed;
		int n = ep_deliver(ep, c, &rv, &failed);
		if (failed) {
			spin_lock(&ep->lock);
			ep_receivers_push(ep, r, true);
			spin_unlock(&ep->lock);
			return CAP_PENDING;	/* the caller already has its error */
		}
		ep_receiver_done(r, n, n >= 0 ? c : 0);
		if (n >= 0) {
			sched_handoff(rv.t);
			return CAP_PENDING;
		}
	}
}

int endpoint_call(struct thread *t, struct endpoint *ep, uint64_t iface,
		  const struct ring_sqe *s)
{
	if (ep->revoked || ep->closed)
		return ep->revoked ? ERR_REVOKED : ERR_DISCONNECTED;
	int err;
	struct ep_call *c = ep_call_new(t, ep, iface, s, &err);
	if (!c)
		return err;
	struct ring_pending *op = ring_pending_new(t, s->user_data, LEDGER_ITEMS, &err);
	if (!op) {
		ep_call_free(c);
		return err;
	}
	op->result_addr = s->result_addr;
	op->result_len = s->result_len;
	op->cancel = ep_call_cancel;
	op->target = c;
	op->refs = 2;		/* the caller's pending list + the call */
	c->op = op;
	ring_pending_add(op);
	err = ep_dispatch(ep, c);
	if (err != CAP_PENDING && ring_pending_withdraw(op)) {
		ring_pending_put(op);
		ep_call_free(c);
	}
	return err;
}

static int ep_recv_now(struct thread *t, struct endpoint *ep, struct ep_call *c,
		       const struct ring_sqe *s, struct ring_cqe *cqe, bool *retry)
{
	struct ep_receiver rv = { t, s->result_addr, s->result_len, true };
	bool failed;
	int n = ep_deliver(ep, c, &rv, &failed);
	*retry = failed;
	if (!failed && n < 0) {		/* our buffer: the call waits on */
		spin_lock(&ep->lock);
		c->next = ep->queued_head;
		ep->queued_head = c;
		if (!ep->queued_tail)
			ep->queued_tail = c;
		ep->nqueued++;
		spin_unlock(&ep->lock);
	}
	if (n >= 0 && !failed) {
		cqe->aux0 = c->call_id;
		cqe->aux1 = c->method;
	}
	return n;
}

int endpoint_recv(struct thread *t, struct endpoint *ep,
		  const struct ring_sqe *s, struct ring_cqe *cqe)
{
	struct ring_pending *op = 0;
	for (;;) {
		spin_lock(&ep->lock);
		struct ep_call *c = ep->closed ? 0 : ep_queue_pop(ep);
		bool closed = ep->closed;
		if (!c && !closed && op) {
			ep_receivers_push(ep, op, false);
			op = 0;
			spin_unlock(&ep->lock);
			return CAP_PENDING;
		}
		spin_unlock(&ep->lock);
		if (closed || c) {
			if (op && ring_pending_withdraw(op))
				ring_pending_put(op), ring_pending_put(op);
			op = 0;
			if (closed)
				return ERR_DISCONNECTED;
			bool retry;
			int n = ep_recv_now(t, ep, c, s, cqe, &retry);
			if (!retry)
				return n;
			continue;
		}
		int err;
		op = ring_pending_new(t, s->user_data, LEDGER_ITEMS, &err);
		if (!op)
			return err;
		op->result_addr = s->result_addr;
		op->result_len = s->result_len;
		op->cancel = ep_recv_cancel;
		op->target = ep;
		op->refs = 2;	/* the server's pending list + the receivers */
		ring_pending_add(op);
	}
}

static void ep_fail_receivers(struct endpoint *ep)
{
	spin_lock(&ep->lock);
	struct ring_pending *r = ep->receivers_head;
	ep->receivers_head = ep->receivers_tail = 0;
	spin_unlock(&ep->lock);
	for (struct ring_pending *n; r; r = n) {
		n = r->wait_next;
		ep_receiver_done(r, ERR_DISCONNECTED, 0);
	}
}

/* RETURN: validate and copy everything first; only then take the call. */
struct ep_reply {
	uint8_t *data;
	uint32_t len;
	struct ring_xfer xfer[RING_XFER_MAX];
	uint32_t nxfer;
	bool exception;
};

static int ep_reply_copy(struct thread *t, const struct ring_sqe *s,
			 struct ep_reply *r)
{
	*r = (struct ep_reply){ .len = s->len, .nxfer = s->xfer_count,
				.exception = s->flags & RING_SQE_EXCEPTION };
	r->data = s->len ? kmalloc(s->len) : 0;
	if (s->len && !r->data)
		return ERR_NO_MEMORY;
	int err = ring_copy_in(t, r->data, s->addr, s->len);
	if (!err)
		err = copy_from_user(r->xfer, s->xfer_addr,
				     r->nxfer * sizeof(struct ring_xfer));
	return err;
}

static struct ep_call *ep_take_inflight(struct endpoint *ep, uint32_t id)
{
	spin_lock(&ep->lock);
	struct ep_call *c = ep->inflight;
	while (c && c->call_id != id)
		c = c->next;
	if (c)
		ep_unlink(&ep->inflight, c);
	spin_unlock(&ep->lock);
	return c;
}

/* Deliver the reply to the caller; returns what the caller sees. */
static int ep_reply_deliver(struct thread *server, struct ep_call *c,
			    const struct ep_reply *r, uint32_t *flags)
{
	struct ring_pending *op = c->op;
	struct ring_cap_record caps[RING_XFER_MAX];
	uint32_t off = (r->len + 7u) & ~7u;
	*flags = 0;
	if (off + r->nxfer * sizeof(caps[0]) > op->result_len)
		return r->exception ? ERR_APPLICATION_EXCEPTION_TRUNCATED
				    : ERR_BUFFER_TOO_SMALL;
	struct aspace *as = &c->caller->as;
	int err = aspace_write(as, op->result_addr, r->data, r->len);
	if (!err)
		err = ep_transfer(server->proc, c->caller, r->xfer, r->nxfer, caps);
	if (err)
		return err;
	aspace_write(as, op->result_addr + off, caps, r->nxfer * sizeof(caps[0]));
	*flags = (r->nxfer ? RING_CQE_CAPS : 0) |
		 (r->exception ? RING_CQE_EXCEPTION : 0);
	return r->exception ? ERR_APPLICATION_EXCEPTION : (int)r->len;
}

int endpoint_return(struct thread *t, struct endpoint *ep,
		    const struct ring_sqe *s)
{
	struct ep_reply r;
	int err = ep_reply_copy(t, s, &r);
	struct ep_call *c = err ? 0 : ep_take_inflight(ep, s->call_id);
	if (!err && !c)
		err = ERR_NOT_FOUND;
	if (!err && (c->caller_gone || !c->op))
		err = ERR_CANCELLED;
	if (!err) {
		uint32_t flags;
		int res = ep_reply_deliver(t, c, &r, &flags);
		uint32_t off = (r.len + 7u) & ~7u;
		if (ring_pending_complete_ex(c->op, res, flags, res >= 0 ||
					     res == ERR_APPLICATION_EXCEPTION
					     ? r.nxfer : 0, off))
			ring_pending_put(c->op);
		if (res < 0 && res != ERR_APPLICATION_EXCEPTION)
			err = res;	/* the server learns it too */
	}
	if (c)
		ep_call_free(c);
	kfree(r.data);
	return err;
}

void endpoint_revoke(struct endpoint *ep)
{
	spin_lock(&ep->lock);
	ep->revoked = true;
	struct ep_call *q = ep->queued_head;
	ep->queued_head = ep->queued_tail = 0;
	ep->nqueued = 0;
	spin_unlock(&ep->lock);
	for (struct ep_call *n; q; q = n)
		n = q->next, ep_call_fail(q, ERR_REVOKED);
}
