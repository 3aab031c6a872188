/* Capability transfer (lib/cap/transfer.c): copy, move, mixed and
 * same-table batches, every refusal, and a fault injected at every step.
 *
 * The world is two tables, A and B, over objects whose reference count is
 * refs[k]. The invariant checked throughout is conservation of
 * authority: each object's count equals the number of live slots that
 * hold it, and a failed transfer leaves both tables exactly as before
 * (the same handles, generations, free lists and watermarks). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lib/cap/transfer.h"
#include "lib/ring/sqe.h"

#define NOBJ 8
#define NSLOT 16

struct world {
	struct cap_slot sa[NSLOT], sb[NSLOT];
	struct captable a, b;
	int refs[NOBJ];
	int ref_budget;		/* refs still allowed; < 0: unlimited */
	int ref_calls, unref_calls;
};

struct snap {
	struct cap_slot sa[NSLOT], sb[NSLOT];
	struct captable a, b;
	int refs[NOBJ];
};

static struct world w;
static cap_handle_t ha[6];	/* A's caps: objects 0..5, 5 not transferable */

static err_t obj_ref(void *ctx, uint32_t type, void *obj)
{
	struct world *wp = ctx;
	(void)type;
	if (wp->ref_budget == 0)
		return ERR_QUOTA;
	if (wp->ref_budget > 0)
		wp->ref_budget--;
	wp->ref_calls++;
	(*(int *)obj)++;
	return ERR_OK;
}

static void obj_unref(void *ctx, uint32_t type, void *obj)
{
	struct world *wp = ctx;
	(void)type;
	wp->unref_calls++;
	(*(int *)obj)--;
}

static const struct cap_xfer_ops ops = { &w, obj_ref, obj_unref };

static cap_handle_t put(struct captable *t, int k, uint16_t flags)
{
	cap_handle_t h;
	assert_int_equal(captable_insert(t, 1, 0x100u + (unsigned)k,
					 &w.refs[k], flags, &h), ERR_OK);
	w.refs[k]++;
	return h;
}

static void drop(struct captable *t, cap_handle_t h)
{
	struct cap_slot old;
	assert_int_equal(captable_remove(t, h, &old), ERR_OK);
	(*(int *)old.obj)--;
}

/* A holds objects 0..5; B holds 6 twice with a hole between (its free
 * list has slot 1, then it grows from 3). */
static int setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	w.ref_budget = -1;
	captable_init(&w.a, w.sa, NSLOT, 12);
	captable_init(&w.b, w.sb, NSLOT, 12);
	for (int k = 0; k < 6; k++)
		ha[k] = put(&w.a, k, k == 5 ? CAP_SLOT_NO_TRANSFER : 0);
	put(&w.b, 6, 0);
	cap_handle_t gone = put(&w.b, 7, 0);
	put(&w.b, 6, 0);
	drop(&w.b, gone);
	return 0;
}

static struct ring_xfer cp(cap_handle_t h)
{
	return (struct ring_xfer){ .cap = h, .mode = RING_XFER_COPY };
}

static struct ring_xfer mv(cap_handle_t h)
{
	return (struct ring_xfer){ .cap = h, .mode = RING_XFER_MOVE };
}

static void snap_take(struct snap *s)
{
	memcpy(s->sa, w.sa, sizeof(s->sa));
	memcpy(s->sb, w.sb, sizeof(s->sb));
	s->a = w.a;
	s->b = w.b;
	memcpy(s->refs, w.refs, sizeof(s->refs));
}

/* Same shape and contents; a free slot's leftover fields don't count. */
static void table_same(const struct captable *x, const struct cap_slot *xs,
		       const struct captable *y, const struct cap_slot *ys)
{
	assert_int_equal(x->live, y->live);
	assert_int_equal(x->free_head, y->free_head);
	assert_int_equal(x->grown, y->grown);
	assert_int_equal(x->limit, y->limit);
	for (uint32_t i = 0; i < x->grown; i++) {
		assert_int_equal(xs[i].gen, ys[i].gen);
		assert_int_equal(xs[i].type, ys[i].type);
		if (!xs[i].type) {
			assert_int_equal(xs[i].next_free, ys[i].next_free);
			continue;
		}
		assert_int_equal(xs[i].flags, ys[i].flags);
		assert_int_equal(xs[i].iface, ys[i].iface);
		assert_ptr_equal(xs[i].obj, ys[i].obj);
		assert_int_equal(xs[i].reserved, ys[i].reserved);
	}
}

static void snap_check(const struct snap *s)
{
	table_same(&s->a, s->sa, &w.a, w.sa);
	table_same(&s->b, s->sb, &w.b, w.sb);
	assert_memory_equal(s->refs, w.refs, sizeof(s->refs));
}

static int holders(const struct captable *t, int k)
{
	int n = 0;
	for (uint32_t i = 0; i < t->grown; i++)
		n += t->slots[i].type && t->slots[i].obj == &w.refs[k];
	return n;
}

/* Every reference is held by exactly one slot. */
static void check_refs(void)
{
	for (int k = 0; k < NOBJ; k++)
		assert_int_equal(w.refs[k], holders(&w.a, k) + holders(&w.b, k));
}

/* ...and no slot is left reserved. */
static void check_conserved(void)
{
	check_refs();
	for (uint32_t i = 0; i < w.a.grown; i++)
		assert_false(w.sa[i].reserved);
	for (uint32_t i = 0; i < w.b.grown; i++)
		assert_false(w.sb[i].reserved);
}

static void expect_holds(struct captable *t, cap_handle_t h, int k)
{
	const struct cap_slot *s;
	assert_int_equal(captable_lookup(t, h, &s), ERR_OK);
	assert_ptr_equal(s->obj, &w.refs[k]);
	assert_int_equal(s->iface, 0x100u + (unsigned)k);
}

static void expect_gone(struct captable *t, cap_handle_t h)
{
	const struct cap_slot *s;
	assert_int_equal(captable_lookup(t, h, &s), ERR_STALE_HANDLE);
}

/* Transfer A -> dst, expect err, and nothing changed. */
static void expect_refused(struct captable *dst, const struct ring_xfer *d,
			   uint32_t n, err_t err)
{
	struct snap s;
	struct ring_cap_record out[RING_XFER_MAX + 1];
	snap_take(&s);
	assert_int_equal(cap_transfer(&w.a, dst, d, n, &ops, out, NULL), err);
	snap_check(&s);
	check_refs();
}

static void test_copy(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]) };
	struct ring_cap_record out[1];
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 1, &ops, out, NULL), ERR_OK);
	assert_int_equal(w.refs[0], 2);
	expect_holds(&w.a, ha[0], 0);
	expect_holds(&w.b, out[0].handle, 0);
	assert_int_equal(out[0].interface_id, 0x100);
	assert_int_equal(out[0].reserved, 0);
	check_conserved();
}

static void test_move(void **state)
{
	struct ring_xfer d[] = { mv(ha[1]) };
	struct ring_cap_record out[1];
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 1, &ops, out, NULL), ERR_OK);
	assert_int_equal(w.refs[1], 1);
	assert_int_equal(w.ref_calls + w.unref_calls, 0);
	expect_gone(&w.a, ha[1]);
	expect_holds(&w.b, out[0].handle, 1);
	assert_int_equal(w.a.live, 5);
	check_conserved();
}

static void test_mixed(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]), cp(ha[2]), mv(ha[3]),
				 cp(ha[0]) };
	struct ring_cap_record out[5];
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 5, &ops, out, NULL), ERR_OK);
	int want[] = { 0, 1, 2, 3, 0 };
	for (int i = 0; i < 5; i++)
		expect_holds(&w.b, out[i].handle, want[i]);
	assert_int_not_equal(out[0].handle, out[4].handle);
	assert_int_equal(w.refs[0], 3);
	assert_int_equal(w.refs[1], 1);
	assert_int_equal(w.refs[2], 2);
	assert_int_equal(w.refs[3], 1);
	expect_gone(&w.a, ha[1]);
	expect_gone(&w.a, ha[3]);
	expect_holds(&w.a, ha[2], 2);
	assert_int_equal(w.a.live, 4);
	assert_int_equal(w.b.live, 7);
	check_conserved();
}

static void test_same_table(void **state)
{
	struct ring_xfer d[] = { mv(ha[1]), cp(ha[2]) };
	struct ring_cap_record out[2];
	assert_int_equal(cap_transfer(&w.a, &w.a, d, 2, &ops, out, NULL), ERR_OK);
	expect_gone(&w.a, ha[1]);
	expect_holds(&w.a, out[0].handle, 1);
	expect_holds(&w.a, ha[2], 2);
	expect_holds(&w.a, out[1].handle, 2);
	assert_int_not_equal(out[1].handle, ha[2]);
	assert_int_equal(w.refs[1], 1);
	assert_int_equal(w.refs[2], 2);
	assert_int_equal(w.a.live, 7);
	check_conserved();
}

static void test_empty_batch(void **state)
{
	struct snap s;
	snap_take(&s);
	assert_int_equal(cap_transfer(&w.a, &w.b, NULL, 0, &ops, NULL, NULL),
			 ERR_OK);
	snap_check(&s);
}

static void test_refuse_count(void **state)
{
	struct ring_xfer d[RING_XFER_MAX + 1];
	for (unsigned i = 0; i <= RING_XFER_MAX; i++)
		d[i] = cp(ha[0]);
	expect_refused(&w.b, d, RING_XFER_MAX + 1, ERR_TOO_LARGE);
}

static void test_refuse_descriptor(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]) };
	d[1].mode = 0;
	expect_refused(&w.b, d, 2, ERR_BAD_TRANSFER);
	d[1].mode = 3;
	expect_refused(&w.b, d, 2, ERR_BAD_TRANSFER);
	d[1] = mv(ha[1]);
	d[1].scope = RING_XFER_SCOPE_COUNT;	/* no such TransferScope */
	expect_refused(&w.b, d, 2, ERR_BAD_TRANSFER);
}

static void test_refuse_handle(void **state)
{
	struct ring_xfer d[] = { mv(ha[0]), cp(CAP_HANDLE_NONE) };
	expect_refused(&w.b, d, 2, ERR_BAD_HANDLE);
	d[1] = cp(CAP_HANDLE(9, 1));
	expect_refused(&w.b, d, 2, ERR_BAD_HANDLE);
	drop(&w.a, ha[4]);
	d[1] = mv(ha[4]);
	expect_refused(&w.b, d, 2, ERR_STALE_HANDLE);
	d[1] = cp(ha[5]);
	expect_refused(&w.b, d, 2, ERR_NOT_TRANSFERABLE);
	d[1] = mv(ha[5]);
	expect_refused(&w.b, d, 2, ERR_NOT_TRANSFERABLE);
}

/* A move-only capability (a TerminalSession): every copy is refused, in
 * any batch and within one table; a move works and keeps the flag, so
 * the new holder cannot copy it either. */
static void test_move_only(void **state)
{
	cap_handle_t h = put(&w.a, 7, CAP_SLOT_MOVE_ONLY);
	struct ring_xfer d[] = { cp(ha[0]), cp(h) };
	struct ring_cap_record out[2];
	const struct cap_slot *s;
	expect_refused(&w.b, d, 2, ERR_NOT_TRANSFERABLE);
	expect_refused(&w.a, &d[1], 1, ERR_NOT_TRANSFERABLE);
	d[1] = mv(h);
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 2, &ops, out, NULL), ERR_OK);
	expect_gone(&w.a, h);
	expect_holds(&w.b, out[1].handle, 7);
	assert_int_equal(captable_lookup(&w.b, out[1].handle, &s), ERR_OK);
	assert_int_equal(s->flags, CAP_SLOT_MOVE_ONLY);
	assert_int_equal(w.refs[7], 1);
	d[0] = cp(out[1].handle);
	assert_int_equal(cap_transfer(&w.b, &w.a, d, 1, &ops, out, NULL),
			 ERR_NOT_TRANSFERABLE);
	d[0] = mv(out[1].handle);
	assert_int_equal(cap_transfer(&w.b, &w.b, d, 1, &ops, out, NULL), ERR_OK);
	check_conserved();
}

static void test_refuse_busy(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), cp(ha[2]) };
	assert_int_equal(captable_reserve(&w.a, ha[2]), ERR_OK);
	expect_refused(&w.b, d, 2, ERR_BUSY);
	d[1] = mv(ha[2]);
	expect_refused(&w.b, d, 2, ERR_BUSY);
	assert_int_equal(captable_unreserve(&w.a, ha[2]), ERR_OK);
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 2, &ops,
				      (struct ring_cap_record[2]){ 0 }, NULL),
			 ERR_OK);
	check_conserved();
}

static void test_refuse_duplicates(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]), mv(ha[1]) };
	expect_refused(&w.b, d, 3, ERR_BAD_TRANSFER);
	d[2] = cp(ha[1]);
	expect_refused(&w.b, d, 3, ERR_BAD_TRANSFER);
	d[1] = cp(ha[1]), d[2] = mv(ha[1]);
	expect_refused(&w.b, d, 3, ERR_BAD_TRANSFER);
}

static void test_refuse_room(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]), cp(ha[2]) };
	w.b.limit = w.b.live + 2;
	expect_refused(&w.b, d, 3, ERR_QUOTA);
	w.b.limit = w.b.live - 1;
	expect_refused(&w.b, d, 3, ERR_QUOTA);
	w.b.limit = 100;
	w.b.nslots = w.b.live + 2;
	expect_refused(&w.b, d, 3, ERR_CAP_TABLE_FULL);
	w.b.nslots = w.b.live + 3;
	assert_int_equal(cap_transfer(&w.a, &w.b, d, 3, &ops,
				      (struct ring_cap_record[3]){ 0 }, NULL),
			 ERR_OK);
	check_conserved();
}

/* A same-table batch needs room for every new handle, moves included:
 * the moved slot is freed only after the insert commits. */
static void test_refuse_room_same_table(void **state)
{
	struct ring_xfer d[] = { mv(ha[0]) };
	w.a.limit = w.a.live;
	expect_refused(&w.a, d, 1, ERR_QUOTA);
}

static void test_refuse_ref(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]), cp(ha[2]), cp(ha[3]) };
	w.ref_budget = 2;
	expect_refused(&w.b, d, 4, ERR_QUOTA);
	assert_int_equal(w.ref_calls, 2);
	assert_int_equal(w.unref_calls, 2);
}

/* Run batch d (A -> dst) failing at each step in turn: every failure is
 * the injected one and changes nothing; the run after the last step
 * succeeds. Returns the number of steps. */
static int fault_every_step(struct captable *dst, const struct ring_xfer *d,
			    uint32_t n)
{
	struct snap s;
	struct ring_cap_record out[RING_XFER_MAX];
	snap_take(&s);
	for (int at = 1;; at++) {
		struct cap_xfer_hook hook = { .fail_at = at, .err = ERR_NO_MEMORY };
		err_t e = cap_transfer(&w.a, dst, d, n, &ops, out, &hook);
		if (e == ERR_OK) {
			assert_int_equal(hook.step, at - 1);
			check_conserved();
			return at - 1;
		}
		assert_int_equal(e, ERR_NO_MEMORY);
		/* past the holds, the failure hit an insert: nothing to publish */
		for (uint32_t i = 0; at > (int)n && i < n; i++)
			assert_int_equal(out[i].handle, CAP_HANDLE_NONE);
		snap_check(&s);
		check_conserved();
	}
}

static void test_fault_every_step(void **state)
{
	struct ring_xfer d[] = { cp(ha[0]), mv(ha[1]), cp(ha[2]), mv(ha[3]),
				 cp(ha[0]) };
	/* one step to hold each descriptor, one to insert it */
	assert_int_equal(fault_every_step(&w.b, d, 5), 10);
	assert_int_equal(w.refs[0], 3);
	assert_int_equal(w.refs[2], 2);
	expect_gone(&w.a, ha[1]);
	expect_gone(&w.a, ha[3]);
}

static void test_fault_every_step_same_table(void **state)
{
	struct ring_xfer d[] = { mv(ha[4]), cp(ha[0]), mv(ha[1]) };
	drop(&w.a, ha[3]);	/* a free-list slot, then growth */
	assert_int_equal(fault_every_step(&w.a, d, 3), 6);
	assert_int_equal(w.a.live, 6);
	assert_int_equal(w.refs[0], 2);
}

static void test_reservation(void **state)
{
	const struct cap_slot *s;
	struct cap_slot old;
	assert_int_equal(captable_unreserve(&w.a, ha[0]), ERR_INVALID);
	assert_int_equal(captable_remove_reserved(&w.a, ha[0], &old), ERR_INVALID);
	assert_int_equal(captable_reserve(&w.a, ha[0]), ERR_OK);
	assert_int_equal(captable_reserve(&w.a, ha[0]), ERR_BUSY);
	assert_int_equal(captable_lookup(&w.a, ha[0], &s), ERR_BUSY);
	assert_int_equal(captable_remove(&w.a, ha[0], &old), ERR_BUSY);
	assert_int_equal(captable_remove_reserved(&w.a, ha[0], &old), ERR_OK);
	assert_false(old.reserved);
	assert_ptr_equal(old.obj, &w.refs[0]);
	expect_gone(&w.a, ha[0]);
	assert_int_equal(captable_unreserve(&w.a, ha[0]), ERR_STALE_HANDLE);
	cap_handle_t h;
	assert_int_equal(captable_insert(&w.a, 1, 0, &w.refs[0], 0, &h), ERR_OK);
	assert_int_equal(captable_lookup(&w.a, h, &s), ERR_OK);
	assert_false(s->reserved);
}

/* A slot that came off the free list and one the table grew into look
 * alike afterwards; rollback must still put each back where it was. */
static void test_rollback_exact(void **state)
{
	struct snap s;
	cap_handle_t h, first, again;
	drop(&w.a, ha[5]);	/* free list: slot 5, which is also grown - 1 */
	snap_take(&s);
	struct captable_mark m = captable_mark(&w.a);
	assert_int_equal(captable_insert(&w.a, 1, 0, 0, 0, &first), ERR_OK);
	assert_int_equal(captable_insert(&w.a, 1, 0, 0, 0, &h), ERR_OK);
	captable_rollback(&w.a, &m);
	snap_check(&s);
	assert_int_equal(captable_insert(&w.a, 1, 0, 0, 0, &again), ERR_OK);
	assert_int_equal(again, first);
	m = captable_mark(&w.a);
	captable_rollback(&w.a, &m);	/* nothing since: a no-op */
	assert_int_equal(w.a.live, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_copy, setup),
		cmocka_unit_test_setup(test_move, setup),
		cmocka_unit_test_setup(test_mixed, setup),
		cmocka_unit_test_setup(test_same_table, setup),
		cmocka_unit_test_setup(test_empty_batch, setup),
		cmocka_unit_test_setup(test_refuse_count, setup),
		cmocka_unit_test_setup(test_refuse_descriptor, setup),
		cmocka_unit_test_setup(test_refuse_handle, setup),
		cmocka_unit_test_setup(test_move_only, setup),
		cmocka_unit_test_setup(test_refuse_busy, setup),
		cmocka_unit_test_setup(test_refuse_duplicates, setup),
		cmocka_unit_test_setup(test_refuse_room, setup),
		cmocka_unit_test_setup(test_refuse_room_same_table, setup),
		cmocka_unit_test_setup(test_refuse_ref, setup),
		cmocka_unit_test_setup(test_fault_every_step, setup),
		cmocka_unit_test_setup(test_fault_every_step_same_table, setup),
		cmocka_unit_test_setup(test_reservation, setup),
		cmocka_unit_test_setup(test_rollback_exact, setup),
	};
	return cmocka_run_group_tests_name("transfer", tests, NULL, NULL);
}
