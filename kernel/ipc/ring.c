/* cap_enter: consume submissions, dispatch them, post completions, wait.
 *
 * The ring page is user memory in every sense but its address: we reach
 * it through the direct map, read each shared index exactly once, bound
 * it against our own private copy, copy each SQE before validating it,
 * and never trust anything we read back. The authoritative indices are
 * t->sq_head and t->cq_tail; the page only mirrors them.
 *
 * Credits: an SQE is consumed only if a completion slot can be reserved
 * for it, so the CQ never overflows and pending operations can always
 * complete. t->cq_committed (cq_tail plus the promises not yet posted)
 * changes only when the owning thread reserves, and posting leaves it as
 * it is, so reserving needs no lock: the owner compares it with cq_head.
 * Only posting (from any CPU) takes the ring lock.
 *
 * Work per cap_enter is bounded by one ring's worth of SQEs.
 *
 * Fail closed: once a process's session has ended, its CALLs and RECVs
 * are refused with ERR_REVOKED before anything is looked up, and so is a
 * CALL on a sameSession capability whose session has ended
 * (kernel/proc/session.h).
 *
 * Locks: t->ring_lock protects cq_tail, the pending list and the
 * waiting state; the run queue lock nests inside it. A cap_enter whose
 * completions are already there returns without taking it: cq_tail only
 * grows, so an unlocked read can only under-count.
 *
 * Interrupts: cap_enter comes in with them off (syscall_entry.S), and
 * they stay off through NOPs and CALLs on brief capabilities
 * (cap_is_brief: Timer), whose work is as short as a spinlock's critical
 * section. Anything else, params or results too large for the scratch
 * page, a refusal's log line and a wait turn them on first, for the rest
 * of this cap_enter. Under TCG each `sti` leaves translated code; a
 * Timer.now pays for none. */
#include <string.h>
#include "capos/err.h"
#include "kernel/cap/cap.h"
#include "kernel/cap/invoke.h"
#include "kernel/core/log.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/ipc/park.h"
#include "kernel/ipc/ring.h"
#include "kernel/ipc/ring_post.h"
#include "kernel/mm/aspace.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/session.h"
#include "kernel/time/clock.h"
#include "lib/ring/sqe.h"
#include "lib/ring/sqe_check.h"

#define SCRATCH_SIZE PAGE_SIZE

/* Off the NOP/CALL path, and kept out of ring_enter so that the path
 * stays short: under TCG a jump to another page of code is never chained
 * to its target, so a hot function that spills over a page boundary pays
 * a block lookup at every such jump. */
#define RING_COLD __attribute__((noinline, cold))

/* Owner thread only. A cq_head past cq_tail, or more than a ring behind
 * it, is corrupt and counts as a full ring. */
static bool ring_reserve(struct thread *t)
{
	uint32_t head = __atomic_load_n(&t->ring->hdr.cq_head, __ATOMIC_ACQUIRE);
	uint32_t tail = __atomic_load_n(&t->cq_tail, __ATOMIC_ACQUIRE);
	if (tail - head > RING_CQ_ENTRIES ||
	    t->cq_committed - head >= RING_CQ_ENTRIES)
		return false;
	t->cq_committed++;
	return true;
}

int ring_user_copy_in(void *dst, uint64_t usrc, size_t n)
{
	return copy_from_user(dst, usrc, n);
}

int ring_user_copy_out(uint64_t udst, const void *src, size_t n)
{
	return copy_to_user(udst, src, n);
}

/* The kernel log names the process, the opcode, the capability and the
 * reason for every refusal, rate-limited per process. */
static RING_COLD void ring_log_refusal(struct thread *t, const struct ring_sqe *s,
			     int err)
{
	struct process *p = t->proc;
	arch_irq_enable();
	log_warn(&p->log, "pid %d: %s on cap 0x%x (method %u) refused: %s",
		 p->pid, ring_op_name(s->opcode), s->cap, s->method,
		 capos_strerror(err));
}

/* A call as it starts: params and results in the two halves of the
 * thread's kernel scratch page (ring_call_buffers moves them to the heap
 * when they are larger). Every field is written here, once: under TCG
 * each store costs a lookup of its page, and zeroing the struct first
 * would write most fields twice. */
static inline struct cap_call ring_call_init(struct thread *t,
					     const struct ring_sqe *s,
					     const struct cap_slot *slot,
					     struct ring_cap_record *rcaps,
					     struct ring_xfer *xfer)
{
	return (struct cap_call){
		.t = t, .slot = slot, .method = s->method,
		.user_data = s->user_data,
		.params = t->scratch, .params_len = s->len,
		.results = t->scratch + SCRATCH_SIZE / 2,
		.results_cap = s->result_len, .result_addr = s->result_addr,
		.result_len = s->result_len,
		.xfer = xfer, .nxfer = s->xfer_count,
		.nresult_caps = 0, .result_caps = rcaps,
	};
}

/* Params or results larger than half the scratch page (a large Blob
 * read, say) get a heap buffer; the caller frees both. Copying that much
 * is not brief, whatever the capability: interrupts go on. */
static RING_COLD int ring_call_buffers(struct cap_call *c, uint8_t **pbuf,
				       uint8_t **rbuf)
{
	arch_irq_enable();
	if (c->params_len > SCRATCH_SIZE / 2 &&
	    !(c->params = *pbuf = kmalloc(c->params_len)))
		return ERR_NO_MEMORY;
	if (c->results_cap > SCRATCH_SIZE / 2 &&
	    !(c->results = *rbuf = kmalloc(c->results_cap)))
		return ERR_NO_MEMORY;
	return 0;
}

static int ring_copy_params(struct cap_call *c, const struct ring_sqe *s,
			    uint8_t **pbuf, uint8_t **rbuf)
{
	if ((c->params_len > SCRATCH_SIZE / 2 ||
	     c->results_cap > SCRATCH_SIZE / 2) &&
	    ring_call_buffers(c, pbuf, rbuf))
		return ERR_NO_MEMORY;
	return ring_copy_in(c->t, (uint8_t *)c->params, s->addr, s->len);
}

static RING_COLD int ring_copy_xfer_in(struct cap_call *c,
				       const struct ring_sqe *s,
				       struct ring_xfer *xfer)
{
	int err = copy_from_user(xfer, s->xfer_addr,
				 (size_t)s->xfer_count * sizeof(*xfer));
	for (uint32_t i = 0; !err && i < c->nxfer; i++)
		err = ring_xfer_check(&xfer[i]);
	return err;
}

static int ring_copy_xfer(struct cap_call *c, const struct ring_sqe *s,
			  struct ring_xfer *xfer)
{
	return c->nxfer ? ring_copy_xfer_in(c, s, xfer) : 0;
}

/* Result capability records go after the results, 8-aligned. */
static RING_COLD int ring_put_result_caps(struct cap_call *c, int len, uint32_t *off)
{
	uint32_t at = ((uint32_t)len + 7) & ~7u;
	uint32_t bytes = c->nresult_caps * (uint32_t)sizeof(struct ring_cap_record);
	if (at + bytes > c->result_len)
		return ERR_BUFFER_TOO_SMALL;
	*off = at;
	return ring_copy_out(c->t, c->result_addr + at, c->result_caps, bytes);
}

/* A copy of h's slot. Another thread of the process may release h while
 * this call uses the object: an object's slot is pinned, so the release
 * waits for ring_unpin. Singletons have nothing to free, so a copy read
 * without the lock does for them (the table's seqcount vouches for it). */
static RING_COLD int ring_lookup_locked(struct process *p, cap_handle_t h,
					struct cap_slot *out, bool *pinned)
{
	const struct cap_slot *found;
	spin_lock(&p->lock);
	int err = captable_lookup(&p->caps, h, &found);
	if (!err)
		*out = *found;
	*pinned = !err && cap_has_object((enum cap_type)out->type);
	if (*pinned && (err = captable_pin(&p->caps, h)))
		*pinned = false;
	spin_unlock(&p->lock);
	return err;
}

static inline __attribute__((always_inline)) int
ring_lookup(struct process *p, cap_handle_t h, struct cap_slot *out,
	    bool *pinned)
{
	err_t racy;
	*pinned = false;
	if (captable_lookup_racy(&p->caps, h, out, &racy) &&
	    (racy || !cap_has_object((enum cap_type)out->type)))
		return racy;
	return ring_lookup_locked(p, h, out, pinned);
}

static RING_COLD void ring_unpin(struct process *p, cap_handle_t h)
{
	struct cap_slot old;
	spin_lock(&p->lock);
	bool last = captable_unpin(&p->caps, h, &old);
	spin_unlock(&p->lock);
	if (last)	/* released while we used it: now it goes */
		cap_release((enum cap_type)old.type, old.obj);
}

/* Deliver a finished call's results; returns the completion status. */
static int ring_finish_call(struct cap_call *c, int r, uint32_t *caps_off)
{
	if (r >= 0 && ring_copy_out(c->t, c->result_addr, c->results, (size_t)r))
		r = ERR_BAD_ADDRESS;
	if (r >= 0 && c->nresult_caps)
		r = ring_put_result_caps(c, r, caps_off) ?: r;
	if (r < 0)
		cap_call_drop_result_caps(c);
	return r;
}

static int ring_call_slot(struct thread *t, const struct ring_sqe *s,
			  const struct cap_slot *slot, uint32_t *ncaps,
			  uint32_t *caps_off)
{
	int err;
	/* Is the session this capability is bound to still live? */
	if (slot->scope == RING_XFER_SCOPE_SAME_SESSION &&
	    !session_live(slot->scope_session))
		return ERR_REVOKED;
	if (slot->type == CAP_EP_CLIENT)
		return endpoint_call(t, slot->obj, slot->iface, s);
	struct ring_cap_record rcaps[CAP_RESULT_CAPS_MAX];
	struct ring_xfer xfer[RING_XFER_MAX];
	struct cap_call c = ring_call_init(t, s, slot, rcaps, xfer);
	uint8_t *pbuf = 0, *rbuf = 0;
	if (!(err = ring_copy_params(&c, s, &pbuf, &rbuf)) &&
	    !(err = ring_copy_xfer(&c, s, xfer)))
		err = cap_invoke(&c);
	if (err != CAP_PENDING)
		err = ring_finish_call(&c, err, caps_off);
	*ncaps = err >= 0 && err != CAP_PENDING ? c.nresult_caps : 0;
	kfree(pbuf);
	kfree(rbuf);
	return err;
}

static int ring_do_call(struct thread *t, const struct ring_sqe *s,
			uint32_t *ncaps, uint32_t *caps_off)
{
	struct cap_slot slot;
	bool pinned;
	int err = ring_lookup(t->proc, s->cap, &slot, &pinned);
	if (err)
		return err;
	if (!cap_is_brief((enum cap_type)slot.type))
		arch_irq_enable();
	err = ring_call_slot(t, s, &slot, ncaps, caps_off);
	if (pinned)
		ring_unpin(t->proc, s->cap);
	return err;
}

static RING_COLD int ring_do_release(struct thread *t, const struct ring_sqe *s)
{
	struct process *p = t->proc;
	struct cap_slot old;
	spin_lock(&p->lock);
	int err = captable_remove(&p->caps, s->cap, &old);
	spin_unlock(&p->lock);
	if (!err)
		cap_release((enum cap_type)old.type, old.obj);
	return err;
}

static RING_COLD int ring_do_cancel(struct thread *t, const struct ring_sqe *s)
{
	spin_lock(&t->ring_lock);
	struct ring_pending **pp = &t->pending;
	while (*pp && (*pp)->user_data != s->addr)
		pp = &(*pp)->next;
	struct ring_pending *op = *pp;
	if (op) {
		*pp = op->next;
		op->cancel(op);
		ring_post_locked(t, op->user_data, ERR_CANCELLED, 0, 0, 0);
	}
	spin_unlock(&t->ring_lock);
	if (op)
		ring_pending_put(op);
	return op ? 0 : ERR_NOT_FOUND;
}

/* RECV and RETURN act on a raw endpoint only. */
static RING_COLD int ring_do_server_op(struct thread *t, const struct ring_sqe *s,
			     struct ring_cqe *cqe)
{
	struct cap_slot slot;
	bool pinned;
	int err = ring_lookup(t->proc, s->cap, &slot, &pinned);
	if (err)
		return err;
	if (slot.type != CAP_ENDPOINT)
		err = ERR_WRONG_INTERFACE;
	else if (s->opcode == RING_OP_RECV)
		err = endpoint_recv(t, slot.obj, s, cqe);
	else
		err = endpoint_return(t, slot.obj, s);
	if (pinned)
		ring_unpin(t->proc, s->cap);
	return err;
}

/* Every opcode but NOP and CALL: none is known to be brief. */
static RING_COLD int ring_execute_other(struct thread *t,
					const struct ring_sqe *s,
					struct ring_cqe *cqe)
{
	arch_irq_enable();
	switch ((enum ring_op)s->opcode) {
	case RING_OP_NOP:
	case RING_OP_CALL:
		break;	/* ring_execute's */
	case RING_OP_RELEASE:
		return ring_do_release(t, s);
	case RING_OP_CANCEL:
		return ring_do_cancel(t, s);
	case RING_OP_RECV:
	case RING_OP_RETURN:
		return ring_do_server_op(t, s, cqe);
	case RING_OP_PARK:
		return park_wait(t, s->addr, s->len, s->result_addr, s->user_data,
				 0, 0, false);
	case RING_OP_UNPARK:
		return park_wake(t->proc, s->addr, s->len);
	case RING_OP_COUNT:
		break;
	}
	return ERR_BAD_OPCODE;
}

/* Validate, then act: returns a completion result or CAP_PENDING. */
static int ring_execute(struct thread *t, const struct ring_sqe *s,
			uint32_t *ncaps, uint32_t *caps_off, struct ring_cqe *cqe)
{
	int err = ring_sqe_check(s);
	if (err)
		return err;
	/* Does the caller's session still allow calls and receives? */
	if ((s->opcode == RING_OP_CALL || s->opcode == RING_OP_RECV) &&
	    !session_live(t->proc->session))
		return ERR_REVOKED;
	/* the common two here, as branches: a switch compiles to a jump
	 * table, and under TCG an indirect jump is a block lookup */
	if (s->opcode == RING_OP_CALL)
		return ring_do_call(t, s, ncaps, caps_off);
	if (s->opcode == RING_OP_NOP)
		return 0;
	return ring_execute_other(t, s, cqe);
}

/* One copy of an entry the user may be rewriting as we read: eight word
 * loads (inline, unlike memcpy, and unrolled: a loop costs three
 * instructions a word more), after which only the copy is looked at. */
static inline void ring_sqe_fetch(struct ring_sqe *dst,
				  const volatile struct ring_sqe *src)
{
	const volatile uint64_t *from = (const volatile uint64_t *)src;
#pragma GCC unroll 8
	for (size_t i = 0; i < sizeof(*dst) / 8; i++) {
		uint64_t w = from[i];
		__builtin_memcpy((char *)dst + i * 8, &w, 8);
	}
}

static void ring_one(struct thread *t, uint32_t idx)
{
	struct ring_sqe s;
	ring_sqe_fetch(&s, &t->ring->sq[idx & (RING_SQ_ENTRIES - 1)]);
	uint32_t ncaps = 0, caps_off = 0;
	struct ring_cqe extra = { 0 };
	int r = ring_execute(t, &s, &ncaps, &caps_off, &extra);
	if (r == CAP_PENDING)
		return;
	/* A RETURN to a call its caller gave up (cancelled, or the caller
	 * exited) is no fault of the server's: it hears it, no log line. */
	if (r < 0 && !(s.opcode == RING_OP_RETURN && r == ERR_CANCELLED))
		ring_log_refusal(t, &s, r);
	if (ncaps)
		extra.flags = RING_CQE_CAPS, extra.aux0 = ncaps, extra.aux1 = caps_off;
	ring_post(t, s.user_data, r, extra.flags, extra.aux0, extra.aux1);
}

/* A tail that claims more entries than the ring has is corrupt: drop
 * what it claims and tell the thread once, in a completion. */
static RING_COLD void ring_tail_drop(struct thread *t, uint32_t tail)
{
	arch_irq_enable();
	log_warn(&t->proc->log, "pid %d: ring sq_tail %u is %u entries past "
		 "sq_head %u; entries dropped", t->proc->pid, tail,
		 tail - t->sq_head, t->sq_head);
	t->sq_head = tail;
	__atomic_store_n(&t->ring->hdr.sq_head, t->sq_head, __ATOMIC_RELEASE);
	t->ring->hdr.sq_refused++;
	if (ring_reserve(t))
		ring_post(t, 0, ERR_INVALID, 0, 0, 0);
}

static void ring_submit(struct thread *t)
{
	uint32_t tail = __atomic_load_n(&t->ring->hdr.sq_tail, __ATOMIC_ACQUIRE);
	if (tail - t->sq_head > RING_SQ_ENTRIES) {
		ring_tail_drop(t, tail);
		return;
	}
	for (int n = 0; t->sq_head != tail && n < (int)RING_SQ_ENTRIES; n++) {
		if (!ring_reserve(t))
			break;		/* CQ full: the rest wait for credits */
		uint32_t idx = t->sq_head++;
		__atomic_store_n(&t->ring->hdr.sq_head, t->sq_head,
				 __ATOMIC_RELEASE);
		ring_one(t, idx);
	}
}

static void ring_wait_timeout(struct ktimer *k)
{
	struct thread *t = (struct thread *)((char *)k -
					     offsetof(struct thread, wait_timer));
	spin_lock(&t->ring_lock);
	if (t->waiting) {
		t->waiting = false;
		t->wait_timed_out = true;
		sched_wake(t);
	}
	spin_unlock(&t->ring_lock);
}

/* Block until min_complete completions, the timeout, or the process
 * ending. */
static RING_COLD uint64_t ring_wait(struct thread *t, uint32_t min_complete,
				    uint64_t timeout_ns)
{
	arch_irq_enable();
	t->wait_timed_out = false;
	bool armed = false;
	for (;;) {
		spin_lock(&t->ring_lock);
		uint32_t avail = ring_unconsumed(t);
		if (avail >= min_complete || t->wait_timed_out || timeout_ns == 0 ||
		    t->proc->kill_pending || t->proc->state == PROC_EXITING) {
			spin_unlock(&t->ring_lock);
			if (armed)
				timer_cancel(&t->wait_timer);
			return avail;
		}
		t->waiting = true;
		t->wait_min = min_complete;
		sched_prepare_block();
		spin_unlock(&t->ring_lock);
		if (!armed && timeout_ns != RING_NO_TIMEOUT) {
			timer_arm(&t->wait_timer, clock_monotonic_ns() + timeout_ns,
				  ring_wait_timeout);
			armed = true;
		}
		schedule();
	}
}

/* Kept under a page (the link step warns otherwise): a jump inside one
 * page of code can be chained by TCG, a jump to the next page never is,
 * so a ring_enter over two pages pays for every jump between them. Not
 * page-aligned: then all its hot blocks share one page's 64 jump-cache
 * slots, and in the measured layout two pairs collided (docs/status.md). */
__attribute__((aligned(64)))
uint64_t ring_enter(struct thread *t, uint32_t min_complete,
		    uint64_t timeout_ns)
{
	ring_submit(t);
	if (min_complete > RING_CQ_ENTRIES)
		min_complete = RING_CQ_ENTRIES;
	uint32_t ready = ring_unconsumed(t);	/* may under-count */
	if (ready >= min_complete)
		return ready;
	return ring_wait(t, min_complete, timeout_ns);
}
