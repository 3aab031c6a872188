/* The Launcher init serves over ProcessSpawner: it starts only the
 * binaries the manifest lists in init.launchable, only with the
 * capabilities the caller sends along (each CapGrant's capability rides
 * on the call and is moved on into the child), and refuses a launch that
 * lacks one of the binary's declared needs, naming it. Each launched
 * process gets a Job: a fresh endpoint init serves, whose client facet is
 * moved to the caller. A Job lives until its process has ended and its
 * status was collected (or its slot is needed for a newer job). */
#include <string.h>
#include "capos/exception.h"
#include "capos/identity.h"
#include "capos/interfaces.h"
#include "capos/ipc.h"
#include "lib/fmt/fmt.h"
#include "user/init/init.h"
#include "user/rt/ipc.h"

static uint8_t launcher_out[1024];

struct launch_ctx {
	struct init *I;
	const struct rt_incoming *in;
	char why[192];
	cap_handle_t job_client;
	uint32_t moved;		/* bit k: capability k went to the child */
};

static uint32_t launcher_exception(const char *msg, uint64_t iface,
				   uint16_t method)
{
	struct capn_builder b;
	capn_build_init(&b, launcher_out, sizeof launcher_out);
	CapException_b e = { capn_b_root(&b, CapException_DATA_WORDS,
					 CapException_PTR_COUNT) };
	CapException_set_type(e, CapException_Type_failed);
	CapException_set_message(e, msg, strlen(msg));
	CapException_set_interfaceId(e, iface);
	CapException_set_methodId(e, method);
	return (uint32_t)capn_build_finish(&b);
}

static void launcher_fail(cap_handle_t ep, const struct rt_incoming *in,
			  const char *why)
{
	uint32_t n = launcher_exception(why, in->hdr->interface_id,
					in->hdr->method);
	rt_return(ep, in->hdr->call_id, launcher_out, n, 0, 0, true);
}

static int launcher_binary(struct init *I, struct capn_text name,
			   Binary_r *out)
{
	Binary_list_r bl = SystemManifest_get_binaries(I->root);
	struct capn_list_r ll = InitConfig_get_launchable(
		SystemManifest_get_init(I->root));
	bool listed = false;
	for (uint32_t i = 0; i < capn_list_len(&ll); i++) {
		struct capn_text t = capn_list_text(&ll, i);
		listed |= t.len == name.len && !memcmp(t.str, name.str, t.len);
	}
	for (uint32_t i = 0; listed && i < Binary_list_len(bl); i++) {
		*out = Binary_list_get(bl, i);
		struct capn_text t = Binary_get_name(*out);
		if (t.len == name.len && !memcmp(t.str, name.str, t.len))
			return 0;
	}
	return ERR_NOT_FOUND;
}

/* Every declared need must be among the grants, with its interface. */
static int launcher_check_needs(Binary_r b, CapGrant_list_r gl, char *why,
				size_t len)
{
	CapNeed_list_r nl = Binary_get_needs(b);
	for (uint32_t i = 0; i < CapNeed_list_len(nl); i++) {
		CapNeed_r need = CapNeed_list_get(nl, i);
		struct capn_text nn = CapNeed_get_name(need);
		struct capn_text in = CapNeed_get_interfaceName(need);
		const struct capos_iface *want = capos_iface_by_name(in.str, in.len);
		bool found = false;
		for (uint32_t j = 0; j < CapGrant_list_len(gl) && !found; j++) {
			CapGrant_r g = CapGrant_list_get(gl, j);
			struct capn_text gn = CapGrant_get_name(g);
			found = gn.len == nn.len && !memcmp(gn.str, nn.str, nn.len) &&
				want && CapGrant_get_interfaceId(g) == want->id;
		}
		if (!found) {
			fmt_snprintf(why, len, "needs %.*s (%.*s), which this "
				     "launch does not grant", (int)nn.len,
				     nn.str, (int)in.len, in.str);
			return ERR_DENIED;
		}
	}
	return 0;
}

/* The grants as spawn grants: each capability moves on into the child. */
static int launcher_grants(struct launch_ctx *x, CapGrant_list_r gl,
			   struct init_grants *g)
{
	*g = (struct init_grants){ .n = CapGrant_list_len(gl) };
	if (g->n > RING_XFER_MAX)
		return ERR_TOO_LARGE;
	for (uint32_t i = 0; i < g->n; i++) {
		CapGrant_r cg = CapGrant_list_get(gl, i);
		uint32_t k = CapGrant_get_cap(cg);
		if (CapGrant_which(cg) != CapGrant_which_cap ||
		    k >= x->in->hdr->ncaps) {
			fmt_snprintf(x->why, sizeof x->why, "grant %u: only "
				     "capabilities can be granted", i);
			return ERR_INVALID;
		}
		init_text(g->names[i], INIT_NAME, CapGrant_get_name(cg));
		g->g[i] = (struct rt_grant){ .name = g->names[i],
					     .cap = x->in->caps[k].handle,
					     .iface = CapGrant_get_interfaceId(cg),
					     .move = true };
	}
	return 0;
}

/* The session to start the child in: none (init's own), or a UserSession
 * that came with the call (copied on to the spawn, which refuses one that
 * is not a live session). */
static int launcher_session(struct launch_ctx *x, Launcher_launch_Params_r p,
			    cap_handle_t *session)
{
	uint32_t k = Launcher_launch_Params_get_session(p);
	*session = CAP_HANDLE_NONE;
	if (!Launcher_launch_Params_has_session(p))
		return 0;
	if (k >= x->in->hdr->ncaps ||
	    x->in->caps[k].interface_id != UserSession_IFACE_ID) {
		fmt_snprintf(x->why, sizeof x->why, "session: not a "
			     "UserSession");
		return ERR_WRONG_INTERFACE;
	}
	*session = x->in->caps[k].handle;
	return 0;
}

static struct init_job *launcher_job_slot(struct init *I)
{
	struct init_job *oldest = 0;
	for (uint32_t i = 0; i < INIT_JOBS; i++) {
		struct init_job *j = &I->jobs[i];
		if (!j->used)
			return j;
		if (j->ended && !j->nwaiters && (!oldest || j->id < oldest->id))
			oldest = j;
	}
	if (oldest)
		rt_release(oldest->ep);	/* its holder sees DISCONNECTED */
	return oldest;
}

static int launcher_launch(void *self, Launcher_launch_Params_r p,
			   Launcher_launch_Results_b r)
{
	struct launch_ctx *x = self;
	struct capn_text bin = Launcher_launch_Params_get_binary(p);
	CapGrant_list_r gl = Launcher_launch_Params_get_grants(p);
	Binary_r b;
	static struct init_grants g;
	cap_handle_t session;
	if (launcher_binary(x->I, bin, &b)) {
		fmt_snprintf(x->why, sizeof x->why, "no launchable binary "
			     "named \"%.*s\"", (int)(bin.len > 40 ? 40 : bin.len),
			     bin.str);
		return ERR_NOT_FOUND;
	}
	int err = launcher_check_needs(b, gl, x->why, sizeof x->why);
	if (err || (err = launcher_grants(x, gl, &g)) ||
	    (err = launcher_session(x, p, &session)))
		return err;
	struct init_job *j = launcher_job_slot(x->I);
	if (!j) {
		fmt_snprintf(x->why, sizeof x->why, "too many jobs (%u)",
			     INIT_JOBS);
		return ERR_QUOTA;
	}
	*j = (struct init_job){ .id = ++x->I->next_job };
	init_text(j->binary, sizeof j->binary, bin);
	const struct rt_spawn_req q = { j->binary, j->binary, g.g, g.n, 0, 0, 0,
					session };
	err = rt_spawn_req(x->I->spawner, &q, &j->proc, 0, 0);
	if (!err) {
		for (uint32_t i = 0; i < g.n; i++)
			x->moved |= 1u << CapGrant_get_cap(CapGrant_list_get(gl, i));
		err = init_job_start(x->I, j, &x->job_client);
	}
	if (err) {
		fmt_snprintf(x->why, sizeof x->why, "cannot start %s: %s",
			     j->binary, capos_strerror(err));
		return err;
	}
	Launcher_launch_Results_set_job(r, 0);
	return 0;
}

static int launcher_list(void *self, Launcher_list_Params_r p,
			 Launcher_list_Results_b r)
{
	struct launch_ctx *x = self;
	struct capn_list_r ll = InitConfig_get_launchable(
		SystemManifest_get_init(x->I->root));
	uint32_t n = capn_list_len(&ll);
	struct capn_list_b out = Launcher_list_Results_init_binaries(r, n);
	for (uint32_t i = 0; i < n; i++) {
		struct capn_text t = capn_list_text(&ll, i);
		capn_lb_text(&out, i, t.str, t.len);
	}
	return 0;
}

static const struct Launcher_server launcher_server = {
	.launch = launcher_launch, .list = launcher_list,
};

/* What came with the call and did not move on is init's to drop. */
static void launcher_release_caps(const struct rt_incoming *in,
				  uint32_t moved)
{
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		if (i >= 32 || !(moved & 1u << i))
			rt_release(in->caps[i].handle);
}

static void launcher_on_call(struct rt_loop *l, void *ctx,
			     const struct rt_incoming *in)
{
	struct init *I = ctx;
	if (in->status < 0)
		return;
	struct launch_ctx x = { .I = I, .in = in,
				.job_client = CAP_HANDLE_NONE };
	struct capn_dispatch d;
	capn_dispatch_init(&d, in->hdr->method, in->params,
			   in->hdr->params_len, launcher_out, sizeof launcher_out);
	int err = Launcher_dispatch(&launcher_server, &x, &d);
	launcher_release_caps(in, x.moved);
	if (err < 0) {
		rt_printf("launch refused: %s\n",
			  x.why[0] ? x.why : capos_strerror(err));
		launcher_fail(I->launcher_ep, in,
			      x.why[0] ? x.why : capos_strerror(err));
		return;
	}
	struct ring_xfer job = { x.job_client, RING_XFER_MOVE, 0 };
	rt_return(I->launcher_ep, in->hdr->call_id, launcher_out,
		  (uint32_t)d.results_len, &job,
		  x.job_client == CAP_HANDLE_NONE ? 0 : 1, false);
}

int init_launcher_create(struct init *I)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	int32_t st = ERR_NOT_FOUND;
	if (I->endpoints == CAP_HANDLE_NONE)
		return st;
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	struct ring_cqe cqe;
	st = rt_call_xfer(I->endpoints, &c, 0, 0, &cqe);
	if (st < 0)
		return st;
	I->launcher_ep = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
	I->launcher_client = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	return I->launcher_ep == CAP_HANDLE_NONE ? ERR_INTERNAL : 0;
}

void init_launcher_serve(struct init *I)
{
	if (I->launcher_ep != CAP_HANDLE_NONE &&
	    rt_loop_serve(&I->loop, I->launcher_ep, I->launcher_in,
			  sizeof I->launcher_in, launcher_on_call, I))
		rt_printf("cannot serve the launcher\n");
}
