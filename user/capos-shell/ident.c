/* Sessions in the shell: it starts anonymous (SessionManager.anonymous),
 * holds the bundle the AuthorityBroker gives its session, and swaps both
 * on login, setup, guest and logout. The shell process itself keeps its
 * boot session; what it launches runs in the session of the bundle's
 * launcher. Passwords are read with hidden echo, passed once, and wiped.
 * Without "sessions" and "broker" (test manifests) none of this applies:
 * the shell keeps what its CapSet gives it. */
#include <string.h>
#include "capos/identity.h"
#include "capos/interfaces.h"
#include "capos/process.h"
#include "user/capos-shell/shell.h"

#define IDENT_USER_MAX 32
#define IDENT_PASS_MAX 256

static void ident_bundle_drop(void)
{
	for (uint32_t i = 0; i < sh.nbundle; i++)
		rt_release(sh.bundle[i].handle);
	sh.nbundle = 0;
	sh.launcher = rt_cap_find("launcher", Launcher_IFACE_ID);
	launch_forget_binaries();
}

static void ident_bundle_add(NamedCap_r nc, const struct ring_cqe *cqe,
			     const struct capn_call *c)
{
	struct capn_text n = NamedCap_get_name(nc);
	struct capn_text in = NamedCap_get_interfaceName(nc);
	const struct capos_iface *f = capos_iface_by_name(in.str, in.len);
	uint32_t k = NamedCap_get_cap(nc);
	if (!n.len || n.len >= CAPSET_NAME_MAX || !f || !(cqe->flags & RING_CQE_CAPS) ||
	    k >= cqe->aux0 || sh.nbundle >= SHELL_BUNDLE_MAX)
		return;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)c->results + cqe->aux1);
	struct capset_entry *e = &sh.bundle[sh.nbundle++];
	memset(e, 0, sizeof(*e));
	memcpy(e->name, n.str, n.len);
	e->interface_id = f->id;
	e->handle = r[k].handle;
	e->reserved = 1;	/* a client facet: passed on as it is */
	if (f->id == Launcher_IFACE_ID && !strcmp(e->name, "launcher"))
		sh.launcher = e->handle;
}

/* Ask the broker for the current session's bundle. */
static int32_t ident_bundle_fetch(void)
{
	static uint8_t params[128], results[4096];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	AuthorityBroker_bundle_Results_r r;
	struct ring_xfer x = { sh.session, RING_XFER_COPY, 0 };
	AuthorityBroker_bundle_prepare(&c, params, sizeof(params), 0);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.broker, &c, &x, 1, &cqe);
	ident_bundle_drop();
	if (AuthorityBroker_bundle_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INTERNAL;
	NamedCap_list_r l = AuthorityBroker_bundle_Results_get_caps(r);
	for (uint32_t i = 0; i < NamedCap_list_len(l); i++)
		ident_bundle_add(NamedCap_list_get(l, i), &cqe, &c);
	return 0;
}

static bool ident_motd(void)
{
	const struct capset_entry *e = bundle_find("systemInfo");
	uint8_t params[64];
	static uint8_t results[4096 + 128];
	struct capn_call c;
	struct capn_msg m;
	SystemInfo_motd_Results_r r;
	if (!e)
		return false;
	SystemInfo_motd_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(e->handle, &c);
	if (SystemInfo_motd_results(&m, &c, st, &r))
		return false;
	struct capn_text t = SystemInfo_motd_Results_get_text(r);
	term_write(t.str, t.len);
	term_fresh_line();
	return true;
}

/* Take `session` (a UserSession result capability) as the shell's. */
static void ident_adopt(cap_handle_t session)
{
	if (sh.session != CAP_HANDLE_NONE)
		rt_release(sh.session);
	sh.session = session;
	int32_t st = ident_bundle_fetch();
	if (st < 0)
		term_printf("session: no bundle from the broker: %s\n",
			    capos_strerror(st));
}

static cap_handle_t ident_anonymous(void)
{
	uint8_t params[64], results[128];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	SessionManager_anonymous_Results_r r;
	SessionManager_anonymous_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.sessions, &c, 0, 0, &cqe);
	if (SessionManager_anonymous_results(&m, &c, st, &r))
		return CAP_HANDLE_NONE;
	return rt_result_cap(&c, &cqe,
			     SessionManager_anonymous_Results_get_session(r),
			     UserSession_IFACE_ID);
}

bool ident_start(void)
{
	sh.session = CAP_HANDLE_NONE;
	sh.sessions = rt_cap_find("sessions", SessionManager_IFACE_ID);
	sh.broker = rt_cap_find("broker", AuthorityBroker_IFACE_ID);
	sh.setup = rt_cap_find("setup", LocalSetup_IFACE_ID);
	if (sh.sessions == CAP_HANDLE_NONE || sh.broker == CAP_HANDLE_NONE)
		return false;
	cap_handle_t s = ident_anonymous();
	if (s == CAP_HANDLE_NONE) {
		term_puts("session: cannot start an anonymous session\n");
		return false;
	}
	ident_adopt(s);
	return ident_motd();
}

static void ident_end_current(void)
{
	uint8_t params[128], results[256];
	struct capn_call c;
	struct ring_cqe cqe;
	if (sh.session == CAP_HANDLE_NONE)
		return;
	struct ring_xfer x = { sh.session, RING_XFER_COPY, 0 };
	SessionManager_logout_prepare(&c, params, sizeof(params), 0);
	capn_call_set_results(&c, results, sizeof(results));
	rt_call_xfer(sh.sessions, &c, &x, 1, &cqe);
}

void ident_finish(void)
{
	ident_end_current();
	ident_bundle_drop();
}

/* ---- reading names and secrets ------------------------------------------ */

/* One line from the terminal (synchronous: at the prompt nothing else
 * reads it). false on Ctrl-C, Ctrl-D or an error. */
bool ident_read_line(const char *prompt, EchoMode echo, char *out,
		       uint32_t max)
{
	static uint8_t params[256], results[IDENT_PASS_MAX + 256];
	struct capn_call c;
	struct capn_msg m;
	TerminalSession_readLine_Results_r r;
	term_puts(prompt);
	TerminalSession_readLine_prepare(&c, params, sizeof(params), "", 0, 0,
					 max - 1, echo);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.term, &c);
	bool ok = !TerminalSession_readLine_results(&m, &c, st, &r);
	ReadLine_r line = TerminalSession_readLine_Results_get_line(r);
	struct capn_text t = ok ? ReadLine_get_text(line) : (struct capn_text){ 0 };
	ok = ok && ReadLine_get_end(line) == ReadLine_End_enter && t.len < max;
	if (ok) {
		memcpy(out, t.str, t.len);
		out[t.len] = '\0';
	}
	memset(results, 0, sizeof(results));	/* it held the secret */
	if (echo == EchoMode_hidden)
		term_puts("\n");
	sh.at_line_start = true;
	return ok;
}

static bool ident_read_credentials(char *user, char *pass)
{
	if (!ident_read_line("username> ", EchoMode_visible, user, IDENT_USER_MAX + 1))
		return false;
	return ident_read_line("password> ", EchoMode_hidden, pass, IDENT_PASS_MAX + 1);
}

/* ---- commands ------------------------------------------------------------ */

/* A LoginOutcome in results: adopt the session or print the denial. */
void ident_take_outcome(const struct capn_call *c, const struct ring_cqe *cqe,
			  LoginOutcome_r o, const char *verb)
{
	if (LoginOutcome_which(o) == LoginOutcome_which_denied) {
		Denial_r d = LoginOutcome_get_denied(o);
		struct capn_text t = Denial_get_message(d);
		term_printf("%s: %.*s\n", verb, (int)(t.len > 200 ? 200 : t.len),
			    t.str);
		return;
	}
	cap_handle_t s = rt_result_cap(c, cqe, LoginOutcome_get_session(o),
				       UserSession_IFACE_ID);
	if (s == CAP_HANDLE_NONE) {
		term_printf("%s: no session came back\n", verb);
		return;
	}
	ident_switch(s);
	ident_whoami();
}

/* End the current session and take `s` (NONE: a new anonymous one). */
void ident_switch(cap_handle_t s)
{
	ident_end_current();
	if (s == CAP_HANDLE_NONE)
		s = ident_anonymous();
	if (s == CAP_HANDLE_NONE) {
		term_puts("session: cannot start an anonymous session\n");
		if (sh.session != CAP_HANDLE_NONE)
			rt_release(sh.session);
		sh.session = CAP_HANDLE_NONE;
		ident_bundle_drop();
		return;
	}
	ident_adopt(s);
}

void ident_login(void)
{
	static char user[IDENT_USER_MAX + 1], pass[IDENT_PASS_MAX + 1];
	static uint8_t params[IDENT_PASS_MAX + 256], results[512];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	SessionManager_login_Results_r r;
	if (sh.sessions == CAP_HANDLE_NONE) {
		term_puts("login: this shell has no SessionManager\n");
		return;
	}
	bool ok = ident_read_credentials(user, pass);
	if (ok)
		SessionManager_login_prepare(&c, params, sizeof(params), user,
					     strlen(user), pass, strlen(pass));
	memset(pass, 0, sizeof(pass));
	if (!ok) {
		term_puts("login: cancelled\n");
		return;
	}
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.sessions, &c, 0, 0, &cqe);
	memset(params, 0, sizeof(params));
	if (SessionManager_login_results(&m, &c, st, &r)) {
		char why[160];
		term_printf("login: %s\n", call_error(&c, st, why, sizeof(why)));
		return;
	}
	ident_take_outcome(&c, &cqe, SessionManager_login_Results_get_outcome(r),
			   "login");
}
