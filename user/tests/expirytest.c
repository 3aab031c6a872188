/* expirytest: the client of system/test-login-expiry.capnp, where sessmgr
 * gives operator sessions a lifetime (`operatorLifetimeMs=400`; our arg
 * `lifetimeMs=` says the same). It logs in as alice, takes the operator
 * bundle and uses it while the session is live: the launcher starts
 * expirytest_child (which keeps calling its Timer) and runs exit3. Then it
 * waits for the session's end (UserSession.waitEnd) and checks that the
 * session failed closed: info() says not live, every bundle capability
 * fails, the launcher starts nothing, the broker refuses a new bundle for
 * the session, and the child's calls failed with ERR_REVOKED. An
 * anonymous session still gets its bundle, and alice may log in again.
 * One line per check (`expirytest: NAME ... ok` or `... FAILED: why`),
 * then `expirytest: N passed, M failed`; tests/qemu/test_expiry.py reads
 * them. */
#include <string.h>
#include "capos/exception.h"
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "lib/ident/audit_ring.h"
#include "user/rt/rt.h"
#include "user/tests/ident_client.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("expirytest")

#define MS 1000000ull

static cap_handle_t sessions, brokercap, timer;
static char motd_arg[256];
static uint64_t lifetime_ms;

/* ---- sessions ---------------------------------------------------------- */

/* SessionManager.login: the session, or NONE (the reason in why). */
static cap_handle_t login(const char *user, const char *pw, char *why,
			  size_t whylen)
{
	uint8_t p[512], r[512];
	struct capn_call c;
	struct ring_cqe cqe;
	struct capn_msg m;
	SessionManager_login_Results_r res;
	SessionManager_login_prepare(&c, p, sizeof p, user, strlen(user), pw,
				     strlen(pw));
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(sessions, &c, 0, 0, &cqe);
	memset(p, 0, sizeof p);
	if (st < 0) {
		exception_text(&c, st, why, whylen);
		return CAP_HANDLE_NONE;
	}
	if (SessionManager_login_results(&m, &c, st, &res)) {
		fmt_snprintf(why, whylen, "unreadable results");
		return CAP_HANDLE_NONE;
	}
	LoginOutcome_r lo = SessionManager_login_Results_get_outcome(res);
	if (LoginOutcome_which(lo) == LoginOutcome_which_session)
		return rt_result_cap(&c, &cqe, LoginOutcome_get_session(lo),
				     UserSession_IFACE_ID);
	struct capn_text t = Denial_get_message(LoginOutcome_get_denied(lo));
	fmt_snprintf(why, whylen, "denied: %.*s", (int)t.len, t.str);
	return CAP_HANDLE_NONE;
}

struct info {
	int32_t st;
	Profile profile;
	char principal[64];
	bool live;
	uint64_t expires;
};

static struct info session_info(cap_handle_t s)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	UserSession_info_Results_r res;
	struct info i = { .profile = Profile_system };
	UserSession_info_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(s, &c);
	if (UserSession_info_results(&m, &c, st, &res)) {
		i.st = st < 0 ? st : ERR_INTERNAL;
		return i;
	}
	struct capn_text t = UserSession_info_Results_get_principal(res);
	fmt_snprintf(i.principal, sizeof i.principal, "%.*s", (int)t.len,
		     t.str);
	i.profile = UserSession_info_Results_get_profile(res);
	i.live = UserSession_info_Results_get_live(res);
	i.expires = UserSession_info_Results_get_expiresNs(res);
	return i;
}

static int32_t wait_end(cap_handle_t s)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	UserSession_waitEnd_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	return rt_call(s, &c);
}

/* ---- the broker and the bundle ----------------------------------------- */

static int32_t bundle(cap_handle_t s, struct bundle_view *v, char *why,
		      size_t whylen)
{
	return ident_bundle(rt_call_xfer, brokercap, s, v, why, whylen);
}

static int32_t list(cap_handle_t l)
{
	uint8_t p[64], r[1024];
	struct capn_call c;
	Launcher_list_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	return rt_call(l, &c);
}

static int32_t audit_read(cap_handle_t reader)
{
	static uint8_t r[AUDIT_READ_RESULT_BYTES(AUDIT_READ_MAX)];
	uint8_t p[64];
	struct capn_call c;
	AuditReader_read_prepare(&c, p, sizeof p, 0, AUDIT_READ_MAX);
	capn_call_set_results(&c, r, sizeof r);
	return rt_call(reader, &c);
}

/* Launcher.launch of `bin`, with our Timer as "timer" if `with_timer`. */
static int32_t launch(cap_handle_t l, const char *bin, bool with_timer,
		      cap_handle_t *job, char *why, size_t whylen)
{
	const struct grant g = { "timer", timer, Timer_IFACE_ID };
	return ident_launch(rt_call_xfer, l, bin, &g, with_timer, CAP_HANDLE_NONE,
			    job, why, whylen);
}

/* ---- the scenario ------------------------------------------------------ */

static struct bundle_view op_v;
static cap_handle_t s_op = CAP_HANDLE_NONE, child_job = CAP_HANDLE_NONE;
static uint64_t t_login;

static void step_login(void)
{
	char why[160] = "", buf[256];
	t_login = rt_time_now();
	s_op = login("alice", "wonderland", why, sizeof why);
	uint64_t t1 = rt_time_now();
	CHECK("login", s_op != CAP_HANDLE_NONE, "%s", why);
	struct info i = session_info(s_op);
	CHECK("operator_expires", !i.st && i.profile == Profile_operator &&
	      i.live && !strcmp(i.principal, "alice") &&
	      i.expires >= t_login + lifetime_ms * MS &&
	      i.expires <= t1 + lifetime_ms * MS, "status %d profile %u live "
	      "%d expires %lu, login %lu..%lu", i.st, i.profile, i.live,
	      (unsigned long)i.expires, (unsigned long)t_login,
	      (unsigned long)t1);
	int32_t st = bundle(s_op, &op_v, why, sizeof why);
	CHECK("operator_bundle", !st && !strcmp(bundle_names(&op_v, buf,
	      sizeof buf), "launcher,systemInfo,audit"), "status %d (%s), caps "
	      "%s", st, why, buf);
}

/* All of it well inside the lifetime (the checks say if it was not). */
static void step_use(void)
{
	char why[160] = "", buf[256];
	cap_handle_t job;
	int64_t code = -1;
	int32_t st = launch(bundle_cap(&op_v, "launcher"), "expirytest_child",
			    true, &child_job, why, sizeof why);
	CHECK("child_launched", st >= 0, "status %d (%s)", st, why);
	st = launch(bundle_cap(&op_v, "launcher"), "exit3", false, &job, why,
		    sizeof why);
	int32_t wst = st < 0 ? st : ident_job_wait(job, &code);
	CHECK("launch_before_expiry_runs", st >= 0 && !wst && code == 3,
	      "status %d (%s), wait %d, code %ld", st, why, wst, (long)code);
	int32_t m = motd(bundle_cap(&op_v, "systemInfo"), buf, sizeof buf);
	int32_t a = audit_read(bundle_cap(&op_v, "audit"));
	uint64_t t = rt_time_now();
	CHECK("bundle_works_before_expiry", !m && !strcmp(buf, motd_arg) &&
	      a >= 0, "motd %d '%s', audit %d", m, buf, a);
	CHECK("used_within_lifetime", t < t_login + lifetime_ms * MS,
	      "%lu ms after login", (unsigned long)((t - t_login) / MS));
	rt_printf("expirytest: bundle used until %lu ms after login\n",
		  (unsigned long)((t - t_login) / MS));
}

/* The broker revokes on its own waitEnd, which may complete just after
 * ours: allow it a moment. */
static bool fails_soon(int which)
{
	char buf[256];
	for (int i = 0; i < 40; i++) {
		int32_t st = which == 0 ? list(bundle_cap(&op_v, "launcher"))
			     : which == 1 ? motd(bundle_cap(&op_v, "systemInfo"),
						 buf, sizeof buf)
			     : audit_read(bundle_cap(&op_v, "audit"));
		if (st < 0)
			return true;
		rt_sleep_ns(50 * MS);
	}
	return false;
}

static void step_expire(void)
{
	char why[160] = "";
	struct bundle_view v;
	cap_handle_t job;
	int64_t code = -1;
	int32_t w = wait_end(s_op);
	uint64_t t = rt_time_now();
	CHECK("session_expires", w >= 0 && t >= t_login + lifetime_ms * MS,
	      "waitEnd %d after %lu ms", w, (unsigned long)((t - t_login) / MS));
	rt_printf("expirytest: ended %lu ms after login\n",
		  (unsigned long)((t - t_login) / MS));
	struct info i = session_info(s_op);
	CHECK("info_not_live", !i.st && !i.live && i.profile == Profile_operator
	      && !strcmp(i.principal, "alice"), "status %d live %d profile %u",
	      i.st, i.live, i.profile);
	CHECK("expired_launcher_fails", fails_soon(0), "list still answers");
	CHECK("expired_systeminfo_fails", fails_soon(1), "motd still answers");
	CHECK("expired_audit_fails", fails_soon(2), "read still answers");
	int32_t st = launch(bundle_cap(&op_v, "launcher"), "exit3", false,
			    &job, why, sizeof why);
	CHECK("expired_launcher_launches_nothing", st < 0, "status %d", st);
	st = bundle(s_op, &v, why, sizeof why);
	CHECK("refresh_refused", st == ERR_APPLICATION_EXCEPTION && v.n == 0 &&
	      contains(why, "ended"), "status %d (%s), %u caps", st, why, v.n);
	st = child_job == CAP_HANDLE_NONE ? ERR_NOT_FOUND
					   : ident_job_wait(child_job, &code);
	CHECK("child_calls_revoked", !st && code == 0, "wait %d, exit %ld "
	      "(1: never worked, 2: other error, 3: never failed)", st,
	      (long)code);
}

static void step_after(void)
{
	char why[160] = "", buf[256];
	struct bundle_view v;
	cap_handle_t a = ident_anonymous(sessions);
	int32_t st = a == CAP_HANDLE_NONE ? ERR_NOT_FOUND
					  : bundle(a, &v, why, sizeof why);
	int32_t m = st ? st : motd(bundle_cap(&v, "systemInfo"), buf,
				   sizeof buf);
	CHECK("anonymous_still_works", !st && !m && !strcmp(buf, motd_arg) &&
	      !strcmp(bundle_names(&v, why, sizeof why), "systemInfo"),
	      "bundle %d motd %d '%s'", st, m, buf);
	cap_handle_t again = login("alice", "wonderland", why, sizeof why);
	struct info i = again == CAP_HANDLE_NONE ? (struct info){ .st = -1 }
						 : session_info(again);
	CHECK("login_again", !i.st && i.live && i.profile == Profile_operator,
	      "%s (status %d live %d)", why, i.st, i.live);
}

static uint64_t arg_num(const char *key, uint64_t fallback)
{
	size_t n = strlen(key);
	for (int i = 0; i < rt_argc(); i++) {
		const char *a = rt_argv(i), *s;
		uint64_t v = 0;
		if (!a || strncmp(a, key, n) || a[n] != '=')
			continue;
		for (s = a + n + 1; *s >= '0' && *s <= '9'; s++)
			v = v * 10 + (uint64_t)(*s - '0');
		return v;
	}
	return fallback;
}

int main(void)
{
	sessions = rt_cap_find("sessions", SessionManager_IFACE_ID);
	brokercap = rt_cap_find("broker", AuthorityBroker_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	for (int i = 0; i < rt_argc(); i++)
		if (!strncmp(rt_argv(i), "motd=", 5))
			fmt_snprintf(motd_arg, sizeof motd_arg, "%s", rt_argv(i) + 5);
	lifetime_ms = arg_num("lifetimeMs", 400);
	if (sessions == CAP_HANDLE_NONE || brokercap == CAP_HANDLE_NONE ||
	    timer == CAP_HANDLE_NONE) {
		rt_printf("expirytest: missing grants\n");
		return 2;
	}
	step_login();
	step_use();
	step_expire();
	step_after();
	return tcheck_summary();
}
