/* A service on the libcapos event loop: serves "ep" and ticks a 10 ms
 * timer at the same time. Method 0 echoes; method 1 returns how many
 * ticks it has counted (8 bytes); method 2 stops the loop and exits. */
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/rt/evloop.h"

static uint64_t ticks;
static uint8_t buf[1024];
static cap_handle_t ep;

static void tick(struct rt_loop *l, void *ctx)
{
	ticks++;
	rt_loop_after(l, 10000000, tick, 0);
}

static void on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	if (in->status < 0)
		return;
	uint32_t id = in->hdr->call_id;
	switch (in->hdr->method) {
	case 0: rt_return(ep, id, in->params, in->hdr->params_len, 0, 0, false); break;
	case 1: rt_return(ep, id, &ticks, sizeof(ticks), 0, 0, false); break;
	default:
		rt_return(ep, id, 0, 0, 0, 0, false);
		rt_loop_stop(l);
	}
}

int main(void)
{
	struct rt_loop l;
	ep = rt_cap_find("ep", Endpoint_IFACE_ID);
	rt_loop_init(&l, rt_cap_find("timer", Timer_IFACE_ID));
	rt_loop_after(&l, 10000000, tick, 0);
	rt_loop_serve(&l, ep, buf, sizeof(buf), on_call, 0);
	rt_loop_run(&l);
	return 0;
}
