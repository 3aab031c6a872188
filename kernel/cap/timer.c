/* Timer: monotonic and wall-clock time, and sleeps that complete through
 * the ring. A sleep holds one pending operation (and so one reserved
 * completion slot) on the calling thread until its kernel timer fires or
 * it is cancelled. Sleeps are bounded by Timer.maxSleepNs. */
#include "capos/err.h"
#include "capos/time.h"
#include "kernel/cap/cap.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/heap.h"
#include "kernel/time/clock.h"

static int timer_now(void *self, Timer_now_Params_r params,
		     Timer_now_Results_b results)
{
	Timer_now_Results_set_ns(results, clock_monotonic_ns());
	return 0;
}

static int timer_wall_clock(void *self, Timer_wallClock_Params_r params,
			    Timer_wallClock_Results_b results)
{
	Timer_wallClock_Results_set_unixNs(results, clock_wall_ns());
	return 0;
}

static void timer_sleep_fired(struct ktimer *k)
{
	struct ring_pending *op = (struct ring_pending *)((char *)k -
		offsetof(struct ring_pending, timer));
	if (ring_pending_complete(op, 0))
		ring_pending_put(op);	/* the pending list's reference */
	ring_pending_put(op);		/* the armed timer's reference */
}

static void timer_sleep_cancel(struct ring_pending *op)
{
	if (timer_cancel(&op->timer))
		ring_pending_put(op);	/* the timer will not run: its ref */
}

static int timer_sleep_until(struct cap_call *c, uint64_t deadline)
{
	uint64_t now = clock_monotonic_ns();
	if (deadline > now && deadline - now > Timer_maxSleepNs)
		return ERR_TOO_LARGE;
	int err;
	struct ring_pending *op = ring_pending_new(c->t, c->user_data,
						   LEDGER_TIMERS, &err);
	if (!op)
		return err;
	op->cancel = timer_sleep_cancel;
	op->refs = 2;		/* the pending list + the armed timer */
	ring_pending_add(op);
	timer_arm(&op->timer, deadline, timer_sleep_fired);
	return CAP_PENDING;
}

static int timer_sleep(void *self, Timer_sleep_Params_r params,
		       Timer_sleep_Results_b results)
{
	uint64_t ns = Timer_sleep_Params_get_ns(params);
	if (ns > Timer_maxSleepNs)
		return ERR_TOO_LARGE;
	return timer_sleep_until(self, clock_monotonic_ns() + ns);
}

static int timer_sleep_until_m(void *self, Timer_sleepUntil_Params_r params,
			       Timer_sleepUntil_Results_b results)
{
	return timer_sleep_until(self, Timer_sleepUntil_Params_get_deadlineNs(params));
}

static const struct Timer_server timer_server = {
	.now = timer_now,
	.wallClock = timer_wall_clock,
	.sleep = timer_sleep,
	.sleepUntil = timer_sleep_until_m,
};

int timer_invoke(struct cap_call *c)
{
	struct capn_dispatch d;
	capn_dispatch_init(&d, c->method, c->params, c->params_len, c->results,
			   c->results_cap);
	int r = Timer_dispatch(&timer_server, c, &d);
	if (r == CAP_PENDING)
		return r;
	return r < 0 ? r : (int)d.results_len;
}
