/* Starting and watching child processes through ProcessSpawner and
 * ProcessHandle, in the shape a shell or init wants. */
#include <string.h>
#include "capos/ipc.h"
#include "capos/process.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"
#include "lib/ring/sqe.h"

static void spawn_fill_args(ProcessSpawner_spawn_Params_b p,
			    const char *const *argv, uint32_t argc)
{
	if (!argc)
		return;
	struct capn_list_b al = ProcessSpawner_spawn_Params_init_args(p, argc);
	for (uint32_t i = 0; i < argc; i++)
		capn_lb_text(&al, i, argv[i], strlen(argv[i]));
}

static void spawn_fill(ProcessSpawner_spawn_Params_b p, const char *name,
		       const char *binary, const struct rt_grant *g, uint32_t n,
		       const struct rt_limits *lim)
{
	ProcessSpawner_spawn_Params_set_name(p, name, strlen(name));
	ProcessSpawner_spawn_Params_set_binary(p, binary, strlen(binary));
	CapGrant_list_b gl = ProcessSpawner_spawn_Params_init_grants(p, n);
	for (uint32_t i = 0; i < n; i++) {
		CapGrant_b e = CapGrant_list_at(gl, i);
		CapGrant_set_name(e, g[i].name, strlen(g[i].name));
		if (g[i].new_endpoint)
			CapGrant_set_newEndpoint(e);
		else
			CapGrant_set_cap(e, i);
		CapGrant_set_interfaceId(e, g[i].iface);
		CapGrant_set_mode(e, g[i].move ? TransferMode_move : TransferMode_copy);
	}
	ProcessLimits_b l = ProcessSpawner_spawn_Params_init_limits(p);
	if (lim) {
		ProcessLimits_set_capSlots(l, lim->cap_slots);
		ProcessLimits_set_pages(l, lim->pages);
		ProcessLimits_set_threads(l, lim->threads);
		ProcessLimits_set_callsInFlight(l, lim->calls);
		ProcessLimits_set_timers(l, lim->timers);
	}
}

int32_t rt_spawn(cap_handle_t spawner, const char *name, const char *binary,
		 const struct rt_grant *g, uint32_t n,
		 const struct rt_limits *lim, cap_handle_t *handle)
{
	return rt_spawn_facets(spawner, name, binary, g, n, lim, handle, 0, 0);
}

int32_t rt_spawn_facets(cap_handle_t spawner, const char *name,
			const char *binary, const struct rt_grant *g, uint32_t n,
			const struct rt_limits *lim, cap_handle_t *handle,
			cap_handle_t *facets, uint32_t nfacets)
{
	const struct rt_spawn_req q = { name, binary, g, n, lim, 0, 0,
					CAP_HANDLE_NONE };
	return rt_spawn_req(spawner, &q, handle, facets, nfacets);
}

int32_t rt_spawn_req(cap_handle_t spawner, const struct rt_spawn_req *q,
		     cap_handle_t *handle, cap_handle_t *facets,
		     uint32_t nfacets)
{
	static uint8_t params[8192], results[1024];
	struct ring_xfer xfer[RING_XFER_MAX];
	struct capn_call c;
	struct capn_builder b;
	uint32_t n = q->n;
	const struct rt_grant *g = q->grants;
	bool in_session = q->session && q->session != CAP_HANDLE_NONE;
	if (n + in_session > RING_XFER_MAX)
		return ERR_TOO_LARGE;
	ProcessSpawner_spawn_Params_b p = ProcessSpawner_spawn_begin(&c, &b, params,
								      sizeof(params));
	spawn_fill(p, q->name, q->binary, g, n, q->limits);
	spawn_fill_args(p, q->argv, q->argc);
	if (in_session)		/* the descriptor after the grants' */
		ProcessSpawner_spawn_Params_set_session(p, n);
	int err = capn_call_seal(&c, &b);
	if (err)
		return err;
	for (uint32_t i = 0; i < n; i++)
		xfer[i] = (struct ring_xfer){ g[i].cap, g[i].move ? RING_XFER_MOVE
							: RING_XFER_COPY, 0 };
	uint32_t nx = n;
	if (q->session && q->session != CAP_HANDLE_NONE)
		xfer[nx++] = (struct ring_xfer){ q->session, RING_XFER_COPY, 0 };
	capn_call_set_results(&c, results, sizeof(results));
	struct ring_cqe cqe;
	int32_t st = rt_call_xfer(spawner, &c, xfer, nx, &cqe);
	if (st < 0)
		return st;
	*handle = rt_result_cap(&c, &cqe, 0, ProcessHandle_IFACE_ID);
	for (uint32_t i = 0; i < nfacets; i++)
		facets[i] = rt_result_cap(&c, &cqe, i + 1, ClientEndpoint_IFACE_ID);
	return *handle == CAP_HANDLE_NONE ? ERR_INTERNAL : 0;
}

int32_t rt_proc_wait(cap_handle_t handle, struct rt_exit *out)
{
	static uint8_t params[64], results[256];
	struct capn_call c;
	ProcessHandle_wait_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(handle, &c);
	struct capn_msg m;
	ProcessHandle_wait_Results_r r;
	if (ProcessHandle_wait_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	ExitStatus_r s = ProcessHandle_wait_Results_get_status(r);
	*out = (struct rt_exit){ .kind = (int)ExitStatus_which(s) };
	if (out->kind == RT_EXIT_CODE)
		out->code = ExitStatus_get_exited(s);
	if (out->kind == RT_EXIT_FAULT) {
		Fault_r f = ExitStatus_get_faulted(s);
		out->vector = Fault_get_vector(f);
		out->addr = Fault_get_address(f);
	}
	return 0;
}

int32_t rt_proc_kill(cap_handle_t handle)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	ProcessHandle_kill_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call(handle, &c);
}

struct rt_grant rt_grant_named(const char *name)
{
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++)
		if (!strcmp(rt_capset->entries[i].name, name))
			return (struct rt_grant){ name, rt_capset->entries[i].handle,
						  rt_capset->entries[i].interface_id,
						  false, false };
	return (struct rt_grant){ name, CAP_HANDLE_NONE, 0, false, false };
}
