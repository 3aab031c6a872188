/* ProcessSpawner: start a boot binary as a new process holding exactly
 * the capabilities the caller grants, each under the name and interface
 * the caller states. The grants ride on the CALL as transfer descriptors
 * (capability pointer i in a CapGrant refers to descriptor i) and move or
 * copy all together or not at all.
 *
 * Decode, then invoke: the binary, every grant (name, interface, the
 * descriptor it names) and the limits are checked before anything is
 * created; the child is loaded, its ledger set, the capabilities
 * transferred, its CapSet filled, and only then does it start. Any failure
 * after loading frees the child without it ever running.
 *
 * A newEndpoint grant creates an endpoint for the child (raw, under the
 * grant's name) and returns its client facet to the caller in `facets`.
 *
 * Arguments (`args`) go on the child's read-only args page (at most
 * ARGS_MAX strings, ARGS_BYTES in all, no NUL inside one).
 *
 * The child's session is the caller's, or the one `session` names: a
 * UserSession riding on the call as a copy descriptor (not transferred),
 * which must still be live. Grants obey their transfer scopes between the
 * caller's session and the child's (lib/cap/transfer.h). */
#include <string.h>
#include "capos/process.h"
#include "kernel/cap/cap_util.h"
#include "capos/ipc.h"
#include "kernel/core/log.h"
#include "kernel/ipc/endpoint.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/boot.h"
#include "kernel/proc/process.h"
#include "kernel/proc/session.h"
#include "lib/cap/transfer.h"
#include "lib/ring/sqe.h"

LOG_SOURCE(spawn_log, "spawn");

struct spawn_req {
	const struct boot_blob *binary;
	char name[PROC_NAME_MAX];
	uint32_t ngrants;
	bool new_ep[RING_XFER_MAX];	/* a fresh endpoint, not a transfer */
	uint32_t nxfer;			/* transfers, compacted into desc[] */
	struct ring_xfer desc[RING_XFER_MAX];
	uint32_t xfer_of[RING_XFER_MAX];	/* grant -> desc index */
	char grant_name[RING_XFER_MAX][CAPSET_NAME_MAX];
	uint64_t grant_iface[RING_XFER_MAX];
	uint64_t limit[LEDGER_ITEMS];
	struct session *session;	/* the child's (one reference) */
};

static int spawn_text(struct capn_text t, char *out, size_t cap)
{
	if (!t.len || t.len >= cap || memchr(t.str, '\0', t.len))
		return ERR_INVALID;
	memcpy(out, t.str, t.len);
	out[t.len] = '\0';
	return 0;
}

/* An untyped client facet (as Endpoint.client() and EndpointFactory make
 * them) may be granted under the interface its server serves: the child's
 * CapSet and table then name that interface, which is what the child's
 * calls on it mean. The kernel cannot check what a server serves; calls
 * stay call-only, and a typed facet keeps its type from then on. */
static bool spawn_types_facet(const struct cap_slot *s)
{
	return s->type == CAP_EP_CLIENT && s->iface == ClientEndpoint_IFACE_ID;
}

/* A facet may stand in for most interfaces, kernel ones included (a
 * logger serving Console is ordinary interposition), but not for those
 * whose holders rely on the kernel having made them: a server posing as a
 * UserSession could claim any profile to the broker. */
static bool spawn_kernel_iface(uint64_t iface)
{
	static const enum cap_type only_kernel[] = {
		CAP_USER_SESSION, CAP_SESSION_AUTH, CAP_ENDPOINT, CAP_PROC_HANDLE,
		CAP_THREAD_HANDLE, CAP_MEMOBJ,
	};
	for (size_t i = 0; i < sizeof(only_kernel) / sizeof(only_kernel[0]); i++)
		if (cap_type_interface(only_kernel[i]) == iface)
			return true;
	return false;
}

/* Does grant i name a descriptor whose capability has the interface it
 * claims? (The caller's table is read under its lock.) */
static int spawn_check_grant(struct cap_call *c, CapGrant_r g,
			     struct spawn_req *q, uint32_t i)
{
	if (spawn_text(CapGrant_get_name(g), q->grant_name[i], CAPSET_NAME_MAX))
		return ERR_INVALID;
	q->grant_iface[i] = CapGrant_get_interfaceId(g);
	if (CapGrant_which(g) == CapGrant_which_newEndpoint) {
		q->new_ep[i] = true;
		q->grant_iface[i] = Endpoint_IFACE_ID;
		return 0;
	}
	uint32_t x = CapGrant_get_cap(g);
	if (x >= c->nxfer)
		return ERR_BAD_TRANSFER;
	struct ring_xfer *d = &q->desc[q->nxfer];
	q->xfer_of[i] = q->nxfer++;
	*d = c->xfer[x];
	if (d->mode != (CapGrant_get_mode(g) == TransferMode_move
			? RING_XFER_MOVE : RING_XFER_COPY))
		return ERR_BAD_TRANSFER;
	struct process *p = c->t->proc;
	const struct cap_slot *s;
	spin_lock(&p->lock);
	int err = captable_lookup(&p->caps, q->desc[q->xfer_of[i]].cap, &s);
	if (!err && s->iface != q->grant_iface[i] &&
	    (!spawn_types_facet(s) || spawn_kernel_iface(q->grant_iface[i])))
		err = ERR_WRONG_INTERFACE;
	spin_unlock(&p->lock);
	return err;
}

static int spawn_limits(ProcessLimits_r l, struct spawn_req *q)
{
	const uint64_t asked[LEDGER_ITEMS] = {
		ProcessLimits_get_capSlots(l), ProcessLimits_get_pages(l),
		ProcessLimits_get_threads(l), ProcessLimits_get_callsInFlight(l),
		ProcessLimits_get_timers(l),
	};
	const uint64_t max[LEDGER_ITEMS] = {
		ProcessLimits_maxCapSlots, ProcessLimits_maxPages,
		ProcessLimits_maxThreads, ProcessLimits_maxCallsInFlight,
		ProcessLimits_maxTimers,
	};
	for (int i = 0; i < LEDGER_ITEMS; i++) {
		if (asked[i] > max[i])
			return ERR_TOO_LARGE;
		q->limit[i] = asked[i];
	}
	if (q->limit[LEDGER_CAP_SLOTS] > PROC_CAP_SLOTS)
		return ERR_TOO_LARGE;
	return 0;
}

/* The caller's session, or the live one `session` names. */
static int spawn_session(struct cap_call *c, ProcessSpawner_spawn_Params_r p,
			 struct spawn_req *q)
{
	uint32_t x = ProcessSpawner_spawn_Params_get_session(p);
	if (x == CAPN_NO_CAP) {
		q->session = c->t->proc->session;
		session_get(q->session);
		return 0;
	}
	int err = user_session_arg(c, x, &q->session);
	/* Can processes still start in it? */
	if (!err && !session_live(q->session))
		err = ERR_REVOKED;
	return err;
}

static int spawn_decode(struct cap_call *c, ProcessSpawner_spawn_Params_r p,
			struct spawn_req *q)
{
	struct capn_text bin = ProcessSpawner_spawn_Params_get_binary(p);
	q->binary = boot_blob_find_n(bin.str, bin.len);
	if (!q->binary)
		return ERR_NOT_FOUND;
	int err = spawn_text(ProcessSpawner_spawn_Params_get_name(p), q->name,
			     sizeof(q->name));
	CapGrant_list_r gl = ProcessSpawner_spawn_Params_get_grants(p);
	q->ngrants = CapGrant_list_len(gl);
	if (!err && q->ngrants > RING_XFER_MAX)
		err = ERR_TOO_LARGE;
	for (uint32_t i = 0; !err && i < q->ngrants; i++)
		err = spawn_check_grant(c, CapGrant_list_get(gl, i), q, i);
	if (!err)
		err = spawn_limits(ProcessSpawner_spawn_Params_get_limits(p), q);
	return err ? err : spawn_session(c, p, q);
}

static void spawn_apply_limits(struct process *child, const struct spawn_req *q)
{
	for (int i = 0; i < LEDGER_ITEMS; i++)
		if (q->limit[i])
			child->acct->ledger.limit[i] = q->limit[i];
	child->caps.limit = (uint32_t)child->acct->ledger.limit[LEDGER_CAP_SLOTS];
}

/* The child's slot takes the granted interface (a no-op unless it is a
 * facet being typed; see spawn_types_facet). Child lock held. */
static void spawn_type_slot(struct process *child, cap_handle_t h,
			    uint64_t iface)
{
	const struct cap_slot *s;
	if (!captable_lookup(&child->caps, h, &s) && spawn_types_facet(s))
		((struct cap_slot *)s)->iface = iface;
}

/* Move/copy the grants into the child, both tables locked (parent first:
 * the child is new and reachable by nobody else yet). */
static int spawn_transfer(struct process *parent, struct process *child,
			  const struct spawn_req *q)
{
	static const struct cap_xfer_ops ops = { 0, cap_ref, cap_unref };
	const struct cap_xfer_sessions who = {
		parent->session, child->session, session_is_system(parent->session)
	};
	struct ring_cap_record out[RING_XFER_MAX];
	spin_lock(&parent->lock);
	spin_lock(&child->lock);
	int err = cap_transfer_scoped(&parent->caps, &child->caps, q->desc,
				      q->nxfer, &ops, &who, out, 0);
	for (uint32_t i = 0; !err && i < q->ngrants; i++)
		if (!q->new_ep[i])
			spawn_type_slot(child, out[q->xfer_of[i]].handle,
					q->grant_iface[i]);
	spin_unlock(&child->lock);
	spin_unlock(&parent->lock);
	for (uint32_t i = 0; !err && i < q->ngrants; i++)
		if (!q->new_ep[i])
			err = process_capset_add(child, q->grant_name[i],
						 q->grant_iface[i],
						 out[q->xfer_of[i]].handle);
	return err;
}

/* Each newEndpoint grant: a fresh endpoint whose raw capability goes to
 * the child and whose client facet comes back to the caller, named like
 * the grant in the results' facets. Done before any transfer, so a
 * failure here leaves the caller's capabilities untouched. */
static int spawn_new_endpoints(struct cap_call *c, struct process *child,
			       const struct spawn_req *q,
			       ProcessSpawner_spawn_Results_b r)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < q->ngrants; i++)
		n += q->new_ep[i];
	Facet_list_b facets = ProcessSpawner_spawn_Results_init_facets(r, n);
	for (uint32_t i = 0, f = 0; i < q->ngrants; i++) {
		if (!q->new_ep[i])
			continue;
		struct endpoint *ep = endpoint_new();
		cap_handle_t h;
		uint32_t idx;
		int err = ep ? process_insert_cap(child, CAP_ENDPOINT, Endpoint_IFACE_ID,
						  ep, 0, &h) : ERR_NO_MEMORY;
		if (err && ep)
			endpoint_put(ep, true);
		if (!err) {
			endpoint_get(ep, false);
			err = cap_call_return_cap(c, CAP_EP_CLIENT, ClientEndpoint_IFACE_ID,
						  ep, 0, &idx);
			if (err)
				endpoint_put(ep, false);
		}
		if (!err)
			err = process_capset_add(child, q->grant_name[i],
						 Endpoint_IFACE_ID, h);
		if (err)
			return err;
		Facet_b fb = Facet_list_at(facets, f++);
		Facet_set_name(fb, q->grant_name[i], strlen(q->grant_name[i]));
		Facet_set_cap(fb, idx);
	}
	return 0;
}

static int spawn_check_args(struct capn_list_r l)
{
	uint32_t n = capn_list_len(&l), total = 0;
	if (n > ARGS_MAX)
		return ERR_TOO_LARGE;
	for (uint32_t i = 0; i < n; i++) {
		struct capn_text t = capn_list_text(&l, i);
		if (memchr(t.str, '\0', t.len))
			return ERR_INVALID;
		total += t.len + 1;
	}
	return total > ARGS_BYTES ? ERR_TOO_LARGE : 0;
}

static int spawn_set_args(struct process *child, struct capn_list_r l)
{
	uint32_t n = capn_list_len(&l), len[ARGS_MAX];
	const char *argv[ARGS_MAX];
	if (!n)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		struct capn_text t = capn_list_text(&l, i);
		argv[i] = t.str;
		len[i] = t.len;
	}
	return process_set_args(child, argv, len, n);
}

static int spawner_spawn(void *self, ProcessSpawner_spawn_Params_r p,
			 ProcessSpawner_spawn_Results_b r)
{
	struct cap_call *c = self;
	struct spawn_req *req = kzalloc(sizeof(*req));
	struct capn_list_r args = ProcessSpawner_spawn_Params_get_args(p);
	int err = req ? spawn_decode(c, p, req) : ERR_NO_MEMORY;
	struct process *child = 0;
	if (!err)
		err = spawn_check_args(args);
	if (!err)
		child = process_load(req->name, req->binary->data,
				     req->binary->size, req->session, &err);
	if (child && (err = spawn_set_args(child, args))) {
		process_discard(child);
		child = 0;
	}
	uint32_t idx = 0;
	if (child) {
		spawn_apply_limits(child, req);
		/* the handle first: once grants have moved nothing may fail */
		process_get(child);
		err = cap_call_return_cap(c, CAP_PROC_HANDLE, ProcessHandle_IFACE_ID,
					  child, CAP_SLOT_NO_TRANSFER, &idx);
		if (err)
			process_put(child);
		else if ((err = spawn_new_endpoints(c, child, req, r)) ||
			 (err = spawn_transfer(c->t->proc, child, req)))
			cap_call_drop_result_caps(c);
		if (err)
			process_discard(child);
	}
	if (req && req->session)
		session_put(req->session);
	kfree(req);
	if (err)
		return err;
	ProcessSpawner_spawn_Results_set_handle(r, idx);
	process_start(child);
	log_info(&spawn_log, "pid %d spawned pid %d \"%s\" with %u grants "
		 "in session %lu", c->t->proc->pid, child->pid, child->name,
		 child->capset->count, child->session->serial);
	return 0;
}

static const struct ProcessSpawner_server spawner_server = {
	.spawn = spawner_spawn,
};

int spawner_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(ProcessSpawner, &spawner_server, c);
}
