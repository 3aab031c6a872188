/* The main thread leaves first; the process ends when its other thread
 * exits, with that thread's code (7). */
#include "capos/time.h"
#include "user/rt/thread.h"
#include "user/rt/rt.h"

static struct rt_thread worker;

static void late(void *arg)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Timer_sleep_prepare(&c, p, sizeof(p), 20000000);
	capn_call_set_results(&c, r, sizeof(r));
	rt_call(rt_cap_find("timer", Timer_IFACE_ID), &c);
	rt_thread_exit(7);
}

int main(void)
{
	if (rt_thread_start(&worker, late, 0))
		return 1;
	rt_release(worker.handle);	/* detached */
	rt_thread_exit(0);
}
