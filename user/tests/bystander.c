/* Runs beside the hostile ring suite: ticks 20 times 5 ms apart and checks
 * its own clock each time. Exits 0 only if it was never disturbed. */
#include "capos/time.h"
#include "user/rt/rt.h"

static uint64_t now(cap_handle_t timer)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(timer, &c);
	struct capn_msg m;
	Timer_now_Results_r r;
	return Timer_now_results(&m, &c, st, &r) ? 0 : Timer_now_Results_get_ns(r);
}

int main(void)
{
	cap_handle_t timer = rt_cap_find("timer", Timer_IFACE_ID);
	uint64_t last = now(timer);
	for (int i = 0; i < 20; i++) {
		uint8_t params[64], results[64];
		struct capn_call c;
		Timer_sleep_prepare(&c, params, sizeof(params), 5000000);
		capn_call_set_results(&c, results, sizeof(results));
		if (rt_call(timer, &c) < 0)
			return 1;
		uint64_t t = now(timer);
		if (t < last + 5000000)
			return 2;
		last = t;
	}
	rt_printf("bystander: 20 ticks, undisturbed\n");
	return 0;
}
