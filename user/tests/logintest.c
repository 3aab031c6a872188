/* logintest: the client of system/test-login.capnp. Drives sessmgr and
 * the broker as a shell would: anonymous bundle and MOTD; failed logins
 * (unknown user, wrong password) with the same message and a growing
 * delay; a retry during the delay refused unchecked (with the right
 * password); a successful login and its operator bundle; launches through
 * the restricted launcher (allowed, not allowlisted, forbidden grants, a
 * chosen session); the audit trail; guest and setup; logout, after which
 * every old bundle capability fails. Also that nothing a caller sends can
 * claim an identity: an endpoint of logintest's own answering info() as
 * alice's operator session is refused as a session by the broker, the
 * kernel's spawner, the launcher and sessmgr's logout; logging out other
 * sessions leaves alice's alone; AuditLog sets seq and timeNs itself.
 * One line per check
 * (`logintest: NAME ... ok` or `... FAILED: why`), then
 * `logintest: N passed, M failed`; tests/qemu/test_login.py reads them.
 * It never prints a password. */
#include <string.h>
#include "capos/exception.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "lib/ident/audit_ring.h"
#include "user/rt/evloop.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"
#include "user/tests/ident_client.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("logintest")

#define PW_ALICE "wonderland"
#define PW_WRONG "wonderlant"
#define PW_BOB "looking-glass"

static cap_handle_t sessions, setup, brokercap, frames, timer, endpoints,
	spawner, auditlog;
static char motd_arg[256];

struct outcome {
	int32_t st;		/* the call's status */
	bool denied;
	cap_handle_t session;
	uint32_t delay_ms;
	char msg[128];		/* Denial message, or CapException's */
};

static int32_t spoof_call(cap_handle_t cap, struct capn_call *c,
			  const struct ring_xfer *x, uint32_t n,
			  struct ring_cqe *cqe);
static bool spoofing;	/* step_spoof: the impostor is being served */

/* rt_call_xfer; while step_spoof serves its impostor, through the loop
 * that serves it (see spoof_call). */
static int32_t call_x(cap_handle_t cap, struct capn_call *c,
		      const struct ring_xfer *x, uint32_t n,
		      struct ring_cqe *cqe)
{
	return spoofing ? spoof_call(cap, c, x, n, cqe)
			: rt_call_xfer(cap, c, x, n, cqe);
}

/* ---- SessionManager and LocalSetup ------------------------------------ */

static cap_handle_t anonymous(void)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	SessionManager_anonymous_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(sessions, &c, 0, 0, &cqe);
	return st < 0 ? CAP_HANDLE_NONE
		      : rt_result_cap(&c, &cqe, 0, UserSession_IFACE_ID);
}

static void outcome_read(struct outcome *o, const struct capn_call *c,
			 const struct ring_cqe *cqe, LoginOutcome_r lo)
{
	if (LoginOutcome_which(lo) == LoginOutcome_which_session) {
		o->session = rt_result_cap(c, cqe, LoginOutcome_get_session(lo),
					   UserSession_IFACE_ID);
		return;
	}
	Denial_r d = LoginOutcome_get_denied(lo);
	struct capn_text t = Denial_get_message(d);
	o->denied = true;
	o->delay_ms = Denial_get_delayMs(d);
	fmt_snprintf(o->msg, sizeof o->msg, "%.*s", (int)t.len, t.str);
}

/* login (or, with `create`, LocalSetup.create). */
static struct outcome login(const char *user, const char *pw, bool create)
{
	uint8_t p[512], r[512];
	struct capn_call c;
	struct ring_cqe cqe;
	struct capn_msg m;
	struct outcome o = { .session = CAP_HANDLE_NONE };
	if (create)
		LocalSetup_create_prepare(&c, p, sizeof p, user, strlen(user),
					  pw, strlen(pw));
	else
		SessionManager_login_prepare(&c, p, sizeof p, user, strlen(user),
					     pw, strlen(pw));
	capn_call_set_results(&c, r, sizeof r);
	o.st = rt_call_xfer(create ? setup : sessions, &c, 0, 0, &cqe);
	if (o.st < 0) {
		exception_text(&c, o.st, o.msg, sizeof o.msg);
		return o;
	}
	if (create) {
		LocalSetup_create_Results_r res;
		if (!LocalSetup_create_results(&m, &c, o.st, &res))
			outcome_read(&o, &c, &cqe,
				     LocalSetup_create_Results_get_outcome(res));
	} else {
		SessionManager_login_Results_r res;
		if (!SessionManager_login_results(&m, &c, o.st, &res))
			outcome_read(&o, &c, &cqe,
				     SessionManager_login_Results_get_outcome(res));
	}
	return o;
}

static struct outcome guest(void)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct ring_cqe cqe;
	struct outcome o = { .session = CAP_HANDLE_NONE };
	SessionManager_guest_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	o.st = rt_call_xfer(sessions, &c, 0, 0, &cqe);
	if (o.st < 0)
		exception_text(&c, o.st, o.msg, sizeof o.msg);
	else
		o.session = rt_result_cap(&c, &cqe, 0, UserSession_IFACE_ID);
	return o;
}

static int32_t logout(cap_handle_t s)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct ring_cqe cqe;
	struct ring_xfer x = { .cap = s, .mode = RING_XFER_COPY };
	SessionManager_logout_prepare(&c, p, sizeof p, 0);
	capn_call_set_results(&c, r, sizeof r);
	return call_x(sessions, &c, &x, 1, &cqe);
}

static int32_t session_info(cap_handle_t s, Profile *profile, char *principal,
			    size_t cap, bool *live)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	UserSession_info_Results_r res;
	UserSession_info_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = call_x(s, &c, 0, 0, &cqe);
	if (UserSession_info_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	struct capn_text t = UserSession_info_Results_get_principal(res);
	*profile = UserSession_info_Results_get_profile(res);
	*live = UserSession_info_Results_get_live(res);
	fmt_snprintf(principal, cap, "%.*s", (int)t.len, t.str);
	return 0;
}

/* ---- the broker and its bundle ---------------------------------------- */

static int32_t bundle(cap_handle_t s, struct bundle_view *v, char *why,
		      size_t whylen)
{
	uint8_t p[64], r[1024];
	struct capn_call c;
	struct ring_cqe cqe;
	struct capn_msg m;
	AuthorityBroker_bundle_Results_r res;
	struct ring_xfer x = { .cap = s, .mode = RING_XFER_COPY };
	*v = (struct bundle_view){ 0 };
	AuthorityBroker_bundle_prepare(&c, p, sizeof p, 0);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = call_x(brokercap, &c, &x, 1, &cqe);
	if (st < 0)
		exception_text(&c, st, why, whylen);
	if (AuthorityBroker_bundle_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	NamedCap_list_r l = AuthorityBroker_bundle_Results_get_caps(res);
	for (uint32_t i = 0; i < NamedCap_list_len(l) && i < MAX_CAPS; i++) {
		NamedCap_r nc = NamedCap_list_get(l, i);
		struct capn_text t = NamedCap_get_name(nc);
		fmt_snprintf(v->name[i], sizeof v->name[i], "%.*s", (int)t.len,
			     t.str);
		v->cap[i] = result_cap(&c, &cqe, NamedCap_get_cap(nc));
		v->n++;
	}
	return 0;
}

static int32_t list(cap_handle_t l, char *buf, size_t cap)
{
	uint8_t p[64], r[1024];
	struct capn_call c;
	struct capn_msg m;
	Launcher_list_Results_r res;
	Launcher_list_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(l, &c);
	buf[0] = '\0';
	if (Launcher_list_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	struct capn_list_r bl = Launcher_list_Results_get_binaries(res);
	struct fmt_buf fb = fmt_buf_init(buf, cap);
	for (uint32_t i = 0; i < capn_list_len(&bl); i++) {
		struct capn_text t = capn_list_text(&bl, i);
		fmt_appendf(&fb, "%s%.*s", i ? "," : "", (int)t.len, t.str);
	}
	fmt_buf_str(&fb);
	return 0;
}

struct grant {
	const char *name;
	cap_handle_t cap;
	uint64_t iface;
};

/* Launcher.launch: *job on success, the refusal's text in why. */
static int32_t launch(cap_handle_t l, const char *bin, const struct grant *g,
		      uint32_t n, cap_handle_t session, cap_handle_t *job,
		      char *why, size_t whylen)
{
	static uint8_t p[2048], r[512];
	struct ring_xfer x[4];
	struct capn_call c;
	struct capn_builder b;
	struct ring_cqe cqe;
	*job = CAP_HANDLE_NONE;
	Launcher_launch_Params_b q = Launcher_launch_begin(&c, &b, p, sizeof p);
	Launcher_launch_Params_set_binary(q, bin, strlen(bin));
	CapGrant_list_b gl = Launcher_launch_Params_init_grants(q, n);
	for (uint32_t i = 0; i < n; i++) {
		CapGrant_b e = CapGrant_list_at(gl, i);
		CapGrant_set_name(e, g[i].name, strlen(g[i].name));
		CapGrant_set_cap(e, i);
		CapGrant_set_interfaceId(e, g[i].iface);
		CapGrant_set_mode(e, TransferMode_copy);
		x[i] = (struct ring_xfer){ .cap = g[i].cap, .mode = RING_XFER_COPY };
	}
	if (session != CAP_HANDLE_NONE) {
		Launcher_launch_Params_set_session(q, n);
		x[n++] = (struct ring_xfer){ .cap = session,
					     .mode = RING_XFER_COPY };
	}
	capn_call_seal(&c, &b);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = call_x(l, &c, x, n, &cqe);
	if (st < 0)
		exception_text(&c, st, why, whylen);
	else
		*job = result_cap(&c, &cqe, 0);
	return st;
}

static int32_t job_wait(cap_handle_t job, int64_t *code)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	Job_wait_Results_r res;
	Job_wait_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(job, &c);
	if (Job_wait_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	ExitStatus_r s = Job_wait_Results_get_status(res);
	*code = ExitStatus_which(s) == ExitStatus_which_exited
			? ExitStatus_get_exited(s) : -1000;
	return 0;
}

/* ---- the audit trail --------------------------------------------------- */

struct event {
	char event[16], result[16], reason[32], detail[160];
	uint32_t delay_ms;
	uint64_t seq, time_ns;
};

static struct event events[AUDIT_READ_MAX];

static void text_copy(char *out, size_t cap, struct capn_text t)
{
	fmt_snprintf(out, cap, "%.*s", (int)t.len, t.str);
}

/* Up to AUDIT_READ_MAX events with seq >= from into events[]; *next: where
 * to go on. */
static int32_t audit_read_from(cap_handle_t reader, uint64_t from,
			       uint32_t *n, uint64_t *next)
{
	static uint8_t r[AUDIT_READ_RESULT_BYTES(AUDIT_READ_MAX)];
	uint8_t p[64];
	struct capn_call c;
	struct capn_msg m;
	AuditReader_read_Results_r res;
	*n = 0;
	AuditReader_read_prepare(&c, p, sizeof p, from, AUDIT_READ_MAX);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(reader, &c);
	if (AuditReader_read_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INTERNAL;
	AuditEvent_list_r l = AuditReader_read_Results_get_events(res);
	for (uint32_t i = 0; i < AuditEvent_list_len(l) && i < AUDIT_READ_MAX;
	     i++) {
		AuditEvent_r e = AuditEvent_list_get(l, i);
		struct event *v = &events[(*n)++];
		text_copy(v->event, sizeof v->event, AuditEvent_get_event(e));
		text_copy(v->result, sizeof v->result, AuditEvent_get_result(e));
		text_copy(v->reason, sizeof v->reason, AuditEvent_get_reason(e));
		text_copy(v->detail, sizeof v->detail, AuditEvent_get_detail(e));
		v->delay_ms = AuditEvent_get_delayMs(e);
		v->seq = AuditEvent_get_seq(e);
		v->time_ns = AuditEvent_get_timeNs(e);
	}
	*next = AuditReader_read_Results_get_next(res);
	return 0;
}

static int32_t audit_read(cap_handle_t reader, uint32_t *n)
{
	uint64_t next;
	return audit_read_from(reader, 0, n, &next);
}

/* The first event at or after *at matching event/result/reason. */
static const struct event *audit_find(uint32_t n, uint32_t *at, const char *ev,
				      const char *result, const char *reason)
{
	for (uint32_t i = *at; i < n; i++)
		if (!strcmp(events[i].event, ev) &&
		    !strcmp(events[i].result, result) &&
		    !strcmp(events[i].reason, reason)) {
			*at = i + 1;
			return &events[i];
		}
	return 0;
}


/* ---- the scenario ------------------------------------------------------ */

#define MS 1000000ull

static struct bundle_view anon_v, op_v;
static cap_handle_t s_anon = CAP_HANDLE_NONE, s_op = CAP_HANDLE_NONE;
static uint32_t delay1, delay2;

static void step_anonymous(void)
{
	char why[160] = "", buf[256], pn[64] = "?";
	Profile pr = Profile_system;
	bool live = false;
	s_anon = anonymous();
	CHECK("anonymous_session", s_anon != CAP_HANDLE_NONE, "no session");
	int32_t st = session_info(s_anon, &pr, pn, sizeof pn, &live);
	CHECK("anonymous_info", !st && pr == Profile_anonymous && live && !pn[0],
	      "status %d profile %u live %d principal '%s'", st, pr, live, pn);
	st = bundle(s_anon, &anon_v, why, sizeof why);
	CHECK("anonymous_bundle_is_systeminfo_only", !st && anon_v.n == 1 &&
	      !strcmp(anon_v.name[0], "systemInfo"), "status %d (%s), caps %s",
	      st, why, bundle_names(&anon_v, buf, sizeof buf));
	st = motd(bundle_cap(&anon_v, "systemInfo"), buf, sizeof buf);
	CHECK("anonymous_motd", !st && !strcmp(buf, motd_arg),
	      "status %d, motd '%s'", st, buf);
}

static void step_failures(void)
{
	struct outcome a = login("nobody", PW_ALICE, false);
	CHECK("unknown_user_denied", a.st >= 0 && a.denied && a.delay_ms > 0,
	      "status %d denied %d delay %u (%s)", a.st, a.denied, a.delay_ms,
	      a.msg);
	rt_sleep_ns((a.delay_ms + 50) * MS);
	struct outcome b = login("alice", PW_WRONG, false);
	CHECK("wrong_password_denied", b.st >= 0 && b.denied,
	      "status %d denied %d (%s)", b.st, b.denied, b.msg);
	CHECK("same_message_for_both", a.msg[0] && !strcmp(a.msg, b.msg),
	      "'%s' vs '%s'", a.msg, b.msg);
	CHECK("delay_grows", b.delay_ms > a.delay_ms, "%u then %u", a.delay_ms,
	      b.delay_ms);
	rt_printf("logintest: delays %u %u\n", a.delay_ms, b.delay_ms);
	// The right password, at once: refused before it is looked at.
	struct outcome c = login("alice", PW_ALICE, false);
	CHECK("retry_refused_unchecked", c.st >= 0 && c.denied &&
	      c.session == CAP_HANDLE_NONE && c.delay_ms > 0 &&
	      c.delay_ms <= b.delay_ms, "status %d denied %d delay %u (%s)",
	      c.st, c.denied, c.delay_ms, c.msg);
	delay1 = a.delay_ms, delay2 = b.delay_ms;
	rt_sleep_ns(((c.denied ? c.delay_ms : 0) + 50) * MS);
}

static void step_login(void)
{
	char why[160] = "", buf[256], pn[64] = "?";
	Profile pr = Profile_system;
	bool live = false;
	struct outcome o = login("alice", PW_ALICE, false);
	s_op = o.session;
	CHECK("right_password_logs_in", o.st >= 0 && !o.denied &&
	      s_op != CAP_HANDLE_NONE, "status %d denied %d (%s)", o.st,
	      o.denied, o.msg);
	int32_t st = session_info(s_op, &pr, pn, sizeof pn, &live);
	CHECK("operator_info", !st && pr == Profile_operator && live &&
	      !strcmp(pn, "alice"), "status %d profile %u live %d principal "
	      "'%s'", st, pr, live, pn);
	st = bundle(s_op, &op_v, why, sizeof why);
	CHECK("operator_bundle", !st && !strcmp(bundle_names(&op_v, buf,
	      sizeof buf), "launcher,systemInfo,audit"), "status %d (%s), caps "
	      "%s", st, why, buf);
	st = motd(bundle_cap(&op_v, "systemInfo"), buf, sizeof buf);
	CHECK("operator_motd", !st && !strcmp(buf, motd_arg), "status %d", st);
}

static void step_launch(void)
{
	char why[192] = "", buf[256];
	cap_handle_t l = bundle_cap(&op_v, "launcher"), job;
	int64_t code = -1;
	int32_t st = list(l, buf, sizeof buf);
	CHECK("launcher_lists_allowlist", !st && !strcmp(buf, "exit3"),
	      "status %d, list '%s'", st, buf);
	st = launch(l, "exit3", 0, 0, CAP_HANDLE_NONE, &job, why, sizeof why);
	int32_t wst = st < 0 ? st : job_wait(job, &code);
	CHECK("allowlisted_launch_runs", st >= 0 && !wst && code == 3,
	      "status %d (%s), wait %d, code %ld", st, why, wst, (long)code);
	st = launch(l, "hello", 0, 0, CAP_HANDLE_NONE, &job, why, sizeof why);
	CHECK("unlisted_binary_refused", st == ERR_APPLICATION_EXCEPTION &&
	      contains(why, "\"hello\""), "status %d (%s)", st, why);
	const struct grant fg = { "frames", frames, FrameAllocator_IFACE_ID };
	st = launch(l, "exit3", &fg, 1, CAP_HANDLE_NONE, &job, why, sizeof why);
	CHECK("forbidden_grant_refused", st == ERR_APPLICATION_EXCEPTION &&
	      contains(why, "\"frames\"") && contains(why, "FrameAllocator"),
	      "status %d (%s)", st, why);
	const struct grant sg = { "me", s_op, UserSession_IFACE_ID };
	st = launch(l, "exit3", &sg, 1, CAP_HANDLE_NONE, &job, why, sizeof why);
	CHECK("session_grant_refused", st == ERR_APPLICATION_EXCEPTION &&
	      contains(why, "UserSession"), "status %d (%s)", st, why);
	st = launch(l, "exit3", 0, 0, s_op, &job, why, sizeof why);
	CHECK("chosen_session_refused", st == ERR_APPLICATION_EXCEPTION &&
	      contains(why, "session"), "status %d (%s)", st, why);
}

static bool audit_names_someone(const struct event *e)
{
	static const char *const words[] = { "alice", "nobody", "bob",
					     PW_ALICE, PW_WRONG, "operator",
					     "principal" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (contains(e->detail, words[i]) || contains(e->reason, words[i]))
			return true;
	return false;
}

static void step_audit(void)
{
	uint32_t n = 0, at = 0;
	int32_t st = audit_read(bundle_cap(&op_v, "audit"), &n);
	CHECK("audit_readable_from_bundle", !st && n > 0, "status %d, %u events",
	      st, n);
	const struct event *e[5] = {
		audit_find(n, &at, "anonymous", "success", "ok"),
		audit_find(n, &at, "login", "denied", "bad-credentials"),
		audit_find(n, &at, "login", "denied", "bad-credentials"),
		audit_find(n, &at, "login", "denied", "retry-too-soon"),
		audit_find(n, &at, "login", "success", "ok"),
	};
	CHECK("audit_login_events_in_order", e[0] && e[1] && e[2] && e[3] && e[4],
	      "found %d %d %d %d %d of %u", !!e[0], !!e[1], !!e[2], !!e[3],
	      !!e[4], n);
	if (e[1] && e[2])
		CHECK("audit_delays_grow", e[1]->delay_ms == delay1 &&
		      e[2]->delay_ms == delay2 && delay2 > delay1,
		      "audit %u, %u; denials %u, %u", e[1]->delay_ms,
		      e[2]->delay_ms, delay1, delay2);
	if (e[4])
		CHECK("audit_success_names_principal",
		      contains(e[4]->detail, "principal=alice"), "detail '%s'",
		      e[4]->detail);
	bool leak = false;
	for (uint32_t i = 0; i < n; i++)
		leak |= !strcmp(events[i].result, "denied") &&
			audit_names_someone(&events[i]);
	CHECK("audit_denials_name_nobody", !leak, "a denial names a user");
	at = 0;
	const struct event *ok = audit_find(n, &at, "launch", "success", "ok");
	CHECK("audit_launches", ok && contains(ok->detail, "binary=exit3") &&
	      audit_find(n, &at, "launch", "denied", "not-allowlisted") &&
	      audit_find(n, &at, "launch", "denied", "forbidden-grant") &&
	      audit_find(n, &at, "launch", "denied", "forbidden-grant") &&
	      audit_find(n, &at, "launch", "denied", "session-chosen"),
	      "launch events missing or out of order");
}

/* ---- spoofing an identity ---------------------------------------------- */

/* The impostor: an endpoint logintest serves itself, answering info() as
 * alice's live operator session would. Whoever asks it is fooled; the
 * checks show nobody that matters asks. */
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
static int32_t spoof_call(cap_handle_t cap, struct capn_call *c,
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

static void step_spoof(void)
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

static void step_guest(void)
{
	char why[160] = "", buf[256];
	struct bundle_view v;
	struct outcome g = guest();
	CHECK("guest_session", g.st >= 0 && g.session != CAP_HANDLE_NONE,
	      "status %d (%s)", g.st, g.msg);
	int32_t st = bundle(g.session, &v, why, sizeof why);
	CHECK("guest_bundle", !st && !strcmp(bundle_names(&v, buf, sizeof buf),
	      "systemInfo,launcher"), "status %d (%s), caps %s", st, why, buf);
	st = list(bundle_cap(&v, "launcher"), buf, sizeof buf);
	CHECK("guest_launcher_lists_guest_allowlist", !st && !strcmp(buf, "hello"),
	      "status %d, list '%s'", st, buf);
	CHECK("guest_logout", logout(g.session) >= 0, "logout failed");
}

static void step_setup(void)
{
	char pn[64] = "?";
	Profile pr = Profile_system;
	bool live = false;
	struct outcome s = login("bob", PW_BOB, true);
	int32_t st = s.session == CAP_HANDLE_NONE ? ERR_NOT_FOUND
		     : session_info(s.session, &pr, pn, sizeof pn, &live);
	CHECK("setup_creates_and_logs_in", !st && pr == Profile_operator &&
	      !strcmp(pn, "bob"), "status %d/%d (%s) profile %u principal '%s'",
	      s.st, st, s.msg, pr, pn);
	struct outcome again = login("bob", PW_BOB, true);
	CHECK("setup_existing_refused", again.st == ERR_APPLICATION_EXCEPTION &&
	      contains(again.msg, "setup refused"), "status %d (%s)", again.st,
	      again.msg);
	if (s.session != CAP_HANDLE_NONE)
		logout(s.session);
}

/* Revocation follows the session's end through the broker's waitEnd:
 * allow it a moment. */
static bool fails_soon(int which)
{
	char buf[256];
	uint32_t n;
	for (int i = 0; i < 40; i++) {
		int32_t st = which == 0 ? list(bundle_cap(&op_v, "launcher"), buf,
					       sizeof buf)
			     : which == 1 ? motd(bundle_cap(&op_v, "systemInfo"),
						 buf, sizeof buf)
			     : audit_read(bundle_cap(&op_v, "audit"), &n);
		if (st < 0)
			return true;
		rt_sleep_ns(50 * MS);
	}
	return false;
}

static void step_logout(void)
{
	char why[160] = "", pn[64];
	Profile pr;
	bool live = true;
	struct bundle_view v;
	cap_handle_t job;
	int32_t st = logout(s_op);
	CHECK("logout", st >= 0, "status %d", st);
	st = session_info(s_op, &pr, pn, sizeof pn, &live);
	CHECK("session_not_live_after_logout", !st && !live, "status %d live %d",
	      st, live);
	CHECK("old_launcher_fails", fails_soon(0), "list still answers");
	CHECK("old_systeminfo_fails", fails_soon(1), "motd still answers");
	CHECK("old_audit_fails", fails_soon(2), "read still answers");
	st = launch(bundle_cap(&op_v, "launcher"), "exit3", 0, 0,
		    CAP_HANDLE_NONE, &job, why, sizeof why);
	CHECK("old_launcher_launches_nothing", st < 0, "status %d", st);
	st = bundle(s_op, &v, why, sizeof why);
	CHECK("no_bundle_for_ended_session", st < 0, "status %d", st);
	CHECK("anonymous_logout", logout(s_anon) >= 0, "logout failed");
	char buf[256];
	bool gone = false;
	for (int i = 0; i < 40 && !gone; i++, rt_sleep_ns(50 * MS))
		gone = motd(bundle_cap(&anon_v, "systemInfo"), buf, sizeof buf) < 0;
	CHECK("anonymous_systeminfo_fails_after_logout", gone, "still answers");
}

/* More bundles than the broker has slots, one after another: each
 * session's end must free its slot. */
static void step_recycle(void)
{
	char why[160] = "";
	struct bundle_view v;
	int round, st = 0;
	for (round = 0; round < 24 && !st; round++) {
		cap_handle_t s = anonymous();
		st = s == CAP_HANDLE_NONE ? ERR_NOT_FOUND
					  : bundle(s, &v, why, sizeof why);
		for (uint32_t i = 0; i < v.n; i++)
			rt_release(v.cap[i]);
		if (s != CAP_HANDLE_NONE) {
			logout(s);
			rt_release(s);
		}
	}
	CHECK("bundle_slots_recycled", !st, "round %d: status %d (%s)", round,
	      st, why);
}

int main(void)
{
	sessions = rt_cap_find("sessions", SessionManager_IFACE_ID);
	setup = rt_cap_find("setup", LocalSetup_IFACE_ID);
	brokercap = rt_cap_find("broker", AuthorityBroker_IFACE_ID);
	frames = rt_cap_find("frames", FrameAllocator_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	endpoints = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	auditlog = rt_cap_find("auditlog", AuditLog_IFACE_ID);
	for (int i = 0; i < rt_argc(); i++)
		if (!strncmp(rt_argv(i), "motd=", 5))
			fmt_snprintf(motd_arg, sizeof motd_arg, "%s", rt_argv(i) + 5);
	if (sessions == CAP_HANDLE_NONE || setup == CAP_HANDLE_NONE ||
	    brokercap == CAP_HANDLE_NONE || frames == CAP_HANDLE_NONE ||
	    timer == CAP_HANDLE_NONE || endpoints == CAP_HANDLE_NONE ||
	    spawner == CAP_HANDLE_NONE || auditlog == CAP_HANDLE_NONE) {
		rt_printf("logintest: missing grants\n");
		return 2;
	}
	step_anonymous();
	step_failures();
	step_login();
	step_launch();
	step_audit();
	step_spoof();
	step_guest();
	step_setup();
	step_logout();
	step_recycle();
	return tcheck_summary();
}
