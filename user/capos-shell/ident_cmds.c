/* The session commands besides login: setup, guest, logout, whoami,
 * audit (ident.c holds the session and its bundle). */
#include <string.h>
#include "capos/identity.h"
#include "user/capos-shell/shell.h"

static const char *const profile_names[] = {
	[Profile_system] = "system", [Profile_anonymous] = "anonymous",
	[Profile_guest] = "guest", [Profile_operator] = "operator",
};

static const char *ident_profile_name(unsigned p)
{
	return p < sizeof(profile_names) / sizeof(profile_names[0])
		       ? profile_names[p] : "unknown";
}

void ident_whoami(void)
{
	uint8_t params[64];
	static uint8_t results[512];
	struct capn_call c;
	struct capn_msg m;
	UserSession_info_Results_r r;
	if (sh.session == CAP_HANDLE_NONE) {
		term_puts("whoami: this shell has no session\n");
		return;
	}
	UserSession_info_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(sh.session, &c);
	if (UserSession_info_results(&m, &c, st, &r)) {
		char why[160];
		term_printf("whoami: %s\n", call_error(&c, st, why, sizeof(why)));
		return;
	}
	struct capn_text p = UserSession_info_Results_get_principal(r);
	term_printf("session: %s%s%.*s%s\n",
		    ident_profile_name(UserSession_info_Results_get_profile(r)),
		    p.len ? " " : "", (int)(p.len > 63 ? 63 : p.len), p.str,
		    UserSession_info_Results_get_live(r) ? "" : " (ended)");
}

void ident_setup(void)
{
	static char user[33], pass[257], again[257];
	static uint8_t params[600], results[512];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	LocalSetup_create_Results_r r;
	if (sh.setup == CAP_HANDLE_NONE) {
		term_puts("setup: only the local console shell can create an "
			  "account\n");
		return;
	}
	bool ok = ident_read_line("username> ", EchoMode_visible, user, sizeof(user)) &&
		  ident_read_line("password> ", EchoMode_hidden, pass, sizeof(pass)) &&
		  ident_read_line("again> ", EchoMode_hidden, again, sizeof(again));
	bool same = ok && !strcmp(pass, again);
	if (same)
		LocalSetup_create_prepare(&c, params, sizeof(params), user,
					  strlen(user), pass, strlen(pass));
	memset(pass, 0, sizeof(pass));
	memset(again, 0, sizeof(again));
	if (!same) {
		term_puts(ok ? "setup: the passwords differ\n" : "setup: cancelled\n");
		return;
	}
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.setup, &c, 0, 0, &cqe);
	memset(params, 0, sizeof(params));
	if (LocalSetup_create_results(&m, &c, st, &r)) {
		char why[160];
		term_printf("setup: %s\n", call_error(&c, st, why, sizeof(why)));
		return;
	}
	ident_take_outcome(&c, &cqe, LocalSetup_create_Results_get_outcome(r),
			   "setup");
}

void ident_guest(void)
{
	uint8_t params[64], results[256];
	struct capn_call c;
	struct capn_msg m;
	struct ring_cqe cqe;
	SessionManager_guest_Results_r r;
	if (sh.sessions == CAP_HANDLE_NONE) {
		term_puts("guest: this shell has no SessionManager\n");
		return;
	}
	SessionManager_guest_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call_xfer(sh.sessions, &c, 0, 0, &cqe);
	if (SessionManager_guest_results(&m, &c, st, &r)) {
		char why[160];
		term_printf("guest: %s\n", call_error(&c, st, why, sizeof(why)));
		return;
	}
	cap_handle_t s = rt_result_cap(&c, &cqe,
				       SessionManager_guest_Results_get_session(r),
				       UserSession_IFACE_ID);
	if (s == CAP_HANDLE_NONE) {
		term_puts("guest: no session came back\n");
		return;
	}
	ident_switch(s);
	ident_whoami();
}

void ident_logout(void)
{
	if (sh.sessions == CAP_HANDLE_NONE) {
		term_puts("logout: this shell has no SessionManager\n");
		return;
	}
	jobs_kill_all();
	ident_switch(CAP_HANDLE_NONE);
	term_puts("logged out\n");
}

static void ident_audit_line(AuditEvent_r e)
{
	struct capn_text ev = AuditEvent_get_event(e);
	struct capn_text res = AuditEvent_get_result(e);
	struct capn_text why = AuditEvent_get_reason(e);
	struct capn_text d = AuditEvent_get_detail(e);
	term_printf("%4lu %8lu.%03lu event=%.*s result=%.*s", 
		    (unsigned long)AuditEvent_get_seq(e),
		    (unsigned long)(AuditEvent_get_timeNs(e) / 1000000000ull),
		    (unsigned long)(AuditEvent_get_timeNs(e) / 1000000ull % 1000),
		    (int)(ev.len > 32 ? 32 : ev.len), ev.str,
		    (int)(res.len > 32 ? 32 : res.len), res.str);
	if (why.len)
		term_printf(" reason=%.*s", (int)(why.len > 48 ? 48 : why.len),
			    why.str);
	if (AuditEvent_get_delayMs(e))
		term_printf(" delayMs=%u", AuditEvent_get_delayMs(e));
	if (d.len)
		term_printf(" %.*s", (int)(d.len > 80 ? 80 : d.len), d.str);
	term_puts("\n");
}

void ident_audit(void)
{
	const struct capset_entry *a = bundle_find("audit");
	uint8_t params[64];
	static uint8_t results[16384];
	struct capn_call c;
	struct capn_msg m;
	AuditReader_read_Results_r r;
	if (!a || a->interface_id != AuditReader_IFACE_ID) {
		term_puts("audit: this session cannot read the audit log\n");
		return;
	}
	AuditReader_read_prepare(&c, params, sizeof(params), 0, 64);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(a->handle, &c);
	if (AuditReader_read_results(&m, &c, st, &r)) {
		char why[160];
		term_printf("audit: %s\n", call_error(&c, st, why, sizeof(why)));
		return;
	}
	AuditEvent_list_r l = AuditReader_read_Results_get_events(r);
	for (uint32_t i = 0; i < AuditEvent_list_len(l); i++)
		ident_audit_line(AuditEvent_list_get(l, i));
	if (!AuditEvent_list_len(l))
		term_puts("audit: no events\n");
}
