/* Fuzz capability transfer. The input builds two small tables (or one,
 * for a same-table transfer) by a script of inserts and removes, then
 * describes a batch: modes, handles (live, stale, forged), transfer
 * scopes (some unknown), a reference budget and a fault-injection step.
 *
 * Invariants, trapping on violation: both tables stay well formed (live
 * count, free list); every object's reference count equals the number of
 * slots holding it; a failed transfer changes nothing; a successful one
 * only accepted a valid batch, gave each descriptor a dst handle to its
 * capability, removed exactly the moved handles from src and took
 * exactly one reference per copy. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/cap/transfer.h"
#include "lib/ring/sqe.h"

#define NOBJ 6
#define NSLOT 16
#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t next(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

struct world {
	struct cap_slot sa[NSLOT], sb[NSLOT];
	struct captable a, b;
	struct captable *src, *dst;
	int refs[NOBJ];
	int ref_budget;		/* < 0: unlimited */
};

static err_t obj_ref(void *ctx, uint32_t type, void *obj)
{
	struct world *w = ctx;
	(void)type;
	if (w->ref_budget == 0)
		return ERR_QUOTA;
	if (w->ref_budget > 0)
		w->ref_budget--;
	(*(int *)obj)++;
	return ERR_OK;
}

static void obj_unref(void *ctx, uint32_t type, void *obj)
{
	(void)ctx;
	(void)type;
	(*(int *)obj)--;
}

/* Insert or remove per script byte, keeping refs in step. */
static void populate(struct world *w, struct captable *t, struct input *in)
{
	int ops = next(in) % 24;
	for (int i = 0; i < ops; i++) {
		uint8_t b = next(in);
		cap_handle_t h;
		struct cap_slot old;
		int k = b % NOBJ;
		if (b & 0x80) {
			uint32_t s = captable_next_live(t, (b & 0x3f) % NSLOT);
			if (s != CAPTABLE_NIL &&
			    !captable_remove(t, captable_handle_of(t, s), &old))
				(*(int *)old.obj)--;
		} else if (!captable_insert(t, 1u + (k & 1), 0x100u + k,
					    &w->refs[k], b & 0x40 ?
					    CAP_SLOT_NO_TRANSFER : b & 0x20 ?
					    CAP_SLOT_MOVE_ONLY : 0, &h)) {
			w->refs[k]++;
		}
	}
}

static cap_handle_t pick_handle(const struct captable *t, uint8_t sel,
				uint8_t raw)
{
	uint32_t s = t->grown ? (sel & 0x3fu) % t->grown : 0;
	switch (sel >> 6) {
	case 0:
	case 1:		/* current generation: live or free */
		return CAP_HANDLE(s, t->grown ? t->slots[s].gen : 1);
	case 2:		/* an older generation */
		return CAP_HANDLE(s, raw);
	default:	/* forged */
		return (cap_handle_t)raw * 0x01010101u;
	}
}

static void build_batch(const struct world *w, struct input *in,
			struct ring_xfer *d, uint32_t *n)
{
	*n = next(in) % (RING_XFER_MAX + 2);
	for (uint32_t i = 0; i < *n; i++) {
		uint8_t m = next(in), sel = next(in), raw = next(in);
		d[i].cap = pick_handle(w->src, sel, raw);
		d[i].mode = (m & 0x0f) < 7 ? RING_XFER_COPY
			  : (m & 0x0f) < 14 ? RING_XFER_MOVE : m & 3;
		d[i].scope = (m & 0xf0) == 0xf0 ? RING_XFER_SCOPE_COUNT
						: (m >> 4) % RING_XFER_SCOPE_COUNT;
	}
}

static int holders(const struct captable *t, const void *obj)
{
	int n = 0;
	for (uint32_t i = 0; i < t->grown; i++)
		n += t->slots[i].type && t->slots[i].obj == obj;
	return n;
}

/* Live count, reservations and free list agree with the slots. */
static void check_table(const struct captable *t)
{
	uint32_t live = 0, nfree = 0;
	for (uint32_t i = 0; i < t->grown; i++) {
		live += t->slots[i].type != 0;
		CHECK(!t->slots[i].reserved);
	}
	CHECK(live == t->live && t->grown <= t->nslots);
	for (uint32_t i = t->free_head; i != CAPTABLE_NIL;
	     i = t->slots[i].next_free) {
		CHECK(i < t->grown && !t->slots[i].type && ++nfree <= t->grown);
	}
	CHECK(nfree == t->grown - t->live);
}

static void check_world(const struct world *w)
{
	check_table(&w->a);
	check_table(&w->b);
	for (int k = 0; k < NOBJ; k++) {
		int n = holders(&w->a, &w->refs[k]) + holders(&w->b, &w->refs[k]);
		CHECK(w->refs[k] == n);
	}
}

static void check_same(const struct captable *x, const struct cap_slot *xs,
		       const struct captable *y)
{
	CHECK(x->live == y->live && x->grown == y->grown &&
	      x->free_head == y->free_head);
	for (uint32_t i = 0; i < x->grown; i++) {
		const struct cap_slot *a = &xs[i], *b = &y->slots[i];
		CHECK(a->gen == b->gen && a->type == b->type);
		if (a->type)
			CHECK(a->obj == b->obj && a->iface == b->iface &&
			      a->flags == b->flags);
		else
			CHECK(a->next_free == b->next_free);
	}
}

/* The accepted batch must have been valid against the tables before. */
static void check_valid(const struct captable *src0,
			const struct cap_slot *ss, const struct ring_xfer *d,
			uint32_t n)
{
	CHECK(n <= RING_XFER_MAX);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t s = CAP_HANDLE_SLOT(d[i].cap);
		CHECK(d[i].mode == RING_XFER_COPY || d[i].mode == RING_XFER_MOVE);
		CHECK(d[i].scope < RING_XFER_SCOPE_COUNT && s < src0->grown &&
		      ss[s].type);
		CHECK(ss[s].gen == CAP_HANDLE_GEN(d[i].cap));
		CHECK(!(ss[s].flags & CAP_SLOT_NO_TRANSFER));
		CHECK(!(ss[s].flags & CAP_SLOT_MOVE_ONLY) ||
		      d[i].mode == RING_XFER_MOVE);
		for (uint32_t j = 0; j < i; j++)
			CHECK(d[j].cap != d[i].cap ||
			      (d[i].mode == RING_XFER_COPY &&
			       d[j].mode == RING_XFER_COPY));
	}
}

struct before {
	struct captable src, dst;
	struct cap_slot ss[NSLOT], ds[NSLOT];
	int refs[NOBJ];
};

static void check_success(const struct world *w, const struct before *b,
			  const struct ring_xfer *d, uint32_t n,
			  const struct ring_cap_record *out)
{
	int refs[NOBJ];
	uint32_t moves = 0;
	memcpy(refs, b->refs, sizeof(refs));
	check_valid(&b->src, b->ss, d, n);
	for (uint32_t i = 0; i < n; i++) {
		const struct cap_slot *was = &b->ss[CAP_HANDLE_SLOT(d[i].cap)];
		const struct cap_slot *now, *left;
		CHECK(!captable_lookup(w->dst, out[i].handle, &now));
		CHECK(now->obj == was->obj && now->type == was->type &&
		      now->iface == was->iface && out[i].interface_id == was->iface);
		err_t e = captable_lookup(w->src, d[i].cap, &left);
		if (d[i].mode == RING_XFER_MOVE) {
			CHECK(e == ERR_STALE_HANDLE);
			moves++;
		} else {
			CHECK(e == ERR_OK);
			refs[(int *)was->obj - w->refs]++;
		}
	}
	CHECK(!memcmp(refs, w->refs, sizeof(refs)));
	if (w->src == w->dst)
		CHECK(w->src->live == b->src.live + n - moves);
	else
		CHECK(w->src->live == b->src.live - moves &&
		      w->dst->live == b->dst.live + n);
}

/* What a refused transfer may say here (nothing is ever reserved, so
 * never ERR_BUSY; ERR_NO_MEMORY is the injected fault). */
static int expected_error(err_t e)
{
	static const err_t ok[] = {
		ERR_TOO_LARGE, ERR_BAD_TRANSFER, ERR_RESERVED_FIELD,
		ERR_BAD_HANDLE, ERR_STALE_HANDLE, ERR_NOT_TRANSFERABLE,
		ERR_QUOTA, ERR_CAP_TABLE_FULL, ERR_NO_MEMORY,
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (e == ok[i])
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct input in = { data, size };
	struct ring_xfer d[RING_XFER_MAX + 1];
	struct ring_cap_record out[RING_XFER_MAX + 1];
	struct before b;
	uint32_t n;
	uint8_t shape = next(&in), lim = next(&in);
	memset(&w, 0, sizeof(w));
	captable_init(&w.a, w.sa, 1 + (shape & 15), 1 + (lim & 15));
	captable_init(&w.b, w.sb, 1 + (shape >> 4), 1 + (lim >> 4));
	populate(&w, &w.a, &in);
	populate(&w, &w.b, &in);
	uint8_t mode = next(&in);
	w.src = &w.a;
	w.dst = mode & 1 ? &w.a : &w.b;
	w.ref_budget = mode & 2 ? (mode >> 2) % 8 : -1;
	struct cap_xfer_hook hook = { .fail_at = next(&in) % 40,
				      .err = ERR_NO_MEMORY };
	build_batch(&w, &in, d, &n);
	check_world(&w);
	b.src = *w.src, b.dst = *w.dst;
	memcpy(b.ss, w.src->slots, sizeof(b.ss));
	memcpy(b.ds, w.dst->slots, sizeof(b.ds));
	memcpy(b.refs, w.refs, sizeof(b.refs));
	const struct cap_xfer_ops ops = { &w, obj_ref, obj_unref };
	err_t e = cap_transfer(w.src, w.dst, d, n, &ops, out,
			       hook.fail_at ? &hook : NULL);
	check_world(&w);
	if (e == ERR_OK) {
		check_success(&w, &b, d, n, out);
		return 0;
	}
	CHECK(expected_error(e));
	check_same(&b.src, b.ss, w.src);
	check_same(&b.dst, b.ds, w.dst);
	CHECK(!memcmp(b.refs, w.refs, sizeof(b.refs)));
	return 0;
}
