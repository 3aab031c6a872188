/* ParkSpace: the capability form of PARK/UNPARK, plus requeue. Acts on
 * the caller's own process, like VirtualMemory. */
#include "capos/thread.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/park.h"
#include "kernel/proc/process.h"

static int ps_park(void *self, ParkSpace_park_Params_r p,
		   ParkSpace_park_Results_b r)
{
	struct cap_call *c = self;
	int res = park_wait(c->t, ParkSpace_park_Params_get_addr(p),
			    ParkSpace_park_Params_get_expected(p),
			    ParkSpace_park_Params_get_timeoutNs(p), c->user_data,
			    c->result_addr, c->result_len, true);
	if (res == CAP_PENDING || res < 0)
		return res;
	ParkSpace_park_Results_set_result(r, (ParkSpace_Wake)res);
	return 0;
}

static int ps_unpark(void *self, ParkSpace_unpark_Params_r p,
		     ParkSpace_unpark_Results_b r)
{
	struct cap_call *c = self;
	int n = park_wake(c->t->proc, ParkSpace_unpark_Params_get_addr(p),
			  ParkSpace_unpark_Params_get_count(p));
	if (n < 0)
		return n;
	ParkSpace_unpark_Results_set_woken(r, (uint32_t)n);
	return 0;
}

static int ps_requeue(void *self, ParkSpace_requeue_Params_r p,
		      ParkSpace_requeue_Results_b r)
{
	struct cap_call *c = self;
	uint32_t moved;
	int n = park_requeue(c->t->proc, ParkSpace_requeue_Params_get_from(p),
			     ParkSpace_requeue_Params_get_to(p),
			     ParkSpace_requeue_Params_get_wake(p),
			     ParkSpace_requeue_Params_get_move(p), &moved);
	if (n < 0)
		return n;
	ParkSpace_requeue_Results_set_woken(r, (uint32_t)n);
	ParkSpace_requeue_Results_set_moved(r, moved);
	return 0;
}

static const struct ParkSpace_server ps_server = {
	.park = ps_park, .unpark = ps_unpark, .requeue = ps_requeue,
};

int parkspace_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ParkSpace, &ps_server, c);
}
