/* AuthorityBroker.bundle: check the session with the kernel, make and
 * serve the profile's endpoints, watch the session's end, and hand the
 * client facets out. Also the end of a bundle: revoke, close, free. */
#include <string.h>
#include "capos/ipc.h"
#include "lib/fmt/fmt.h"
#include "user/broker/broker.h"
#include "user/rt/ipc.h"

static uint8_t broker_out[2048];

static const char *const bcap_name[BCAP_COUNT] = {
	[BCAP_LAUNCHER] = "launcher", [BCAP_SYSINFO] = "systemInfo",
	[BCAP_AUDIT] = "audit",
};
static const char *const bcap_iface[BCAP_COUNT] = {
	[BCAP_LAUNCHER] = "Launcher", [BCAP_SYSINFO] = "SystemInfo",
	[BCAP_AUDIT] = "AuditReader",
};

struct bcall {
	const struct rt_incoming *in;
	struct bundle *b;	/* the bundle made for this call */
	cap_handle_t clients[BCAP_COUNT];
	uint32_t n;
	char why[BROKER_WHY];
};

/* A profile's bundle, in the order it is returned. */
static uint32_t bundle_kinds(Profile p, enum bcap *k)
{
	switch (p) {
	case Profile_anonymous:
		k[0] = BCAP_SYSINFO;
		return 1;
	case Profile_guest:
		k[0] = BCAP_SYSINFO, k[1] = BCAP_LAUNCHER;
		return 2;
	case Profile_operator:
		k[0] = BCAP_LAUNCHER, k[1] = BCAP_SYSINFO, k[2] = BCAP_AUDIT;
		return 3;
	case Profile_system:
	default:
		return 0;
	}
}

static struct bundle *bundle_slot(void)
{
	for (uint32_t i = 0; i < BROKER_BUNDLES; i++)
		if (!broker.bundles[i].used)
			return &broker.bundles[i];
	return 0;
}

void bundle_maybe_free(struct bundle *b)
{
	if (!b->used || !b->ended || b->watching)
		return;
	for (uint32_t i = 0; i < BCAP_COUNT; i++)
		if (b->eps[i].armed)
			return;
	broker_drop(b->session);
	b->session = CAP_HANDLE_NONE;
	b->used = false;
}

/* Revoke first, so every facet fails at once (queued calls included);
 * closing then fails the calls already taken and ends our RECVs. */
void bundle_end(struct bundle *b)
{
	if (b->ended)
		return;
	b->ended = true;
	for (uint32_t i = 0; i < BCAP_COUNT; i++) {
		struct bundle_ep *e = &b->eps[i];
		if (e->ep == CAP_HANDLE_NONE)
			continue;
		broker_revoke(e->ep);
		rt_release(e->ep);
		e->ep = CAP_HANDLE_NONE;
	}
}

static void bundle_session_ended(struct rt_loop *l, void *ctx,
				 const struct ring_cqe *cqe)
{
	struct bundle *b = ctx;
	b->watching = false;
	rt_printf("bundle %u: session ended (%s): revoked\n", b->id,
		  cqe->result < 0 ? capos_strerror(cqe->result) : "waitEnd");
	bundle_end(b);
	bundle_maybe_free(b);
}

static int bundle_watch(struct bundle *b)
{
	struct capn_call *c = &b->wait_call;
	UserSession_waitEnd_prepare(c, b->wait_params, sizeof b->wait_params);
	capn_call_set_results(c, b->wait_results, sizeof b->wait_results);
	int err = rt_loop_call(&broker.loop, b->session, c, 0, 0,
			       bundle_session_ended, b);
	b->watching = !err;
	return err;
}

static int bundle_ep_make(struct bundle *b, enum bcap kind,
			  cap_handle_t *client)
{
	struct bundle_ep *e = &b->eps[kind];
	cap_handle_t ep;
	int err = broker_endpoint(&ep, client);
	if (err)
		return err;
	e->b = b;
	e->kind = kind;
	e->ep = ep;
	err = rt_loop_serve(&broker.loop, ep, e->in, sizeof e->in,
			    bundle_on_call, e);
	if (err) {
		rt_release(*client);
		*client = CAP_HANDLE_NONE;
		return err;	/* bundle_end closes e->ep */
	}
	e->armed = true;
	return 0;
}

/* Make b's endpoints and watch its session; on failure b is ended. */
static int bundle_make(struct bcall *x, struct bundle *b, cap_handle_t session,
		       Profile profile)
{
	enum bcap kinds[BCAP_COUNT];
	*b = (struct bundle){ .used = true, .id = ++broker.next_id,
			      .profile = profile, .session = session };
	for (uint32_t i = 0; i < BCAP_COUNT; i++)
		b->eps[i].ep = CAP_HANDLE_NONE;
	x->n = bundle_kinds(profile, kinds);
	int err = 0;
	for (uint32_t i = 0; i < x->n && !err; i++)
		err = bundle_ep_make(b, kinds[i], &x->clients[i]);
	if (!err)
		err = bundle_watch(b);
	if (err) {
		for (uint32_t i = 0; i < x->n; i++)
			broker_drop(x->clients[i]);
		x->n = 0;
		fmt_snprintf(x->why, sizeof x->why, "bundle: cannot make its "
			     "endpoints: %s", capos_strerror(err));
		b->session = CAP_HANDLE_NONE;	/* still the call's to drop */
		bundle_end(b);
		bundle_maybe_free(b);
		return err;
	}
	x->b = b;
	return 0;
}

static void bundle_named(NamedCap_list_b l, uint32_t i, const char *n,
			 const char *f)
{
	NamedCap_b nc = NamedCap_list_at(l, i);
	NamedCap_set_name(nc, n, strlen(n));
	NamedCap_set_interfaceName(nc, f, strlen(f));
	NamedCap_set_cap(nc, i);
}

/* The endpoints first, then the profile's resident services. */
static void bundle_results(struct bcall *x, AuthorityBroker_bundle_Results_b r)
{
	enum bcap kinds[BCAP_COUNT];
	Profile p = x->b->profile;
	bundle_kinds(p, kinds);
	NamedCap_list_b l = AuthorityBroker_bundle_Results_init_caps(
		r, x->n + broker.nsvc[p]);
	for (uint32_t i = 0; i < x->n; i++)
		bundle_named(l, i, bcap_name[kinds[i]], bcap_iface[kinds[i]]);
	for (uint32_t j = 0; j < broker.nsvc[p]; j++)
		bundle_named(l, x->n + j, broker.svcs[p][j].name,
			     broker.svcs[p][j].iface);
}

static int broker_bundle(void *self, AuthorityBroker_bundle_Params_r p,
			 AuthorityBroker_bundle_Results_b r)
{
	struct bcall *x = self;
	uint32_t k = AuthorityBroker_bundle_Params_get_session(p);
	// The profile comes from the kernel's answer, never from the caller.
	if (k >= x->in->hdr->ncaps ||
	    x->in->caps[k].interface_id != UserSession_IFACE_ID) {
		fmt_snprintf(x->why, sizeof x->why, "bundle: session is not a "
			     "UserSession");
		return ERR_WRONG_INTERFACE;
	}
	cap_handle_t s = x->in->caps[k].handle;
	Profile profile;
	bool live;
	int err = broker_session_info(s, &profile, &live);
	if (err || !live) {
		fmt_snprintf(x->why, sizeof x->why, "bundle: %s", err ?
			     capos_strerror(err) : "the session has ended");
		return err ? err : ERR_REVOKED;
	}
	enum bcap kinds[BCAP_COUNT];
	if (!bundle_kinds(profile, kinds)) {
		fmt_snprintf(x->why, sizeof x->why, "bundle: the system "
			     "session has no bundle");
		return ERR_DENIED;
	}
	struct bundle *b = bundle_slot();
	if (!b) {
		fmt_snprintf(x->why, sizeof x->why, "bundle: too many live "
			     "bundles (%u)", BROKER_BUNDLES);
		return ERR_QUOTA;
	}
	if ((err = bundle_make(x, b, s, profile)))
		return err;
	bundle_results(x, r);
	return 0;
}

static const struct AuthorityBroker_server broker_server = {
	.bundle = broker_bundle,
};

/* Give the facets to the caller; if it cannot take them, the bundle
 * ends at once. */
static void broker_give(cap_handle_t ep, const struct rt_incoming *in,
			struct bcall *x, size_t len)
{
	struct ring_xfer xfer[BCAP_COUNT + BROKER_SVCS];
	Profile p = x->b->profile;
	for (uint32_t i = 0; i < x->n; i++)
		xfer[i] = (struct ring_xfer){
			.cap = x->clients[i], .mode = RING_XFER_MOVE,
			.scope = RING_XFER_SCOPE_SAME_SESSION };
	for (uint32_t j = 0; j < broker.nsvc[p]; j++)
		xfer[x->n + j] = (struct ring_xfer){
			.cap = broker.svcs[p][j].h, .mode = RING_XFER_COPY,
			.scope = RING_XFER_SCOPE_SHAREABLE };
	uint32_t n = x->n + broker.nsvc[p];
	int32_t st = rt_return(ep, in->hdr->call_id, broker_out, (uint32_t)len,
			       xfer, n, false);
	if (st >= 0) {
		rt_printf("bundle %u: %s, %u capabilities\n", x->b->id,
			  Profile_name_of(p), n);
		return;
	}
	rt_printf("bundle %u: cannot hand it out: %s\n", x->b->id,
		  capos_strerror(st));
	for (uint32_t i = 0; i < x->n; i++)
		rt_release(x->clients[i]);
	bundle_end(x->b);
	bundle_maybe_free(x->b);
}

void broker_on_call(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	if (in->status < 0) {
		rt_printf("broker endpoint failed: %s\n",
			  capos_strerror(in->status));
		return;
	}
	struct bcall x = { .in = in };
	struct capn_dispatch d;
	capn_dispatch_init(&d, in->hdr->method, in->params, in->hdr->params_len,
			   broker_out, sizeof broker_out);
	int err = AuthorityBroker_dispatch(&broker_server, &x, &d);
	cap_handle_t kept = x.b ? x.b->session : CAP_HANDLE_NONE;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		if (in->caps[i].handle != kept)
			rt_release(in->caps[i].handle);
	if (err < 0) {
		if (x.b) {	/* framing failed after the bundle was made */
			for (uint32_t i = 0; i < x.n; i++)
				rt_release(x.clients[i]);
			bundle_end(x.b);
			bundle_maybe_free(x.b);
		}
		rt_return_exception(broker.ep, in,
				    x.why[0] ? x.why : capos_strerror(err));
		return;
	}
	broker_give(broker.ep, in, &x, d.results_len);
}
