/* sesstest: sessions (issue 12), run as init without a manifest, so it
 * holds SessionAuthority ("sessions") and belongs to the boot session.
 * It serves two endpoints, A and B, and starts sesstest_child in user
 * sessions to call them (the protocol is in sesstest.h).
 *
 * Checked: create for each profile and info(); system and bad arguments
 * refused; the session reference a server sees (not the boot session's,
 * stable across calls and processes of one session, different per
 * endpoint); transfer scopes (sameSession stays in its session,
 * serviceRegrantOnly moves on only from the system session, unknown
 * scopes refused); end() and expiry end a session, complete waitEnd and
 * make the child's CALL and RECV fail with ERR_REVOKED; waitEnd cancel. */
#include <string.h>
#include "capos/console.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "user/rt/ipc.h"
#include "user/rt/spawn.h"
#include "user/tests/sesstest.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("sesstest")

struct ep_pair {
	cap_handle_t raw, client;
};

struct info {
	int32_t st;
	unsigned profile;
	char who[64];
	bool live;
	uint64_t expires;
};

static cap_handle_t console, timer, spawner, endpoints, sessions;
static uint8_t results[1024], inbuf[1024];
static struct ep_pair A, B;
static uint64_t boot_a[2], boot_b[2];

/* ---- calls ------------------------------------------------------------ */

static int32_t sess_create(unsigned profile, const char *who, uint64_t ms,
			   cap_handle_t *out)
{
	uint8_t p[256];
	struct capn_call c;
	struct ring_cqe cqe;
	*out = CAP_HANDLE_NONE;
	int err = SessionAuthority_create_prepare(&c, p, sizeof(p), (Profile)profile,
						  who, strlen(who), ms);
	if (err)
		return err;
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sessions, &c, 0, 0, &cqe);
	if (st >= 0)
		*out = rt_result_cap(&c, &cqe, 0, UserSession_IFACE_ID);
	return st;
}

static int32_t sess_end(cap_handle_t s)
{
	uint8_t p[64];
	struct capn_call c;
	struct ring_cqe cqe;
	struct ring_xfer x = { s, RING_XFER_COPY, 0 };
	SessionAuthority_end_prepare(&c, p, sizeof(p), 0);
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call_xfer(sessions, &c, &x, 1, &cqe);
}

static struct info sess_info(cap_handle_t s)
{
	uint8_t p[64];
	struct capn_call c;
	struct capn_msg m;
	UserSession_info_Results_r r;
	struct info i = { 0 };
	UserSession_info_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, results, sizeof(results));
	i.st = rt_call(s, &c);
	if (UserSession_info_results(&m, &c, i.st, &r)) {
		i.st = i.st < 0 ? i.st : ERR_INTERNAL;
		return i;
	}
	struct capn_text t = UserSession_info_Results_get_principal(r);
	memcpy(i.who, t.str, t.len < 63 ? t.len : 63);
	i.profile = UserSession_info_Results_get_profile(r);
	i.live = UserSession_info_Results_get_live(r);
	i.expires = UserSession_info_Results_get_expiresNs(r);
	return i;
}

static uint8_t wait_res[64];	/* waitEnd's results */

/* Did a waitEnd completing with st leave a framed (empty) struct? */
static bool wait_results_ok(int32_t st)
{
	struct capn_msg m;
	if (st <= 0 || capn_msg_init(&m, wait_res, (size_t)st))
		return false;
	(void)capn_msg_root(&m);
	return !m.err;
}

/* Submit waitEnd on s with user_data ud; rt_wait(ud) collects it. */
static void wait_end_submit(cap_handle_t s, uint64_t ud)
{
	static uint8_t p[64];
	uint8_t *r = wait_res;
	memset(wait_res, 0, sizeof(wait_res));
	struct capn_call c;
	UserSession_waitEnd_prepare(&c, p, sizeof(p));
	struct ring_sqe q = { .opcode = RING_OP_CALL, .cap = s,
			      .method = c.method, .addr = (uint64_t)c.params,
			      .len = c.params_len, .result_addr = (uint64_t)r,
			      .result_len = sizeof(wait_res), .user_data = ud };
	rt_submit(&q);
}

static int32_t wait_end(cap_handle_t s)
{
	uint64_t ud = rt_next_user_data();
	wait_end_submit(s, ud);
	return rt_wait(ud).result;
}

static int32_t timer_now(cap_handle_t t, const struct ring_xfer *x)
{
	uint8_t p[64];
	struct capn_call c;
	struct ring_cqe cqe;
	Timer_now_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call_xfer(t, &c, x, x ? 1 : 0, &cqe);
}

static struct ep_pair ep_new(void)
{
	uint8_t p[64];
	struct capn_call c;
	struct ring_cqe cqe;
	struct ep_pair e = { CAP_HANDLE_NONE, CAP_HANDLE_NONE };
	EndpointFactory_create_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, results, sizeof(results));
	if (rt_call_xfer(endpoints, &c, 0, 0, &cqe) >= 0) {
		e.raw = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
		e.client = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	}
	return e;
}

/* Call our own endpoint e (from the boot session), receive that call and
 * RETURN it carrying x (if any). *hdr gets what the server side saw; the
 * result is the call's completion (its capability, if any, in *cap). */
static int32_t self_call(struct ep_pair e, struct ipc_msg_header *hdr,
			 const struct ring_xfer *x, cap_handle_t *cap)
{
	static uint8_t res[256];
	uint64_t ud = rt_next_user_data();
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = e.client,
			      .result_addr = (uint64_t)res,
			      .result_len = sizeof(res), .user_data = ud };
	rt_submit(&s);
	struct rt_incoming in = rt_recv(e.raw, inbuf, sizeof(inbuf));
	if (in.status >= 0) {
		*hdr = *in.hdr;
		rt_return(e.raw, in.hdr->call_id, 0, 0, x, x ? 1 : 0, false);
	}
	struct ring_cqe c = rt_wait(ud);
	if (cap)
		*cap = c.result >= 0 && (c.flags & RING_CQE_CAPS) && c.aux0 == 1
			       ? ((struct ring_cap_record *)(res + c.aux1))->handle
			       : CAP_HANDLE_NONE;
	return in.status < 0 ? in.status : c.result;
}

/* ---- the child -------------------------------------------------------- */

/* sesstest_child in `session` (NONE: ours) with endpoints A and B, its
 * own endpoint, Console and optionally one more grant. */
static int32_t spawn_child_with(const char *mode, cap_handle_t session,
				const struct rt_grant *extra, cap_handle_t *proc)
{
	struct rt_grant g[] = {
		{ "a", A.client, ClientEndpoint_IFACE_ID, false, false },
		{ "b", B.client, ClientEndpoint_IFACE_ID, false, false },
		{ "own", 0, 0, false, true },
		{ "console", console, Console_IFACE_ID, false, false },
		{ 0 },
	};
	if (extra)
		g[4] = *extra;
	const char *argv[] = { "sesstest_child", mode };
	const struct rt_spawn_req q = {
		.name = "sesstest_child", .binary = "sesstest_child",
		.grants = g, .n = extra ? 5 : 4,
		.argv = argv, .argc = 2, .session = session,
	};
	return rt_spawn_req(spawner, &q, proc, 0, 0);
}

/* ... with a Timer grant (tm) if any. */
static int32_t spawn_child(const char *mode, cap_handle_t session,
			   cap_handle_t tm, bool move, cap_handle_t *proc)
{
	const struct rt_grant t = { "timer", tm, Timer_IFACE_ID, move, false };
	return spawn_child_with(mode, session, tm == CAP_HANDLE_NONE ? 0 : &t,
				proc);
}

static int64_t child_exit(cap_handle_t proc)
{
	struct rt_exit ex;
	int32_t st = rt_proc_wait(proc, &ex);
	rt_release(proc);
	return st < 0 ? st : ex.kind == RT_EXIT_CODE ? ex.code : -100 - ex.kind;
}

/* Receive the next call on e; fails the check `name` unless it is `m`. */
static struct rt_incoming serve(struct ep_pair e, uint16_t m, const char *name)
{
	struct rt_incoming in = rt_recv(e.raw, inbuf, sizeof(inbuf));
	CHECK(name, in.status >= 0 && in.hdr->method == m,
	      "status %d method %d, want %u", in.status,
	      in.status >= 0 ? in.hdr->method : -1, m);
	return in;
}

static void reply(struct ep_pair e, const struct rt_incoming *in,
		  const struct ring_xfer *x)
{
	if (in->status >= 0)
		rt_return(e.raw, in->hdr->call_id, 0, 0, x, x ? 1 : 0, false);
}

static bool ref_eq(const uint64_t *x, const uint64_t *y)
{
	return x[0] == y[0] && x[1] == y[1];
}

/* A ping child in `session`; *ref gets the reference A saw. */
static int64_t ping_child(cap_handle_t session, cap_handle_t tm, bool move,
			  uint64_t ref[2], int32_t *spawn_st)
{
	cap_handle_t proc;
	*spawn_st = spawn_child("ping", session, tm, move, &proc);
	if (*spawn_st < 0)
		return -1;
	struct rt_incoming in = serve(A, M_PING, "ping_child_called");
	if (in.status >= 0)
		memcpy(ref, in.hdr->session_ref, 16);
	reply(A, &in, 0);
	return child_exit(proc);
}

/* ---- cases ------------------------------------------------------------- */

static void test_profiles(void)
{
	static const struct { unsigned p; const char *who; } want[] = {
		{ Profile_anonymous, "" }, { Profile_guest, "guest-1" },
		{ Profile_operator, "alice@local" },
	};
	for (unsigned i = 0; i < 3; i++) {
		cap_handle_t s;
		int32_t st = sess_create(want[i].p, want[i].who, 0, &s);
		struct info in = sess_info(s);
		CHECK(Profile_name_of(want[i].p), st >= 0 && in.st >= 0 &&
		      in.profile == want[i].p && !strcmp(in.who, want[i].who) &&
		      in.live && in.expires == 0,
		      "create %d info %d profile %u who '%s' live %d exp %lu",
		      st, in.st, in.profile, in.who, in.live, in.expires);
		sess_end(s);
		rt_release(s);
	}
}

static void test_refused(void)
{
	static const char long63[] = "1234567890123456789012345678901234567890"
				     "12345678901234567890123";
	cap_handle_t s;
	CHECK("system_refused", sess_create(Profile_system, "root", 0, &s) ==
	      ERR_DENIED && s == CAP_HANDLE_NONE, "handle 0x%x", s);
	CHECK("unknown_profile", sess_create(9, "x", 0, &s) == ERR_INVALID, "-");
	int32_t st = sess_create(Profile_guest, long63, 0, &s);
	CHECK("principal_63_ok", st >= 0 && !strcmp(sess_info(s).who, long63),
	      "status %d", st);
	sess_end(s);
	rt_release(s);
	char long64[65];
	memcpy(long64, long63, 63);
	long64[63] = 'x', long64[64] = 0;
	CHECK("principal_64_refused",
	      sess_create(Profile_guest, long64, 0, &s) == ERR_TOO_LARGE, "-");
	CHECK("principal_space_refused",
	      sess_create(Profile_guest, "a b", 0, &s) == ERR_INVALID, "-");
	CHECK("lifetime_too_long",
	      sess_create(Profile_guest, "x", 86400001, &s) == ERR_TOO_LARGE, "-");
	CHECK("end_wrong_interface", sess_end(timer) == ERR_WRONG_INTERFACE, "-");
	cap_handle_t proc;
	CHECK("spawn_session_wrong_interface",
	      spawn_child("ping", timer, CAP_HANDLE_NONE, false, &proc) ==
	      ERR_WRONG_INTERFACE, "-");
}

static void test_boot_refs(void)
{
	struct ipc_msg_header h1, h2, hb;
	int32_t a1 = self_call(A, &h1, 0, 0), a2 = self_call(A, &h2, 0, 0);
	int32_t b1 = self_call(B, &hb, 0, 0);
	memcpy(boot_a, h1.session_ref, 16);
	memcpy(boot_b, hb.session_ref, 16);
	CHECK("boot_ref_live", a1 >= 0 && b1 >= 0 &&
	      h1.session_flags == IPC_SESSION_LIVE && h1.session_epoch == 1 &&
	      (boot_a[0] | boot_a[1]), "status %d flags %u epoch %u", a1,
	      h1.session_flags, h1.session_epoch);
	CHECK("boot_ref_stable", a2 >= 0 && ref_eq(h1.session_ref, h2.session_ref),
	      "refs differ");
	CHECK("boot_ref_per_endpoint", !ref_eq(boot_a, boot_b), "same ref");
	// tests/qemu/test_session.py compares this across two boots of this
	// same program: the same endpoint (A, made first) called from the
	// boot session, so only what the kernel picks per boot (the HMAC key,
	// the session's random id) can make them differ.
	rt_printf("sesstest: bootref %016lx%016lx\n", (unsigned long)boot_a[1],
		  (unsigned long)boot_a[0]);
	uint64_t r[2];
	int32_t sp;
	int64_t code = ping_child(CAP_HANDLE_NONE, CAP_HANDLE_NONE, false, r, &sp);
	CHECK("system_child_same_ref", code == 0 && ref_eq(r, boot_a),
	      "spawn %d exit %ld", sp, code);
}

static void test_unknown_scope(void)
{
	struct ring_xfer x = { timer, RING_XFER_COPY, RING_XFER_SCOPE_COUNT };
	uint64_t ud = rt_next_user_data();
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = A.client,
			      .result_addr = (uint64_t)results,
			      .result_len = sizeof(results), .user_data = ud,
			      .xfer_addr = (uint64_t)&x, .xfer_count = 1 };
	int32_t st = rt_submit_wait(&s).result;
	CHECK("unknown_scope_endpoint", st == ERR_BAD_TRANSFER, "status %d", st);
	x.scope = 1ull << 40;
	CHECK("unknown_scope_kernel", timer_now(timer, &x) == ERR_BAD_TRANSFER,
	      "-");
	struct ipc_msg_header h;
	x.scope = RING_XFER_SCOPE_SHAREABLE;
	CHECK("nothing_queued", self_call(A, &h, 0, 0) >= 0 && h.ncaps == 0,
	      "a refused call reached the server");
}

/* Scoped capabilities in the boot session: the system may pass on a
 * serviceRegrantOnly one; a sameSession one stays in the boot session. */
static void test_scopes_from_system(void)
{
	struct ipc_msg_header h;
	cap_handle_t regrant, same, u;
	struct ring_xfer x = { timer, RING_XFER_COPY, RING_XFER_SCOPE_REGRANT_ONLY };
	self_call(A, &h, &x, &regrant);
	x.scope = RING_XFER_SCOPE_SAME_SESSION;
	self_call(A, &h, &x, &same);
	CHECK("scoped_timers_work", regrant != CAP_HANDLE_NONE &&
	      same != CAP_HANDLE_NONE && timer_now(regrant, 0) > 0 &&
	      timer_now(same, 0) > 0, "handles 0x%x 0x%x", regrant, same);
	sess_create(Profile_guest, "g2", 0, &u);
	uint64_t r[2];
	int32_t sp;
	ping_child(u, same, true, r, &sp);
	CHECK("same_session_refused_across", sp == ERR_DENIED &&
	      timer_now(same, 0) > 0, "spawn %d", sp);
	int64_t code = ping_child(u, regrant, false, r, &sp);
	CHECK("regrant_by_system_ok", sp >= 0 && code == 0 &&
	      !ref_eq(r, boot_a), "spawn %d exit %ld", sp, code);
	code = ping_child(CAP_HANDLE_NONE, same, true, r, &sp);
	CHECK("same_session_within_ok", sp >= 0 && code == 0 &&
	      ref_eq(r, boot_a), "spawn %d exit %ld", sp, code);
	sess_end(u);
	rt_release(u);
	rt_release(regrant);
}

static void check_report(const struct rt_incoming *in)
{
	int32_t rep[REPORT_N] = { 0 };
	if (in->status >= 0 && in->hdr->params_len == sizeof(rep))
		memcpy(rep, in->params, sizeof(rep));
	CHECK("child_uses_scoped_timers", rep[R_USE_REGRANT] > 0 &&
	      rep[R_USE_SAME] > 0 && rep[R_USE_SAME_AFTER] > 0,
	      "%d %d %d", rep[R_USE_REGRANT], rep[R_USE_SAME],
	      rep[R_USE_SAME_AFTER]);
	CHECK("user_cannot_regrant", rep[R_PASS_REGRANT] == ERR_DENIED,
	      "status %d", rep[R_PASS_REGRANT]);
	CHECK("same_session_not_to_system", rep[R_PASS_SAME] == ERR_DENIED,
	      "status %d", rep[R_PASS_SAME]);
	CHECK("same_session_to_same_session", rep[R_SAME_TO_SELF] >= 0,
	      "status %d", rep[R_SAME_TO_SELF]);
}

/* The child holds M_HOLD while we end its session. */
static void end_while_held(cap_handle_t s, const struct rt_incoming *hold)
{
	uint64_t ud = rt_next_user_data();
	wait_end_submit(s, ud);
	int32_t st = sess_end(s);
	int32_t w = rt_wait(ud).result;
	struct info i = sess_info(s);
	CHECK("end_completes_wait", st >= 0 && wait_results_ok(w),
	      "end %d wait %d", st, w);
	CHECK("info_after_end", i.st >= 0 && !i.live &&
	      i.profile == Profile_operator && !strcmp(i.who, "alice"),
	      "status %d live %d", i.st, i.live);
	CHECK("wait_after_end_at_once", wait_end(s) == w, "-");
	CHECK("end_twice", sess_end(s) >= 0, "-");
	reply(A, hold, 0);
}

static void test_user_child(void)
{
	cap_handle_t s, proc;
	uint64_t pre[2], r1[2], r2[2];
	int32_t sp;
	sess_create(Profile_operator, "alice", 0, &s);
	int64_t code = ping_child(s, CAP_HANDLE_NONE, false, pre, &sp);
	CHECK("user_ref_not_boot", code == 0 && !ref_eq(pre, boot_a),
	      "spawn %d exit %ld", sp, code);
	sp = spawn_child("script", s, CAP_HANDLE_NONE, false, &proc);
	CHECK("script_child_spawned", sp >= 0, "status %d", sp);
	struct rt_incoming in = serve(A, M_PING, "ping_1");
	CHECK("user_ref_live", in.status >= 0 &&
	      in.hdr->session_flags == IPC_SESSION_LIVE &&
	      in.hdr->session_epoch == 1, "-");
	memcpy(r1, in.hdr->session_ref, 16);
	reply(A, &in, 0);
	in = serve(A, M_PING, "ping_2");
	memcpy(r2, in.hdr->session_ref, 16);
	reply(A, &in, 0);
	CHECK("user_ref_stable", ref_eq(r1, r2) && ref_eq(r1, pre), "-");
	in = serve(B, M_PING, "ping_b");
	CHECK("user_ref_per_endpoint", in.status >= 0 &&
	      !ref_eq(in.hdr->session_ref, r1) &&
	      !ref_eq(in.hdr->session_ref, boot_b), "-");
	reply(B, &in, 0);
	struct ring_xfer x = { timer, RING_XFER_COPY, RING_XFER_SCOPE_REGRANT_ONLY };
	in = serve(A, M_GIVE_REGRANT, "give_regrant");
	reply(A, &in, &x);
	x.scope = RING_XFER_SCOPE_SAME_SESSION;
	in = serve(A, M_GIVE_SAME, "give_same");	/* no M_PASS came */
	reply(A, &in, &x);
	in = serve(A, M_REPORT, "report");
	check_report(&in);
	reply(A, &in, 0);
	in = serve(A, M_HOLD, "hold");
	end_while_held(s, &in);
	code = child_exit(proc);
	CHECK("child_revoked_after_end", code == 0, "exit %ld (10 + bits: "
	      "1 CALL, 2 sameSession, 4 RECV not refused)", code);
	CHECK("spawn_into_ended", spawn_child("ping", s, CAP_HANDLE_NONE, false,
					      &proc) == ERR_REVOKED, "-");
	rt_release(s);
}

static void test_wait_cancel(void)
{
	cap_handle_t s;
	sess_create(Profile_anonymous, "", 0, &s);
	uint64_t ud = rt_next_user_data();
	wait_end_submit(s, ud);
	rt_release(s);		/* the pending wait keeps the session */
	struct ring_sqe c = { .opcode = RING_OP_CANCEL, .addr = ud };
	int32_t st = rt_submit_wait(&c).result;
	int32_t w = rt_wait(ud).result;
	CHECK("wait_cancelled", st == 0 && w == ERR_CANCELLED,
	      "cancel %d wait %d", st, w);
}

/* A process that exits with a waitEnd pending: its thread's exit cancels
 * it, and the session's end later finds no waiter. */
static void test_wait_at_exit(void)
{
	cap_handle_t s, proc;
	sess_create(Profile_guest, "leaver", 0, &s);
	const struct rt_grant us = { "us", s, UserSession_IFACE_ID, false, false };
	int32_t sp = spawn_child_with("waitexit", CAP_HANDLE_NONE, &us, &proc);
	struct rt_incoming in = serve(A, M_PING, "waitexit_called");
	reply(A, &in, 0);
	int64_t code = sp >= 0 ? child_exit(proc) : -1;
	CHECK("wait_cancelled_at_exit", sp >= 0 && code == 0 && sess_end(s) >= 0 &&
	      !sess_info(s).live, "spawn %d exit %ld", sp, code);
	rt_release(s);
}

static void test_expiry(void)
{
	cap_handle_t s, proc;
	uint64_t t0 = rt_time_now();
	int32_t st = sess_create(Profile_guest, "brief", 200, &s);
	struct info i = sess_info(s);
	uint64_t t1 = rt_time_now();
	CHECK("expiry_deadline", st >= 0 && i.live &&
	      i.expires >= t0 + 200000000 && i.expires <= t1 + 200000000,
	      "expires %lu, t0 %lu", i.expires, t0);
	int32_t w = wait_end(s);
	uint64_t t2 = rt_time_now();
	i = sess_info(s);
	CHECK("expiry_ends_session", wait_results_ok(w) && !i.live &&
	      t2 >= t0 + 200000000,
	      "wait %d live %d after %lu ms", w, i.live, (t2 - t0) / 1000000);
	CHECK("spawn_into_expired", spawn_child("ping", s, CAP_HANDLE_NONE,
						false, &proc) == ERR_REVOKED, "-");
	rt_release(s);
}

int main(void)
{
	console = rt_cap_find("console", Console_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	endpoints = rt_cap_find("endpoints", EndpointFactory_IFACE_ID);
	sessions = rt_cap_find("sessions", SessionAuthority_IFACE_ID);
	CHECK("has_session_authority", sessions != CAP_HANDLE_NONE, "no \"sessions\"");
	if (sessions == CAP_HANDLE_NONE)
		return tcheck_summary();
	A = ep_new();
	B = ep_new();
	test_profiles();
	test_refused();
	test_boot_refs();
	test_unknown_scope();
	test_scopes_from_system();
	test_user_child();
	test_wait_cancel();
	test_wait_at_exit();
	test_expiry();
	return tcheck_summary();
}
