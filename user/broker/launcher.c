/* RestrictedShellLauncher: the Launcher a session's shell gets. It
 * decides, changing nothing, then acts:
 *   - the binary must be on the profile's allowlist (refused naming it);
 *   - the caller may not choose a session: children run in this one;
 *   - every grant must be a capability, and neither the interface it is
 *     granted under nor the interface of the capability itself may be
 *     kernel authority the profile may not pass on (lib/ident/allowlist.h;
 *     refused naming the grant and interface);
 * then it forwards to init's Launcher with the same grants (moved on) and
 * the bundle's UserSession, and moves init's Job back to the caller.
 * init still applies its own checks (init.launchable, declared needs) and
 * its refusal text reaches the caller. Launches and refusals are audited
 * (event=launch, reasons not-allowlisted, session-chosen, forbidden-grant,
 * init-refused). */
#include <string.h>
#include "capos/interfaces.h"
#include "lib/fmt/fmt.h"
#include "user/broker/broker.h"
#include "user/rt/ipc.h"

struct rsl_call {
	struct bundle *b;
	const struct rt_incoming *in;
	cap_handle_t job;
	uint32_t granted;	/* bit k: capability k is a grant's */
	uint32_t moved;		/* bit k: capability k went on to init */
	char why[BROKER_WHY];
	char detail[160];
};

static uint8_t rsl_out[512];

static int rsl_refuse(struct rsl_call *x, const char *reason, int err)
{
	broker_audit("launch", "denied", reason, x->detail);
	return err;
}

/* Grant i: a capability this session may pass on, or refused. */
static int rsl_check_grant(struct rsl_call *x, CapGrant_r g, uint32_t i)
{
	struct capn_text name = CapGrant_get_name(g);
	uint32_t k = CapGrant_get_cap(g);
	if (CapGrant_which(g) != CapGrant_which_cap || k >= x->in->hdr->ncaps) {
		fmt_snprintf(x->why, sizeof x->why, "launch refused: grant %u "
			     "(\"%.*s\") is not a capability sent along", i,
			     (int)(name.len > 40 ? 40 : name.len), name.str);
		return ERR_INVALID;
	}
	const char *bad = ident_grant_refused(CapGrant_get_interfaceId(g),
					      x->b->profile);
	if (!bad)
		bad = ident_grant_refused(x->in->caps[k].interface_id,
					  x->b->profile);
	if (!bad)
		return 0;
	int n = (int)(name.len > 40 ? 40 : name.len);
	fmt_snprintf(x->why, sizeof x->why, "launch refused: grant \"%.*s\" is "
		     "a %s, which may not be passed on from this session", n,
		     name.str, bad);
	size_t at = strlen(x->detail);
	fmt_snprintf(x->detail + at, sizeof x->detail - at,
		     " grant=%.*s interface=%s", n, name.str, bad);
	return ERR_DENIED;
}

static int rsl_fill(struct rsl_call *x, Launcher_launch_Params_r p,
		    Launcher_launch_Params_b q, struct ring_xfer *xfer)
{
	CapGrant_list_r gl = Launcher_launch_Params_get_grants(p);
	uint32_t n = CapGrant_list_len(gl);
	struct capn_text bin = Launcher_launch_Params_get_binary(p);
	int err = Launcher_launch_Params_set_binary(q, bin.str, bin.len);
	CapGrant_list_b gb = Launcher_launch_Params_init_grants(q, n);
	for (uint32_t i = 0; i < n && !err; i++) {
		CapGrant_r g = CapGrant_list_get(gl, i);
		CapGrant_b o = CapGrant_list_at(gb, i);
		struct capn_text name = CapGrant_get_name(g);
		err = CapGrant_set_name(o, name.str, name.len);
		CapGrant_set_cap(o, i);
		CapGrant_set_interfaceId(o, CapGrant_get_interfaceId(g));
		CapGrant_set_mode(o, TransferMode_move);
		uint32_t k = CapGrant_get_cap(g);
		xfer[i] = (struct ring_xfer){
			.cap = x->in->caps[k].handle, .mode = RING_XFER_MOVE };
		x->granted |= 1u << k;
	}
	struct capn_list_r al = Launcher_launch_Params_get_args(p);
	uint32_t m = capn_list_len(&al);
	struct capn_list_b ab = Launcher_launch_Params_init_args(q, m);
	for (uint32_t i = 0; i < m && !err; i++) {
		struct capn_text t = capn_list_text(&al, i);
		err = capn_lb_text(&ab, i, t.str, t.len);
	}
	Launcher_launch_Params_set_session(q, n);
	xfer[n] = (struct ring_xfer){ .cap = x->b->session,
				      .mode = RING_XFER_COPY };
	return err;
}

/* Launch through init in this bundle's session; *x->job is init's Job. */
static int rsl_forward(struct rsl_call *x, Launcher_launch_Params_r p)
{
	static uint8_t params[BROKER_EP_IN + 1024], results[512];
	struct ring_xfer xfer[RING_XFER_MAX];
	struct capn_call c;
	struct capn_builder b;
	struct ring_cqe cqe;
	char msg[BROKER_WHY - 16];
	Launcher_launch_Params_b q = Launcher_launch_begin(&c, &b, params,
							   sizeof params);
	int err = rsl_fill(x, p, q, xfer);
	if (!err)
		err = capn_call_seal(&c, &b);
	if (err) {
		fmt_snprintf(x->why, sizeof x->why, "launch: %s",
			     capos_strerror(err));
		return err;
	}
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call_xfer(broker.launcher, &c, xfer, c.ncaps, &cqe);
	// Delivered calls took the grants with them, answered or not.
	if (st >= 0 || st == ERR_APPLICATION_EXCEPTION ||
	    st == ERR_APPLICATION_EXCEPTION_TRUNCATED)
		x->moved = x->granted;
	if (st < 0) {
		fmt_snprintf(x->why, sizeof x->why, "launch: %s",
			     broker_call_error(&c, st, msg, sizeof msg));
		return st;
	}
	x->job = broker_result_cap(&c, &cqe, 0);
	return x->job == CAP_HANDLE_NONE ? ERR_INTERNAL : 0;
}

static int rsl_launch(void *self, Launcher_launch_Params_r p,
		      Launcher_launch_Results_b r)
{
	struct rsl_call *x = self;
	struct capn_text bin = Launcher_launch_Params_get_binary(p);
	int bn = (int)(bin.len > 40 ? 40 : bin.len);
	fmt_snprintf(x->detail, sizeof x->detail, "binary=%.*s", bn, bin.str);
	if (!ident_allowlist_has(&broker.allow[x->b->profile], bin.str,
				 bin.len)) {
		fmt_snprintf(x->why, sizeof x->why, "launch refused: \"%.*s\" "
			     "is not a binary this session may start", bn,
			     bin.str);
		return rsl_refuse(x, "not-allowlisted", ERR_DENIED);
	}
	if (Launcher_launch_Params_has_session(p)) {
		fmt_snprintf(x->why, sizeof x->why, "launch refused: children "
			     "start in this launcher's session; pass none");
		return rsl_refuse(x, "session-chosen", ERR_DENIED);
	}
	CapGrant_list_r gl = Launcher_launch_Params_get_grants(p);
	uint32_t n = CapGrant_list_len(gl);
	if (n + 1 > RING_XFER_MAX) {
		fmt_snprintf(x->why, sizeof x->why, "launch refused: at most "
			     "%u grants", RING_XFER_MAX - 1);
		return rsl_refuse(x, "too-many-grants", ERR_TOO_LARGE);
	}
	for (uint32_t i = 0; i < n; i++) {
		int err = rsl_check_grant(x, CapGrant_list_get(gl, i), i);
		if (err)
			return rsl_refuse(x, "forbidden-grant", err);
	}
	int err = rsl_forward(x, p);
	if (err)
		return rsl_refuse(x, "init-refused", err);
	broker_audit("launch", "success", "ok", x->detail);
	Launcher_launch_Results_set_job(r, 0);
	return 0;
}

static int rsl_list(void *self, Launcher_list_Params_r p,
		    Launcher_list_Results_b r)
{
	struct rsl_call *x = self;
	const struct ident_allowlist *a = &broker.allow[x->b->profile];
	struct capn_list_b out = Launcher_list_Results_init_binaries(r, a->n);
	int err = 0;
	for (uint32_t i = 0; i < a->n && !err; i++)
		err = capn_lb_text(&out, i, a->name[i], strlen(a->name[i]));
	return err;
}

static const struct Launcher_server rsl_server = {
	.launch = rsl_launch, .list = rsl_list,
};

void rsl_serve(struct bundle_ep *e, const struct rt_incoming *in)
{
	struct rsl_call x = { .b = e->b, .in = in, .job = CAP_HANDLE_NONE };
	struct capn_dispatch d;
	capn_dispatch_init(&d, in->hdr->method, in->params, in->hdr->params_len,
			   rsl_out, sizeof rsl_out);
	int err = Launcher_dispatch(&rsl_server, &x, &d);
	// What came along and did not go on to init is ours to drop.
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		if (i >= 32 || !(x.moved & 1u << i))
			rt_release(in->caps[i].handle);
	if (err < 0) {
		broker_drop(x.job);
		rt_return_exception(e->ep, in, x.why[0] ? x.why
						  : capos_strerror(err));
		return;
	}
	struct ring_xfer job = { .cap = x.job, .mode = RING_XFER_MOVE };
	bool give = x.job != CAP_HANDLE_NONE;	/* launch, not list */
	if (rt_return(e->ep, in->hdr->call_id, rsl_out, (uint32_t)d.results_len,
		      &job, give ? 1 : 0, false) < 0)
		broker_drop(x.job);
}
