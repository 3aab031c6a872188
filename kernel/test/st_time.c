/* Time self-tests: the monotonic clock never runs backwards and kernel
 * timers never fire before their deadline, in deadline order. */
#include "kernel/arch/arch.h"
#include "kernel/core/selftest.h"
#include "kernel/time/clock.h"
#include "kernel/time/timer.h"

SELFTEST(clock_monotonic_never_backwards)
{
	uint64_t prev = clock_monotonic_ns();
	for (int i = 0; i < 200000; i++) {
		uint64_t now = clock_monotonic_ns();
		ST_CHECK(now >= prev, "monotonic clock went backwards");
		prev = now;
	}
	return 0;
}

#define ST_TIMERS 24

struct st_timer {
	struct ktimer t;
	uint64_t fired_at;
	int order;
};

static struct st_timer st_timers[ST_TIMERS];
static volatile int st_fired;

static void st_timer_fn(struct ktimer *t)
{
	struct st_timer *s = (struct st_timer *)t;
	s->fired_at = clock_monotonic_ns();
	s->order = st_fired++;
}

SELFTEST(timer_never_fires_early)
{
	st_fired = 0;
	uint64_t base = clock_monotonic_ns();
	for (int i = 0; i < ST_TIMERS; i++) {
		/* scrambled deadlines 0.5..12 ms: insertion order != fire order */
		uint64_t d = base + 500000 + (uint64_t)((i * 7) % ST_TIMERS) * 480000;
		timer_arm(&st_timers[i].t, d, st_timer_fn);
	}
	uint64_t give_up = base + 2000000000ull;
	while (st_fired < ST_TIMERS && clock_monotonic_ns() < give_up)
		arch_idle_wait();
	ST_CHECK(st_fired == ST_TIMERS, "not every timer fired within 2 s");
	for (int i = 0; i < ST_TIMERS; i++) {
		ST_CHECK(st_timers[i].fired_at >= st_timers[i].t.deadline,
			 "a timer fired before its deadline");
		for (int j = 0; j < ST_TIMERS; j++)
			ST_CHECK(st_timers[i].t.deadline >= st_timers[j].t.deadline ||
				 st_timers[i].order < st_timers[j].order,
				 "timers fired out of deadline order");
	}
	return 0;
}

SELFTEST(timer_cancel_prevents_firing)
{
	static struct st_timer a, later;
	st_fired = 0;
	uint64_t now = clock_monotonic_ns();
	timer_arm(&a.t, now + 1000000, st_timer_fn);
	timer_arm(&later.t, now + 5000000, st_timer_fn);
	ST_CHECK(timer_cancel(&a.t), "cancel did not find the timer");
	ST_CHECK(!timer_cancel(&a.t), "second cancel found it again");
	while (st_fired == 0 && clock_monotonic_ns() < now + 2000000000ull)
		arch_idle_wait();
	ST_CHECK(st_fired == 1 && later.fired_at, "the later timer did not fire");
	ST_CHECK(a.fired_at == 0, "cancelled timer fired");
	return 0;
}
