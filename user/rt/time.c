/* Time through the process's "timer" capability: the helpers every
 * program wants. Without a timer they answer 0 and return at once. */
#include "capos/time.h"
#include "user/rt/rt.h"

static cap_handle_t rt_timer(void)
{
	static cap_handle_t timer = CAP_HANDLE_NONE;
	if (timer == CAP_HANDLE_NONE)
		timer = rt_cap_find("timer", Timer_IFACE_ID);
	return timer;
}

uint64_t rt_time_now(void)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Timer_now_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(rt_timer(), &c);
	struct capn_msg m;
	Timer_now_Results_r res;
	return Timer_now_results(&m, &c, st, &res) ? 0 : Timer_now_Results_get_ns(res);
}

int32_t rt_sleep_ns(uint64_t ns)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Timer_sleep_prepare(&c, p, sizeof(p), ns);
	capn_call_set_results(&c, r, sizeof(r));
	return rt_call(rt_timer(), &c);
}
