/* The Endpoint interface on a raw endpoint: make client facets, revoke
 * them all. Calls on a client facet never come here: the ring layer
 * forwards them to the server (kernel/ipc/endpoint.c). */
#include "capos/ipc.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/endpoint.h"

static struct endpoint *ep_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static int ep_client(void *self, Endpoint_client_Params_r p,
		     Endpoint_client_Results_b r)
{
	struct endpoint *ep = ep_self(self);
	uint32_t idx;
	endpoint_get(ep, false);
	int err = cap_call_return_cap(self, CAP_EP_CLIENT, ClientEndpoint_IFACE_ID,
				      ep, 0, &idx);
	if (err)
		endpoint_put(ep, false);
	else
		Endpoint_client_Results_set_client(r, idx);
	return err;
}

static int ep_revoke(void *self, Endpoint_revoke_Params_r p,
		     Endpoint_revoke_Results_b r)
{
	endpoint_revoke(ep_self(self));
	return 0;
}

static const struct Endpoint_server ep_server = {
	.client = ep_client, .revoke = ep_revoke,
};

int endpoint_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(Endpoint, &ep_server, c);
}
