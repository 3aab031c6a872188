/* Runs beside the hostile ring suite: ticks 20 times 5 ms apart and checks
 * its own clock each time. Exits 0 only if it was never disturbed. */
#include "user/rt/rt.h"

int main(void)
{
	uint64_t last = rt_time_now();
	for (int i = 0; i < 20; i++) {
		if (rt_sleep_ns(5000000) < 0)
			return 1;
		uint64_t t = rt_time_now();
		if (t < last + 5000000)
			return 2;
		last = t;
	}
	rt_printf("bystander: 20 ticks, undisturbed\n");
	return 0;
}
