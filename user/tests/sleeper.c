/* Sleeps far longer than any test waits: a child to kill. */
#include "capos/time.h"
#include "user/rt/rt.h"

int main(void)
{
	cap_handle_t timer = rt_cap_find("timer", Timer_IFACE_ID);
	uint8_t params[64], results[64];
	struct capn_call c;
	Timer_sleep_prepare(&c, params, sizeof(params), 60000000000ull);
	capn_call_set_results(&c, results, sizeof(results));
	rt_call(timer, &c);
	return 3;
}
