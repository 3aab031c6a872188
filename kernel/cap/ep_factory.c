/* EndpointFactory: endpoints for a process to serve (a shell's StdIO for
 * a child, init's Launcher and Jobs). Stateless; what bounds it is the
 * caller's capability-slot quota: each endpoint costs two slots (the raw
 * endpoint and one client facet), inserted both or neither. */
#include "capos/ipc.h"
#include "kernel/cap/cap_util.h"
#include "kernel/ipc/endpoint.h"

static int ep_factory_create(void *self, EndpointFactory_create_Params_r p,
			     EndpointFactory_create_Results_b r)
{
	struct cap_call *c = self;
	struct endpoint *ep = endpoint_new();
	if (!ep)
		return ERR_NO_MEMORY;
	uint32_t raw, client;
	int err = cap_call_return_cap(c, CAP_ENDPOINT, Endpoint_IFACE_ID, ep, 0,
				      &raw);
	if (err) {
		endpoint_put(ep, true);
		return err;
	}
	endpoint_get(ep, false);
	err = cap_call_return_cap(c, CAP_EP_CLIENT, ClientEndpoint_IFACE_ID, ep,
				  0, &client);
	if (err) {
		endpoint_put(ep, false);
		cap_call_drop_result_caps(c);	/* drops the raw one too */
		return err;
	}
	EndpointFactory_create_Results_set_endpoint(r, raw);
	EndpointFactory_create_Results_set_client(r, client);
	return 0;
}

static const struct EndpointFactory_server ep_factory_server = {
	.create = ep_factory_create,
};

int ep_factory_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(EndpointFactory, &ep_factory_server, c);
}
