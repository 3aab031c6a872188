/* A model of the park protocol (kernel/ipc/park.c), checked over every
 * interleaving: waiters compare the word and queue themselves under one
 * lock; the waker changes the word first and takes waiters under the same
 * lock. The property is "no lost wake-up": in no reachable state where
 * nothing can move is a waiter still asleep. Two deliberately broken
 * orders must be caught, so the checker itself is shown able to fail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

enum { NWAITERS = 2, WAKER = NWAITERS, NTHREADS = NWAITERS + 1 };
enum { FREE = 0xff };

enum variant {
	PROTO_PARK,		/* as the kernel does it */
	BUG_READ_OUTSIDE_LOCK,	/* waiter checks the word before locking */
	BUG_WAKE_BEFORE_STORE,	/* waker takes waiters, then stores */
};

struct state {
	uint8_t word, lock, queued, woken;
	uint8_t pc[NTHREADS];
	uint8_t seen[NWAITERS];	/* the word as the waiter read it */
};

/* Waiter steps. pc: 0 start, 1 locked, 2 queued, 3 asleep, 4 done. */
static bool waiter_step(struct state *s, int i, enum variant v)
{
	uint8_t bit = (uint8_t)(1u << i);
	switch (s->pc[i]) {
	case 0:
		if (v == BUG_READ_OUTSIDE_LOCK) {
			s->seen[i] = s->word;
			s->pc[i] = 5;
			return true;
		}
		if (s->lock != FREE)
			return false;
		s->lock = (uint8_t)i;
		s->seen[i] = s->word;
		s->pc[i] = 1;
		return true;
	case 5:			/* broken order only: lock after reading */
		if (s->lock != FREE)
			return false;
		s->lock = (uint8_t)i;
		s->pc[i] = 1;
		return true;
	case 1:
		if (s->seen[i] != 0) {	/* value changed: EAGAIN */
			s->lock = FREE;
			s->pc[i] = 4;
			return true;
		}
		s->queued |= bit;
		s->pc[i] = 2;
		return true;
	case 2:
		s->lock = FREE;
		s->pc[i] = 3;
		return true;
	case 3:
		if (!(s->woken & bit))
			return false;
		s->pc[i] = 4;
		return true;
	default:
		return false;
	}
}

static void waker_take(struct state *s)
{
	s->woken |= s->queued;	/* UNPARK with count = all */
	s->queued = 0;
}

/* Waker steps. pc: 0 start, 1 stored, 2 locked, 3 taken, 5 done. */
static bool waker_step(struct state *s, enum variant v)
{
	uint8_t *pc = &s->pc[WAKER];
	bool store_first = v != BUG_WAKE_BEFORE_STORE;
	switch (*pc) {
	case 0:
		if (store_first)
			s->word = 1;
		*pc = 1;
		return true;
	case 1:
		if (s->lock != FREE)
			return false;
		s->lock = WAKER;
		*pc = 2;
		return true;
	case 2:
		waker_take(s);
		*pc = 3;
		return true;
	case 3:
		s->lock = FREE;
		*pc = store_first ? 5 : 4;
		return true;
	case 4:			/* broken order only: store after waking */
		s->word = 1;
		*pc = 5;
		return true;
	default:
		return false;
	}
}

static bool thread_step(struct state *s, int t, enum variant v)
{
	return t == WAKER ? waker_step(s, v) : waiter_step(s, t, v);
}

struct search {
	enum variant v;
	unsigned states, lost;
};

/* Depth-first over every interleaving; the step count is bounded (each
 * thread moves at most 6 times), so no visited set is needed. */
static void explore(struct search *sr, struct state s)
{
	bool moved = false;
	sr->states++;
	for (int t = 0; t < NTHREADS; t++) {
		struct state n = s;
		if (thread_step(&n, t, sr->v)) {
			moved = true;
			explore(sr, n);
		}
	}
	if (moved)
		return;
	for (int i = 0; i < NWAITERS; i++)
		if (s.pc[i] == 3)
			sr->lost++;
}

static struct search check(enum variant v)
{
	struct search sr = { v, 0, 0 };
	struct state s;
	memset(&s, 0, sizeof(s));
	s.lock = FREE;
	explore(&sr, s);
	return sr;
}

static void test_park_protocol_never_loses_a_wakeup(void **st)
{
	(void)st;
	struct search sr = check(PROTO_PARK);
	assert_true(sr.states > 100);	/* the search really branched */
	assert_int_equal(sr.lost, 0);
}

static void test_checker_catches_read_outside_lock(void **st)
{
	(void)st;
	assert_true(check(BUG_READ_OUTSIDE_LOCK).lost > 0);
}

static void test_checker_catches_wake_before_store(void **st)
{
	(void)st;
	assert_true(check(BUG_WAKE_BEFORE_STORE).lost > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_park_protocol_never_loses_a_wakeup),
		cmocka_unit_test(test_checker_catches_read_outside_lock),
		cmocka_unit_test(test_checker_catches_wake_before_store),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
