/* The Paperclips balance over the real content: the game cannot be
 * finished within one real hour (3600 ticks) of normal play, and the
 * proof accelerator's fast-forward (the same scripted player, run in
 * bounded calls as the server runs it) finishes it in N ticks with
 * 3600 < N <= FINISH_BOUND.
 *
 * "Normal play" is the scripted player of lib/paperclips/autopilot.c
 * making the best affordable move each second (one move a tick); to be
 * generous, a player making MOVES_GENEROUS moves every second is held to
 * the same hour. The cosmic phase alone has a floor no player can beat:
 * the matter beyond the home world over the fastest the largest fleet
 * can convert it, also checked here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/host/paperclips_content.h"

#define HOUR_TICKS 3600u	/* one tick a second */
#define MOVES_NORMAL 1u
#define MOVES_GENEROUS 5u
#define FINISH_BOUND 20000u	/* fast-forward must finish by then */
#define FF_MAX 100000u		/* PaperclipsGame.maxFastForward */

static void test_not_within_an_hour(void **state)
{
	(void)state;
	const unsigned moves[] = { MOVES_NORMAL, 2, 3, MOVES_GENEROUS };
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		struct pc_state s;
		pc_state_init(&s, &pc_real);
		uint64_t ran = pc_autopilot_run(&s, &pc_real, HOUR_TICKS,
						moves[i]);
		assert_int_equal(ran, HOUR_TICKS);
		assert_false(s.finished);
		int fin = pc_project_find(&pc_real, "final-conversion", 16);
		assert_false(pc_project_available(&s, &pc_real, (unsigned)fin));
	}
}

/* The fleet's best rate: every probe the cap allows, every probe-rate
 * project done. No run of the cosmic phase can be shorter than the
 * matter over that rate. */
static void test_cosmic_floor(void **state)
{
	(void)state;
	uint64_t boost = 0;
	for (unsigned i = 0; i < pc_real.nprojects; i++)
		if (pc_real.project[i].effect == PC_E_PROBE)
			boost += pc_real.project[i].amount;
	uint64_t best = pc_boosted(pc_sat_mul(pc_real.probe_cap,
					      pc_real.probe_rate),
				   (uint32_t)boost);
	assert_true(best > 0);
	assert_true(pc_real.cosmic_matter / best > HOUR_TICKS);
}

static void test_accelerator_finishes(void **state)
{
	(void)state;
	struct pc_state s;
	uint64_t n = 0;
	pc_state_init(&s, &pc_real);
	while (!s.finished && n < 10u * FINISH_BOUND)
		n += pc_autopilot_run(&s, &pc_real, FF_MAX, MOVES_NORMAL);
	print_message("fast-forward finished in %lu ticks\n", (unsigned long)n);
	assert_true(s.finished);
	assert_true(n > HOUR_TICKS);
	assert_true(n <= FINISH_BOUND);
	assert_int_equal(s.phase, PC_COSMIC);
	assert_int_equal(s.cosmic_matter, 0);
	assert_int_equal(s.local_matter, 0);
}

/* Bounded calls add up to one long run: fast-forward in chunks plays the
 * same game. */
static void test_chunks_equal_one_run(void **state)
{
	(void)state;
	struct pc_state a, b;
	pc_state_init(&a, &pc_real);
	pc_state_init(&b, &pc_real);
	pc_autopilot_run(&a, &pc_real, 5000, MOVES_NORMAL);
	for (int i = 0; i < 50; i++)
		pc_autopilot_run(&b, &pc_real, 100, MOVES_NORMAL);
	assert_memory_equal(&a, &b, sizeof a);
}

/* Memory (compute storage) costs funds, which end with the business
 * phase: no project may ask for more cycles than the one that
 * ends it, or a player could be stuck for good. */
static void test_no_stuck_cycles(void **state)
{
	(void)state;
	uint64_t charter = 0;
	for (unsigned i = 0; i < pc_real.nprojects; i++)
		if (pc_real.project[i].effect == PC_E_AUTONOMOUS)
			charter = pc_real.project[i].ops;
	assert_true(charter > 0);
	for (unsigned i = 0; i < pc_real.nprojects; i++)
		assert_true(pc_real.project[i].ops <= charter);
}

int main(void)
{
	pc_real_load();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_within_an_hour),
		cmocka_unit_test(test_cosmic_floor),
		cmocka_unit_test(test_accelerator_finishes),
		cmocka_unit_test(test_chunks_equal_one_run),
		cmocka_unit_test(test_no_stuck_cycles),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
