/* expirytest_child: started by expirytest, through the operator's
 * restricted launcher, in alice's short-lived session, holding only a
 * Timer ("timer"). It calls Timer.now every 20 ms until a call fails.
 * Once its session has ended it cannot print (Console would be a call,
 * and it holds none), so its exit code says what happened:
 *   0  calls worked, then one failed with ERR_REVOKED
 *   1  the very first call failed
 *   2  a call failed with another error
 *   3  still working after 10 s */
#include "capos/err.h"
#include "capos/time.h"
#include "user/rt/rt.h"

static int32_t timer_now(cap_handle_t t)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Timer_now_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	return rt_call(t, &c);
}

int main(void)
{
	cap_handle_t t = rt_cap_find("timer", Timer_IFACE_ID);
	uint32_t ok = 0;
	int32_t st = 0;
	for (int i = 0; i < 500 && st >= 0; i++) {
		st = timer_now(t);
		if (st >= 0) {
			ok++;
			st = rt_sleep_ns(20000000ull);
		}
	}
	if (st >= 0)
		return 3;
	if (!ok)
		return 1;
	return st == ERR_REVOKED ? 0 : 2;
}
