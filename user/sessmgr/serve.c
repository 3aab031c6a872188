/* SessionManager and LocalSetup: decisions and their audit records.
 *
 * Audit vocabulary (event result reason):
 *   anonymous success ok
 *   login|setup success ok            detail "principal=P profile=F"
 *   login|setup denied bad-credentials delayMs = the delay it scheduled
 *   login|setup denied retry-too-soon  delayMs = what was left; unchecked
 *   login|setup denied policy          the account may not log in here
 *   setup denied refused              CredentialStore.create refused
 *   guest success ok | guest denied policy
 *   logout success ok                 detail "principal=P profile=F"
 *   logout denied not-a-session
 * A denial never names a user, principal or profile. */
#include <string.h>
#include "capos/exception.h"
#include "lib/fmt/fmt.h"
#include "user/rt/ipc.h"
#include "user/sessmgr/sessmgr.h"

#define SM_MSG_FAILED "login failed: unknown user or wrong password"
#define SM_MSG_RETRY "login refused: too soon after a failed attempt"

static uint8_t sm_out[1024];

static void sm_deny(LoginOutcome_b o, const char *msg, uint32_t ms)
{
	Denial_b d = LoginOutcome_init_denied(o);
	Denial_set_message(d, msg, strlen(msg));
	Denial_set_delayMs(d, ms);
}

static void sm_detail(char *buf, size_t cap, const char *principal,
		      Profile profile)
{
	const char *pn = Profile_name_of(profile);
	fmt_snprintf(buf, cap, "principal=%s profile=%s", principal,
		     pn ? pn : "?");
}

static bool sm_may_log_in(Profile p)
{
	return p == Profile_operator || p == Profile_guest;
}

/* A checked attempt failed: schedule the next delay, audit, deny. */
static int sm_failed(struct sm_call *x, const char *event, const char *reason,
		     LoginOutcome_b o)
{
	struct sessmgr *S = x->S;
	uint32_t ms = login_delay_fail(&S->delay, &S->policy, rt_time_now());
	sm_audit(S, event, "denied", reason, ms, "");
	sm_deny(o, SM_MSG_FAILED, ms);
	return 0;
}

static int sm_open(struct sm_call *x, const char *event, const char *principal,
		   Profile profile, LoginOutcome_b o)
{
	struct sessmgr *S = x->S;
	uint64_t life = profile == Profile_operator ? S->operator_lifetime_ms
						    : 0;
	char detail[128];
	int err = sm_session_create(S, profile, principal, life, &x->out);
	if (err) {
		fmt_snprintf(x->why, sizeof x->why, "%s: cannot create the "
			     "session: %s", event, capos_strerror(err));
		return err;
	}
	login_delay_success(&S->delay);
	sm_detail(detail, sizeof detail, principal, profile);
	sm_audit(S, event, "success", "ok", 0, detail);
	LoginOutcome_set_session(o, 0);
	return 0;
}

/* The login path (login, and setup after it made the account). */
static int sm_login_path(struct sm_call *x, const char *event,
			 struct capn_text user, struct capn_data pw,
			 LoginOutcome_b o)
{
	struct sessmgr *S = x->S;
	uint32_t left = login_delay_remaining_ms(&S->delay, rt_time_now());
	if (left) {	/* refused before anything is looked at */
		sm_audit(S, event, "denied", "retry-too-soon", left, "");
		sm_deny(o, SM_MSG_RETRY, left);
		return 0;
	}
	if (user.len == 0 || user.len > CredentialStore_maxUser ||
	    pw.len > CredentialStore_maxPassword)
		return sm_failed(x, event, "bad-credentials", o);
	char principal[UserSession_maxPrincipal + 1];
	Profile profile = Profile_anonymous;
	int ok = sm_verify(S, user, pw, principal, sizeof principal, &profile);
	if (ok < 0) {
		fmt_snprintf(x->why, sizeof x->why, "%s: the credential store "
			     "failed: %s", event, capos_strerror(ok));
		return ok;
	}
	if (!ok)
		return sm_failed(x, event, "bad-credentials", o);
	if (!sm_may_log_in(profile))
		return sm_failed(x, event, "policy", o);
	return sm_open(x, event, principal, profile, o);
}

static int sm_anonymous(void *self, SessionManager_anonymous_Params_r p,
			SessionManager_anonymous_Results_b r)
{
	struct sm_call *x = self;
	int err = sm_session_create(x->S, Profile_anonymous, "", 0, &x->out);
	if (err) {
		fmt_snprintf(x->why, sizeof x->why, "anonymous: cannot create "
			     "the session: %s", capos_strerror(err));
		return err;
	}
	sm_audit(x->S, "anonymous", "success", "ok", 0, "");
	SessionManager_anonymous_Results_set_session(r, 0);
	return 0;
}

static int sm_login(void *self, SessionManager_login_Params_r p,
		    SessionManager_login_Results_b r)
{
	return sm_login_path(self, "login",
			     SessionManager_login_Params_get_user(p),
			     SessionManager_login_Params_get_password(p),
			     SessionManager_login_Results_init_outcome(r));
}

static int sm_guest(void *self, SessionManager_guest_Params_r p,
		    SessionManager_guest_Results_b r)
{
	struct sm_call *x = self;
	if (!x->S->guest_ok) {
		sm_audit(x->S, "guest", "denied", "policy", 0, "");
		fmt_snprintf(x->why, sizeof x->why, "no guest account here");
		return ERR_DENIED;
	}
	int err = sm_session_create(x->S, Profile_guest, "guest", 0, &x->out);
	if (err) {
		fmt_snprintf(x->why, sizeof x->why, "guest: cannot create the "
			     "session: %s", capos_strerror(err));
		return err;
	}
	sm_audit(x->S, "guest", "success", "ok", 0, "principal=guest "
		 "profile=guest");
	SessionManager_guest_Results_set_session(r, 0);
	return 0;
}

/* The capability behind capability pointer k of the call, if it is one
 * of interface iface. */
static cap_handle_t sm_arg_cap(const struct rt_incoming *in, uint32_t k,
			       uint64_t iface)
{
	if (k >= in->hdr->ncaps || in->caps[k].interface_id != iface)
		return CAP_HANDLE_NONE;
	return in->caps[k].handle;
}

static int sm_logout(void *self, SessionManager_logout_Params_r p,
		     SessionManager_logout_Results_b r)
{
	struct sm_call *x = self;
	uint32_t k = SessionManager_logout_Params_get_session(p);
	cap_handle_t s = sm_arg_cap(x->in, k, UserSession_IFACE_ID);
	char principal[UserSession_maxPrincipal + 1] = "", detail[128];
	Profile profile = Profile_anonymous;
	int err = s == CAP_HANDLE_NONE ? ERR_WRONG_INTERFACE : 0;
	if (!err)
		err = sm_session_info(s, &profile, principal, sizeof principal);
	if (!err)
		err = sm_session_end(x->S, s);
	if (err) {
		sm_audit(x->S, "logout", "denied", "not-a-session", 0, "");
		fmt_snprintf(x->why, sizeof x->why, "logout: not a live "
			     "session (%s)", capos_strerror(err));
		return err;
	}
	sm_detail(detail, sizeof detail, principal, profile);
	sm_audit(x->S, "logout", "success", "ok", 0, detail);
	return 0;
}

static const struct SessionManager_server sm_server = {
	.anonymous = sm_anonymous, .login = sm_login, .guest = sm_guest,
	.logout = sm_logout,
};

static int sm_setup(void *self, LocalSetup_create_Params_r p,
		    LocalSetup_create_Results_b r)
{
	struct sm_call *x = self;
	struct sessmgr *S = x->S;
	struct capn_text user = LocalSetup_create_Params_get_user(p);
	struct capn_data pw = LocalSetup_create_Params_get_password(p);
	LoginOutcome_b o = LocalSetup_create_Results_init_outcome(r);
	uint32_t left = login_delay_remaining_ms(&S->delay, rt_time_now());
	if (left) {
		sm_audit(S, "setup", "denied", "retry-too-soon", left, "");
		sm_deny(o, SM_MSG_RETRY, left);
		return 0;
	}
	int err = sm_store_create(S, user, pw, x->why, sizeof x->why);
	if (err) {
		sm_audit(S, "setup", "denied", "refused", 0, "");
		return err;
	}
	return sm_login_path(x, "setup", user, pw, o);
}

static const struct LocalSetup_server sm_setup_server = {
	.create = sm_setup,
};

/* A session made for a call that cannot take it: nobody may hold a live
 * session that no one knows about. */
static void sm_drop(struct sessmgr *S, cap_handle_t session)
{
	if (session == CAP_HANDLE_NONE)
		return;
	sm_session_end(S, session);
	rt_release(session);
}

/* Serve one call: the handler's results and session, or a CapException
 * with its reason. Every capability that came with the call is ours to
 * drop afterwards (logout's session was only copied on), and the
 * parameters, which may hold a password, are wiped. */
static void sm_serve(struct sessmgr *S, cap_handle_t ep,
		     const struct rt_incoming *in, bool setup)
{
	struct sm_call x = { .S = S, .in = in, .out = CAP_HANDLE_NONE };
	struct capn_dispatch d;
	capn_dispatch_init(&d, in->hdr->method, in->params, in->hdr->params_len,
			   sm_out, sizeof sm_out);
	int err = setup ? LocalSetup_dispatch(&sm_setup_server, &x, &d)
			: SessionManager_dispatch(&sm_server, &x, &d);
	sm_wipe((void *)in->params, in->hdr->params_len);
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
	if (err < 0) {
		sm_drop(S, x.out);
		rt_return_exception(ep, in, x.why[0] ? x.why
						  : capos_strerror(err));
		return;
	}
	struct ring_xfer out = { .cap = x.out, .mode = RING_XFER_MOVE };
	bool give = x.out != CAP_HANDLE_NONE;
	if (rt_return(ep, in->hdr->call_id, sm_out, (uint32_t)d.results_len,
		      &out, give ? 1 : 0, false) < 0 && give)
		sm_drop(S, x.out);	/* the caller is gone */
}

void sm_on_sessions(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	struct sessmgr *S = ctx;
	if (in->status >= 0)
		sm_serve(S, S->sessions_ep, in, false);
	else
		rt_printf("sessions endpoint failed: %s\n",
			  capos_strerror(in->status));
}

void sm_on_setup(struct rt_loop *l, void *ctx, const struct rt_incoming *in)
{
	struct sessmgr *S = ctx;
	if (in->status >= 0)
		sm_serve(S, S->setup_ep, in, true);
	else
		rt_printf("setup endpoint failed: %s\n",
			  capos_strerror(in->status));
}
