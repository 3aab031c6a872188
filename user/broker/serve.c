/* The per-session endpoints of a bundle: SystemInfo, the AuditReader
 * pass-through, and (launcher.c) the RestrictedShellLauncher. A call is
 * answered only while its bundle lives; the endpoint's interface is the
 * one the broker serves on it, whatever facet type the caller holds. */
#include <string.h>
#include "capos/exception.h"
#include "user/broker/broker.h"
#include "user/rt/ipc.h"

static int sysinfo_motd(void *self, SystemInfo_motd_Params_r p,
			SystemInfo_motd_Results_b r)
{
	return SystemInfo_motd_Results_set_text(r, broker.motd,
						strlen(broker.motd));
}

static const struct SystemInfo_server sysinfo_server = {
	.motd = sysinfo_motd,
};

static void sysinfo_serve(struct bundle_ep *e, const struct rt_incoming *in)
{
	static uint8_t out[SystemManifest_maxMotd + 256];
	RT_SERVE(SystemInfo, &sysinfo_server, 0, e->ep, in, out, sizeof out);
}

/* AuditReader.read, passed on as it came; the audit service checks it. */
static void audit_serve(struct bundle_ep *e, const struct rt_incoming *in)
{
	static uint8_t out[32768];
	char msg[160];
	if (in->hdr->method != AuditReader_read_METHOD) {
		rt_return_exception(e->ep, in, "AuditReader: no such method");
		return;
	}
	struct capn_call c = {
		.interface_id = AuditReader_IFACE_ID, .method = in->hdr->method,
		.params = in->params, .params_len = in->hdr->params_len,
	};
	capn_call_set_results(&c, out, sizeof out);
	int32_t st = rt_call(broker.reader, &c);
	if (st < 0)
		rt_return_exception(e->ep, in, broker_call_error(&c, st, msg,
								 sizeof msg));
	else
		rt_return(e->ep, in->hdr->call_id, out, (uint32_t)st, 0, 0,
			  false);
}

/* A RECV that fails ends the endpoint for good (the loop drops it): when
 * that was not our doing, close it so its callers learn at once. */
static void bundle_ep_failed(struct bundle_ep *e, int32_t status)
{
	struct bundle *b = e->b;
	e->armed = false;
	if (!b->ended && e->ep != CAP_HANDLE_NONE) {
		rt_printf("bundle %u: endpoint failed (%s): closed\n", b->id,
			  capos_strerror(status));
		rt_release(e->ep);
		e->ep = CAP_HANDLE_NONE;
	}
	bundle_maybe_free(b);
}

void bundle_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	struct bundle_ep *e = ctx;
	if (in->status < 0) {
		bundle_ep_failed(e, in->status);
		return;
	}
	if (e->b->ended || e->ep == CAP_HANDLE_NONE) {
		// Taken before the end; closing the endpoint failed the call.
		for (uint32_t i = 0; i < in->hdr->ncaps; i++)
			rt_release(in->caps[i].handle);
		return;
	}
	if (e->kind == BCAP_LAUNCHER) {
		rsl_serve(e, in);
		return;
	}
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	if (e->kind == BCAP_SYSINFO)
		sysinfo_serve(e, in);
	else
		audit_serve(e, in);
}
