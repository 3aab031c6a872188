/* capracetest: the capability table under concurrent change, run as init
 * on two CPUs. The main thread calls Timer.now without pause, which looks
 * the Timer up without the process lock (a singleton: the table's
 * seqcount vouches for the copy, lib/cap/captable.h), and now and then
 * calls through a handle released before the race began. A second thread
 * meanwhile fills and empties the table: EndpointFactory.create (two
 * capabilities in), then RELEASE of both, so the released handle's slot
 * is handed out again and again. Every Timer.now must answer, in order;
 * every call on the released handle must be refused as stale; nothing
 * may fault. */
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/rt/thread.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("capracetest")

#define CHURN 400	/* create-and-release cycles */
#define MIN_CALLS 2000	/* Timer.now calls, at least */

static cap_handle_t timer, factory;
static struct rt_thread churner;
static volatile uint32_t churn_done, churn_cycles, churn_errors;

static bool create_pair(cap_handle_t *ep, cap_handle_t *client)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	EndpointFactory_create_Results_r res;
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(factory, &c, 0, 0, &cqe);
	if (EndpointFactory_create_results(&m, &c, st, &res))
		return false;
	*ep = rt_result_cap(&c, &cqe,
			    EndpointFactory_create_Results_get_endpoint(res),
			    Endpoint_IFACE_ID);
	*client = rt_result_cap(&c, &cqe,
				EndpointFactory_create_Results_get_client(res),
				ClientEndpoint_IFACE_ID);
	return *ep != CAP_HANDLE_NONE && *client != CAP_HANDLE_NONE;
}

static void churn(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < CHURN; i++) {
		cap_handle_t ep, client;
		if (!create_pair(&ep, &client) || rt_release(client) ||
		    rt_release(ep))
			churn_errors++;
		churn_cycles++;
	}
	__atomic_store_n(&churn_done, 1, __ATOMIC_RELEASE);
}

static int32_t timer_now(cap_handle_t h, uint64_t *ns)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	struct capn_msg m;
	Timer_now_Results_r res;
	Timer_now_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(h, &c);
	if (st >= 0 && Timer_now_results(&m, &c, st, &res))
		return ERR_INTERNAL;
	if (st >= 0)
		*ns = Timer_now_Results_get_ns(res);
	return st;
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	factory = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	cap_handle_t ep, stale;
	bool made = create_pair(&ep, &stale) && !rt_release(stale);
	CHECK("setup", made && timer != CAP_HANDLE_NONE,
	      "no timer, or no endpoint to release");
	if (!made || rt_thread_start(&churner, churn, 0) < 0)
		return tcheck_summary();
	uint64_t calls = 0, failed = 0, backwards = 0, last = 0;
	uint64_t stale_refused = 0, stale_other = 0;
	int32_t other = 0;
	while (!__atomic_load_n(&churn_done, __ATOMIC_ACQUIRE) ||
	       calls < MIN_CALLS) {
		uint64_t ns = 0;
		int32_t st = timer_now(timer, &ns);
		if (st < 0)
			failed++;
		else if (ns < last)
			backwards++;
		else
			last = ns;
		if (++calls % 16)
			continue;
		st = timer_now(stale, &ns);
		if (st == ERR_STALE_HANDLE)
			stale_refused++;
		else
			stale_other++, other = st;
	}
	rt_thread_join(&churner);
	CHECK("churn_completed", churn_cycles == CHURN && !churn_errors,
	      "%u of %u cycles, %u errors", churn_cycles, CHURN, churn_errors);
	CHECK("timer_calls_all_answered", !failed, "%lu of %lu failed",
	      failed, calls);
	CHECK("timer_monotonic", !backwards, "%lu answers went back in time",
	      backwards);
	CHECK("released_handle_refused", stale_refused && !stale_other,
	      "%lu refused as stale, %lu otherwise (last %d)", stale_refused,
	      stale_other, other);
	rt_printf("capracetest: %lu Timer.now calls over %u table changes\n",
		  calls, 2 * 2 * churn_cycles);
	return tcheck_summary();
}
