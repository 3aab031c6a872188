/* The scenario steps, in the order main runs them. */
#include "user/logintest/logintest.h"

struct bundle_view anon_v, op_v;
cap_handle_t s_anon = CAP_HANDLE_NONE, s_op = CAP_HANDLE_NONE;
static uint32_t delay1, delay2;

void step_anonymous(void)
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

void step_failures(void)
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

void step_login(void)
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

void step_launch(void)
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

void step_audit(void)
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

void step_guest(void)
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

void step_setup(void)
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

void step_logout(void)
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
void step_recycle(void)
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

