/* Capability table bookkeeping: handles, generations, staleness, limits,
 * and pins (a release while a call uses the object waits for the call). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "lib/cap/captable.h"

static struct cap_slot slots[8];
static struct captable t;
static int objs[8];

static int setup(void **state)
{
	captable_init(&t, slots, 8, 6);
	return 0;
}

static void test_insert_lookup(void **state)
{
	cap_handle_t h;
	assert_int_equal(captable_insert(&t, 3, 0xabc, &objs[0], 0, &h), ERR_OK);
	const struct cap_slot *s;
	assert_int_equal(captable_lookup(&t, h, &s), ERR_OK);
	assert_int_equal(s->type, 3);
	assert_int_equal(s->iface, 0xabc);
	assert_ptr_equal(s->obj, &objs[0]);
	assert_int_not_equal(CAP_HANDLE_GEN(h), 0);
}

static void test_stale_after_release_and_reuse(void **state)
{
	cap_handle_t a, b;
	struct cap_slot old;
	const struct cap_slot *s;
	assert_int_equal(captable_insert(&t, 1, 1, &objs[1], 0, &a), ERR_OK);
	assert_int_equal(captable_remove(&t, a, &old), ERR_OK);
	assert_ptr_equal(old.obj, &objs[1]);
	assert_int_equal(captable_lookup(&t, a, &s), ERR_STALE_HANDLE);
	assert_int_equal(captable_remove(&t, a, &old), ERR_STALE_HANDLE);
	assert_int_equal(captable_insert(&t, 2, 2, &objs[2], 0, &b), ERR_OK);
	assert_int_equal(CAP_HANDLE_SLOT(a), CAP_HANDLE_SLOT(b));
	assert_int_not_equal(a, b);
	assert_int_equal(captable_lookup(&t, a, &s), ERR_STALE_HANDLE);
	assert_int_equal(captable_lookup(&t, b, &s), ERR_OK);
	assert_int_equal(s->type, 2);
}

static void test_forged_handles(void **state)
{
	const struct cap_slot *s;
	cap_handle_t h;
	assert_int_equal(captable_lookup(&t, CAP_HANDLE_NONE, &s), ERR_BAD_HANDLE);
	assert_int_equal(captable_lookup(&t, CAP_HANDLE(5, 1), &s), ERR_BAD_HANDLE);
	assert_int_equal(captable_insert(&t, 1, 1, 0, 0, &h), ERR_OK);
	assert_int_equal(captable_lookup(&t, CAP_HANDLE(0, 0), &s), ERR_STALE_HANDLE);
	assert_int_equal(captable_lookup(&t, CAP_HANDLE(0, 77), &s), ERR_STALE_HANDLE);
	assert_int_equal(captable_insert(&t, 0, 1, 0, 0, &h), ERR_INVALID);
}

static void test_limits(void **state)
{
	cap_handle_t h[8];
	for (int i = 0; i < 6; i++)
		assert_int_equal(captable_insert(&t, 1, i, 0, 0, &h[i]), ERR_OK);
	assert_int_equal(captable_insert(&t, 1, 9, 0, 0, &h[6]), ERR_QUOTA);
	struct captable big;
	struct cap_slot two[2];
	captable_init(&big, two, 2, 100);
	assert_int_equal(captable_insert(&big, 1, 0, 0, 0, &h[0]), ERR_OK);
	assert_int_equal(captable_insert(&big, 1, 0, 0, 0, &h[1]), ERR_OK);
	assert_int_equal(captable_insert(&big, 1, 0, 0, 0, &h[2]), ERR_CAP_TABLE_FULL);
}

static void test_generation_wraps_past_zero(void **state)
{
	cap_handle_t h;
	struct cap_slot old;
	for (int i = 0; i < 70000; i++) {
		assert_int_equal(captable_insert(&t, 1, 0, 0, 0, &h), ERR_OK);
		assert_int_not_equal(CAP_HANDLE_GEN(h), 0);
		assert_int_equal(captable_remove(&t, h, &old), ERR_OK);
	}
	assert_int_equal(t.live, 0);
}

static void test_iteration(void **state)
{
	cap_handle_t a, b, c;
	struct cap_slot old;
	captable_insert(&t, 1, 0, 0, 0, &a);
	captable_insert(&t, 1, 0, 0, 0, &b);
	captable_insert(&t, 1, 0, 0, 0, &c);
	captable_remove(&t, b, &old);
	assert_int_equal(captable_next_live(&t, 0), 0);
	assert_int_equal(captable_next_live(&t, 1), 2);
	assert_int_equal(captable_next_live(&t, 3), CAPTABLE_NIL);
	assert_int_equal(captable_handle_of(&t, 2), c);
}

/* Released while two calls use it: gone at once for lookups, freed (and
 * its object handed over) only when the last call unpins. */
static void test_release_while_pinned(void **state)
{
	cap_handle_t h, again;
	struct cap_slot old;
	const struct cap_slot *s;
	assert_int_equal(captable_insert(&t, 4, 7, &objs[2], 0, &h), ERR_OK);
	assert_int_equal(captable_pin(&t, h), ERR_OK);
	assert_int_equal(captable_pin(&t, h), ERR_OK);
	assert_int_equal(captable_remove(&t, h, &old), ERR_OK);
	assert_int_equal(old.type, 0);			/* nothing to release yet */
	assert_int_equal(captable_lookup(&t, h, &s), ERR_STALE_HANDLE);
	assert_int_equal(captable_remove(&t, h, &old), ERR_STALE_HANDLE);
	assert_int_equal(captable_pin(&t, h), ERR_STALE_HANDLE);
	assert_int_equal(t.live, 1);			/* still holds its slot */
	assert_false(captable_unpin(&t, h, &old));
	assert_true(captable_unpin(&t, h, &old));
	assert_int_equal(old.type, 4);
	assert_ptr_equal(old.obj, &objs[2]);
	assert_int_equal(t.live, 0);
	assert_int_equal(captable_insert(&t, 5, 1, &objs[3], 0, &again), ERR_OK);
	assert_int_equal(CAP_HANDLE_SLOT(again), CAP_HANDLE_SLOT(h));
	assert_int_not_equal(again, h);			/* a new generation */
	assert_false(captable_unpin(&t, h, &old));	/* stale: nothing */
}

/* Pinned and not removed: unpinning changes nothing; a move is refused
 * while a call runs; an unpinned slot cannot be unpinned. */
static void test_pin_without_release(void **state)
{
	cap_handle_t h;
	struct cap_slot old;
	const struct cap_slot *s;
	assert_int_equal(captable_insert(&t, 4, 7, &objs[4], 0, &h), ERR_OK);
	assert_false(captable_unpin(&t, h, &old));
	assert_int_equal(captable_pin(&t, h), ERR_OK);
	assert_int_equal(captable_reserve(&t, h), ERR_BUSY);
	assert_false(captable_unpin(&t, h, &old));
	assert_int_equal(captable_lookup(&t, h, &s), ERR_OK);
	assert_int_equal(captable_reserve(&t, h), ERR_OK);
	assert_int_equal(captable_pin(&t, h), ERR_BUSY);	/* being moved */
	assert_int_equal(captable_unreserve(&t, h), ERR_OK);
	assert_int_equal(captable_remove(&t, h, &old), ERR_OK);
	assert_ptr_equal(old.obj, &objs[4]);
}

/* The seqcount: even between changes, advanced by every change, and a
 * racing lookup that meets a writer (odd count) asks for the lock. */
static void test_seqcount(void **state)
{
	cap_handle_t h;
	struct cap_slot copy, old;
	err_t err;
	uint32_t seq = t.seq;
	assert_int_equal(captable_insert(&t, 3, 0xabc, &objs[0], 0, &h), ERR_OK);
	assert_true(t.seq > seq && t.seq % 2 == 0);
	assert_true(captable_lookup_racy(&t, h, &copy, &err));
	assert_int_equal(err, ERR_OK);
	assert_int_equal(copy.type, 3);
	assert_ptr_equal(copy.obj, &objs[0]);
	seq = t.seq;
	assert_int_equal(captable_pin(&t, h), ERR_OK);
	assert_true(t.seq > seq && t.seq % 2 == 0);
	seq = t.seq;
	assert_int_equal(captable_remove(&t, h, &old), ERR_OK);	/* doomed */
	assert_true(t.seq > seq && t.seq % 2 == 0);
	assert_true(captable_lookup_racy(&t, h, &copy, &err));
	assert_int_equal(err, ERR_STALE_HANDLE);
	seq = t.seq;
	assert_true(captable_unpin(&t, h, &old));		/* freed */
	assert_true(t.seq > seq && t.seq % 2 == 0);
	captable_write_begin(&t);				/* a writer */
	assert_false(captable_lookup_racy(&t, h, &copy, &err));
	captable_write_end(&t);
	assert_true(captable_lookup_racy(&t, h, &copy, &err));
	assert_int_equal(err, ERR_STALE_HANDLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_insert_lookup, setup),
		cmocka_unit_test_setup(test_stale_after_release_and_reuse, setup),
		cmocka_unit_test_setup(test_forged_handles, setup),
		cmocka_unit_test_setup(test_limits, setup),
		cmocka_unit_test_setup(test_generation_wraps_past_zero, setup),
		cmocka_unit_test_setup(test_iteration, setup),
		cmocka_unit_test_setup(test_release_while_pinned, setup),
		cmocka_unit_test_setup(test_pin_without_release, setup),
		cmocka_unit_test_setup(test_seqcount, setup),
	};
	return cmocka_run_group_tests_name("captable", tests, NULL, NULL);
}
