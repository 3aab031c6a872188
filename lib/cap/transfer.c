/* Capability transfer, in the decode-then-invoke shape: everything that
 * can be refused is refused before anything changes, and everything that
 * changes can be put back.
 *
 *   1. decode   each descriptor: mode, scope, handle live in src,
 *               transferable (a move-only slot only by a move), allowed
 *               by the slot's scope, no slot moved twice or moved and
 *               copied. The descriptors are read once, here.
 *   2. room     dst must take n more entries under both its limit and
 *               its capacity, checked before any insert.
 *   3. hold     a move reserves its src slot (lookups now say ERR_BUSY,
 *               so no one can use or release it mid-transfer); a copy
 *               takes an object reference through ops->ref.
 *   4. insert   each capability into dst, after a captable mark.
 *   5. commit   remove the moved src slots. Their references pass to
 *               dst, so moves never touch reference counts.
 *
 * Phases 3 and 4 can fail (ref refuses, or the test hook says so; an
 * insert cannot fail after phase 2, but is handled anyway): the inserts
 * are rolled back to the mark, then the holds are released newest first,
 * which leaves both tables exactly as they were. Phase 5 cannot fail:
 * its slots are reserved and the locks are held.
 *
 * Authority is conserved: a moved capability exists only in src until
 * commit and only in dst after; a copied one gains exactly one handle
 * and one reference. src == dst works the same way: a move gives the
 * capability a new handle, a copy gives it a second one. */
#include "lib/cap/transfer.h"
#include "lib/ring/sqe.h"

/* What decode learned about one descriptor. */
struct xfer_item {
	cap_handle_t h;
	uint32_t slot;
	bool move;
	uint8_t scope;		/* the new slot's */
};

/* cap_transfer's sessions: one, the system's. */
static const struct cap_xfer_sessions xfer_one_session = { 0, 0, true };

struct xfer_run {
	struct captable *src;
	struct captable *dst;
	const struct cap_xfer_ops *ops;
	const struct cap_xfer_sessions *who;
	struct cap_xfer_hook *hook;
	uint32_t n;
	uint32_t held;		/* items[0, held) are reserved or referenced */
	struct xfer_item item[RING_XFER_MAX];
};

static err_t xfer_fault(struct cap_xfer_hook *hook)
{
	if (hook && ++hook->step == hook->fail_at)
		return hook->err ? hook->err : ERR_INTERNAL;
	return ERR_OK;
}

/* May the slot's scope travel from this sender to this receiver? */
static err_t xfer_scope_allows(const struct xfer_run *r,
			       const struct cap_slot *s)
{
	if (s->scope == RING_XFER_SCOPE_SAME_SESSION &&
	    s->scope_session != r->who->dst)
		return ERR_DENIED;
	if (s->scope == RING_XFER_SCOPE_REGRANT_ONLY && !r->who->src_system)
		return ERR_DENIED;
	return ERR_OK;
}

static err_t xfer_decode_one(struct xfer_run *r, uint32_t i,
			     const struct ring_xfer *dp)
{
	struct ring_xfer d = *dp;
	const struct cap_slot *s;
	err_t e = ring_xfer_check(&d);
	if (e)
		return e;
	if ((e = captable_lookup(r->src, d.cap, &s)) != ERR_OK)
		return e;
	if ((s->flags & CAP_SLOT_NO_TRANSFER) ||
	    ((s->flags & CAP_SLOT_MOVE_ONLY) && d.mode != RING_XFER_MOVE))
		return ERR_NOT_TRANSFERABLE;
	if ((e = xfer_scope_allows(r, s)) != ERR_OK)
		return e;
	struct xfer_item it = { .h = d.cap, .slot = CAP_HANDLE_SLOT(d.cap),
				.move = d.mode == RING_XFER_MOVE,
				.scope = (uint8_t)(d.scope ? d.scope : s->scope) };
	/* a moved slot must leave exactly once and take nothing with it */
	for (uint32_t j = 0; j < i; j++)
		if (r->item[j].slot == it.slot && (it.move || r->item[j].move))
			return ERR_BAD_TRANSFER;
	r->item[i] = it;
	return ERR_OK;
}

static err_t xfer_decode(struct xfer_run *r, const struct ring_xfer *desc)
{
	if (r->n > RING_XFER_MAX)
		return ERR_TOO_LARGE;
	for (uint32_t i = 0; i < r->n; i++) {
		err_t e = xfer_decode_one(r, i, &desc[i]);
		if (e)
			return e;
	}
	return ERR_OK;
}

static err_t xfer_check_room(const struct captable *dst, uint32_t n)
{
	/* same order as captable_insert: the ledger, then the slots */
	if (dst->live > dst->limit || n > dst->limit - dst->live)
		return ERR_QUOTA;
	if (n > dst->nslots - dst->live)
		return ERR_CAP_TABLE_FULL;
	return ERR_OK;
}

static const struct cap_slot *xfer_src_slot(const struct xfer_run *r,
					    const struct xfer_item *it)
{
	return &r->src->slots[it->slot];
}

static err_t xfer_hold(struct xfer_run *r)
{
	for (; r->held < r->n; r->held++) {
		const struct xfer_item *it = &r->item[r->held];
		const struct cap_slot *s = xfer_src_slot(r, it);
		err_t e = xfer_fault(r->hook);
		if (!e)
			e = it->move ? captable_reserve(r->src, it->h)
				     : r->ops->ref(r->ops->ctx, s->type, s->obj);
		if (e)
			return e;
	}
	return ERR_OK;
}

static void xfer_release(struct xfer_run *r)
{
	while (r->held > 0) {
		const struct xfer_item *it = &r->item[--r->held];
		const struct cap_slot *s = xfer_src_slot(r, it);
		if (it->move)
			(void)captable_unreserve(r->src, it->h);
		else
			r->ops->unref(r->ops->ctx, s->type, s->obj);
	}
}

/* A sameSession capability is bound to the session it arrives in. */
static void xfer_set_scope(struct xfer_run *r, const struct xfer_item *it,
			   cap_handle_t h)
{
	struct cap_slot *s = &r->dst->slots[CAP_HANDLE_SLOT(h)];
	captable_write_begin(r->dst);
	s->scope = it->scope;
	s->scope_session = it->scope == RING_XFER_SCOPE_SAME_SESSION
				   ? r->who->dst : 0;
	captable_write_end(r->dst);
}

static err_t xfer_insert(struct xfer_run *r, struct ring_cap_record *out)
{
	for (uint32_t i = 0; i < r->n; i++) {
		const struct cap_slot *s = xfer_src_slot(r, &r->item[i]);
		err_t e = xfer_fault(r->hook);
		if (!e)
			e = captable_insert(r->dst, s->type, s->iface, s->obj,
					    s->flags, &out[i].handle);
		if (e)
			return e;
		xfer_set_scope(r, &r->item[i], out[i].handle);
		out[i].reserved = 0;
		out[i].interface_id = s->iface;
	}
	return ERR_OK;
}

static void xfer_commit(struct xfer_run *r)
{
	for (uint32_t i = 0; i < r->n; i++) {
		struct cap_slot old;
		/* cannot fail: reserved in phase 3 under the same locks */
		if (r->item[i].move)
			(void)captable_remove_reserved(r->src, r->item[i].h,
						       &old);
	}
}

err_t cap_transfer(struct captable *src, struct captable *dst,
		   const struct ring_xfer *desc, uint32_t n,
		   const struct cap_xfer_ops *ops,
		   struct ring_cap_record *out, struct cap_xfer_hook *hook)
{
	return cap_transfer_scoped(src, dst, desc, n, ops, 0, out, hook);
}

err_t cap_transfer_scoped(struct captable *src, struct captable *dst,
			  const struct ring_xfer *desc, uint32_t n,
			  const struct cap_xfer_ops *ops,
			  const struct cap_xfer_sessions *who,
			  struct ring_cap_record *out,
			  struct cap_xfer_hook *hook)
{
	struct xfer_run r = { .src = src, .dst = dst, .ops = ops,
			      .who = who ? who : &xfer_one_session,
			      .hook = hook, .n = n };
	err_t e = xfer_decode(&r, desc);
	if (!e)
		e = xfer_check_room(dst, n);
	if (!e && !(e = xfer_hold(&r))) {
		struct captable_mark m = captable_mark(dst);
		if ((e = xfer_insert(&r, out)) != ERR_OK) {
			captable_rollback(dst, &m);
			for (uint32_t i = 0; i < n; i++)
				out[i].handle = CAP_HANDLE_NONE;
		}
	}
	if (e) {
		xfer_release(&r);
		return e;
	}
	xfer_commit(&r);
	return ERR_OK;
}
