/* Spoofing an identity. The impostor: an endpoint logintest serves
 * itself, answering info() as alice's live operator session would.
 * Whoever asks it is fooled; the checks show nobody that matters asks. */
#include "user/logintest/logintest.h"

static cap_handle_t imp_raw = CAP_HANDLE_NONE, imp = CAP_HANDLE_NONE;
static struct rt_loop spoof_loop;
static uint8_t imp_in[1024];
static uint32_t imp_asked;	/* calls it received */
static uintptr_t spoof_round;
static bool spoof_done;
static struct ring_cqe spoof_cqe;

static int imp_info(void *self, UserSession_info_Params_r p,
		    UserSession_info_Results_b r)
{
	UserSession_info_Results_set_profile(r, Profile_operator);
	UserSession_info_Results_set_live(r, true);
	return UserSession_info_Results_set_principal(r, "alice", 5);
}

static const struct UserSession_server imp_server = { .info = imp_info };

static void imp_on_call(struct rt_loop *l, void *ctx,
			const struct rt_incoming *in)
{
	static uint8_t out[256];
	if (in->status < 0)
		return;
	imp_asked++;
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	RT_SERVE(UserSession, &imp_server, 0, imp_raw, in, out, sizeof out);
}

static void spoof_call_done(struct rt_loop *l, void *ctx,
			    const struct ring_cqe *cqe)
{
	if ((uintptr_t)ctx != spoof_round)
		return;		/* a call that timed out earlier */
	spoof_cqe = *cqe;
	spoof_done = true;
	rt_loop_stop(l);
}

static void spoof_timeout(struct rt_loop *l, void *ctx)
{
	if ((uintptr_t)ctx == spoof_round)
		rt_loop_stop(l);
}

/* A call made while the impostor is served: a callee that (wrongly) asks
 * the impostor gets its answer instead of deadlocking with us. A call
 * not answered within 3 s ends the test (its result buffer, on the
 * caller's stack, is still the kernel's to write). */
int32_t spoof_call(cap_handle_t cap, struct capn_call *c,
			  const struct ring_xfer *x, uint32_t n,
			  struct ring_cqe *cqe)
{
	void *round = (void *)++spoof_round;
	spoof_done = false;
	spoof_loop.stop = false;
	if (rt_loop_call(&spoof_loop, cap, c, x, n, spoof_call_done, round) ||
	    rt_loop_after(&spoof_loop, 3000 * MS, spoof_timeout, round))
		return ERR_TOO_LARGE;
	rt_loop_run(&spoof_loop);
	if (!spoof_done) {
		CHECK("spoof_call_answered", false, "a call on cap 0x%x (method "
		      "%u) got no answer in 3 s", cap, c->method);
		rt_exit(tcheck_summary());
	}
	*cqe = spoof_cqe;
	return cqe->result;
}

static bool imp_make(void)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	if (rt_call_xfer(endpoints, &c, 0, 0, &cqe) < 0)
		return false;
	imp_raw = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
	imp = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	if (imp_raw == CAP_HANDLE_NONE || imp == CAP_HANDLE_NONE)
		return false;
	rt_loop_init(&spoof_loop, timer);
	return !rt_loop_serve(&spoof_loop, imp_raw, imp_in, sizeof imp_in,
			      imp_on_call, 0);
}

static bool operator_intact(void)
{
	char buf[256], pn[64] = "";
	Profile pr = Profile_system;
	bool live = false;
	return !session_info(s_op, &pr, pn, sizeof pn, &live) && live &&
	       pr == Profile_operator && !strcmp(pn, "alice") &&
	       !motd(bundle_cap(&op_v, "systemInfo"), buf, sizeof buf) &&
	       !strcmp(buf, motd_arg);
}

/* ProcessSpawner.spawn of exit3 with grant g (if any) in `session` (NONE:
 * ours); a child that starts is waited for (*code). */
static int32_t spawn_exit3(const struct rt_grant *g, cap_handle_t session,
			   int64_t *code)
{
	cap_handle_t proc;
	struct rt_exit ex = { .kind = -1 };
	const struct rt_spawn_req q = {
		.name = "spoofchild", .binary = "exit3", .grants = g,
		.n = g ? 1 : 0, .session = session,
	};
	*code = -1000;
	int32_t st = rt_spawn_req(spawner, &q, &proc, 0, 0);
	if (st < 0)
		return st;
	if (rt_proc_wait(proc, &ex) >= 0 && ex.kind == RT_EXIT_CODE)
		*code = ex.code;
	rt_release(proc);
	return st;
}

/* (a) the broker, (b) the kernel's spawner and the launcher, given the
 * impostor where a UserSession belongs. */
static void spoof_session_args(void)
{
	char why[192] = "";
	Profile pr = Profile_system;
	bool live = false;
	char pn[64] = "";
	struct bundle_view v;
	cap_handle_t job;
	int64_t code;
	imp_asked = 0;
	int32_t st = session_info(imp, &pr, pn, sizeof pn, &live);
	CHECK("impostor_claims_operator", !st && pr == Profile_operator &&
	      live && !strcmp(pn, "alice") && imp_asked == 1,
	      "status %d profile %u live %d principal '%s' asked %u", st, pr,
	      live, pn, imp_asked);
	imp_asked = 0;
	st = bundle(imp, &v, why, sizeof why);
	CHECK("broker_refuses_impostor", st == ERR_APPLICATION_EXCEPTION &&
	      v.n == 0 && contains(why, "not a UserSession") && !imp_asked,
	      "status %d (%s), %u caps, impostor asked %u times", st, why,
	      v.n, imp_asked);
	const struct rt_grant as_session = { "session", imp,
					     UserSession_IFACE_ID, false,
					     false };
	st = spawn_exit3(&as_session, CAP_HANDLE_NONE, &code);
	CHECK("spawn_grant_typed_usersession_refused",
	      st == ERR_WRONG_INTERFACE, "status %d (exit %ld)", st,
	      (long)code);
	st = spawn_exit3(0, imp, &code);
	CHECK("spawn_in_impostor_session_refused", st == ERR_WRONG_INTERFACE,
	      "status %d (exit %ld)", st, (long)code);
	// The same facet under a service's interface is an ordinary grant:
	// what is refused above is posing as the kernel's UserSession.
	const struct rt_grant as_service = { "info", imp, SystemInfo_IFACE_ID,
					     false, false };
	st = spawn_exit3(&as_service, CAP_HANDLE_NONE, &code);
	CHECK("spawn_facet_as_service_ok", st >= 0 && code == 3,
	      "status %d exit %ld", st, (long)code);
	const struct grant lg = { "session", imp, UserSession_IFACE_ID };
	imp_asked = 0;
	st = launch(bundle_cap(&op_v, "launcher"), "exit3", &lg, 1,
		    CAP_HANDLE_NONE, &job, why, sizeof why);
	CHECK("launcher_refuses_impostor_grant", st == ERR_APPLICATION_EXCEPTION
	      && contains(why, "UserSession") && !imp_asked, "status %d (%s)",
	      st, why);
	imp_asked = 0;
	st = launch(bundle_cap(&op_v, "launcher"), "exit3", 0, 0, imp, &job,
		    why, sizeof why);
	CHECK("launcher_refuses_impostor_session",
	      st == ERR_APPLICATION_EXCEPTION && !imp_asked, "status %d (%s)",
	      st, why);
}

/* (c) logout ends the session it is given, which must be a real one, and
 * no other. */
static void spoof_logout(void)
{
	cap_handle_t other = anonymous();
	int32_t st = other == CAP_HANDLE_NONE ? ERR_NOT_FOUND : logout(other);
	CHECK("logout_other_session_keeps_operator", st >= 0 &&
	      operator_intact(), "logout %d", st);
	st = logout(other);
	CHECK("logout_ended_session_refused", st == ERR_APPLICATION_EXCEPTION &&
	      operator_intact(), "logout %d", st);
	if (other != CAP_HANDLE_NONE)
		rt_release(other);
	imp_asked = 0;
	st = logout(imp);
	CHECK("logout_impostor_refused", st == ERR_APPLICATION_EXCEPTION &&
	      !imp_asked && operator_intact(), "logout %d, impostor asked "
	      "%u times", st, imp_asked);
}

/* (d) The log numbers and times its records; what the caller put there is
 * ignored (and a line break cannot start a record of its own). */
#define FORGED_SEQ 1
#define FORGED_TIME 1

static void spoof_audit(void)
{
	uint8_t p[512], r[128];
	struct capn_call c;
	struct capn_builder b;
	static const char detail[] = "claims seq=1 timeNs=1\nforged-line";
	AuditLog_append_Params_b ap = AuditLog_append_begin(&c, &b, p,
							    sizeof p);
	AuditEvent_b e = AuditLog_append_Params_init_event(ap);
	AuditEvent_set_seq(e, FORGED_SEQ);
	AuditEvent_set_timeNs(e, FORGED_TIME);
	int err = AuditEvent_set_event(e, "forged", 6);
	if (!err)
		err = AuditEvent_set_result(e, "success", 7);
	if (!err)
		err = AuditEvent_set_reason(e, "ok", 2);
	if (!err)
		err = AuditEvent_set_detail(e, detail, sizeof detail - 1);
	if (!err)
		err = capn_call_seal(&c, &b);
	capn_call_set_results(&c, r, sizeof r);
	uint64_t t0 = rt_time_now();
	int32_t st = err ? err : rt_call(auditlog, &c);
	uint64_t t1 = rt_time_now();
	CHECK("audit_append_accepted", st >= 0, "status %d", st);
	// Find it, and the record before it, reading the whole log.
	uint64_t from = 0, next = 0, prev_seq = 0;
	struct event got = { .seq = 0 };
	uint32_t n = 0;
	bool found = false;
	for (int page = 0; page < 16 && !found; page++, from = next) {
		st = audit_read_from(bundle_cap(&op_v, "audit"), from, &n, &next);
		if (st < 0 || n == 0)
			break;
		for (uint32_t i = 0; i < n && !found; i++) {
			if (!strcmp(events[i].event, "forged"))
				got = events[i], found = true;
			else
				prev_seq = events[i].seq;
		}
	}
	CHECK("audit_forged_record_read", found, "status %d", st);
	if (!found)
		return;
	CHECK("audit_sets_seq", got.seq != FORGED_SEQ &&
	      got.seq == prev_seq + 1, "seq %lu, the record before %lu",
	      (unsigned long)got.seq, (unsigned long)prev_seq);
	CHECK("audit_sets_time", got.time_ns != FORGED_TIME &&
	      got.time_ns >= t0 && got.time_ns <= t1, "timeNs %lu, call "
	      "%lu..%lu", (unsigned long)got.time_ns, (unsigned long)t0,
	      (unsigned long)t1);
	CHECK("audit_no_line_break", !contains(got.detail, "\n") &&
	      contains(got.detail, "?forged-line"), "detail '%s'", got.detail);
	rt_printf("logintest: forged record seq %lu\n", (unsigned long)got.seq);
}

void step_spoof(void)
{
	bool ok = imp_make();
	CHECK("impostor_endpoint", ok, "cannot make or serve it");
	if (!ok)
		return;
	spoofing = true;
	spoof_session_args();
	spoof_logout();
	spoofing = false;
	spoof_audit();
	// Its pending RECV fails with the endpoint; the loop is not run
	// again, so that completion (and any timer left) stays parked.
	rt_release(imp_raw);
	rt_release(imp);
}

