/* The calls logintest makes as a shell would: SessionManager,
 * LocalSetup, the broker and its bundle, the launcher, the audit trail. */
#include "user/logintest/logintest.h"

cap_handle_t sessions, setup, brokercap, frames, timer, endpoints,
	spawner, auditlog;
char motd_arg[256];


bool spoofing;	/* step_spoof: the impostor is being served */

/* rt_call_xfer; while step_spoof serves its impostor, through the loop
 * that serves it (see spoof_call). */
int32_t call_x(cap_handle_t cap, struct capn_call *c,
		      const struct ring_xfer *x, uint32_t n,
		      struct ring_cqe *cqe)
{
	return spoofing ? spoof_call(cap, c, x, n, cqe)
			: rt_call_xfer(cap, c, x, n, cqe);
}

/* ---- SessionManager and LocalSetup ------------------------------------ */

cap_handle_t anonymous(void)
{
	return ident_anonymous(sessions);
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
struct outcome login(const char *user, const char *pw, bool create)
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

struct outcome guest(void)
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

int32_t logout(cap_handle_t s)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct ring_cqe cqe;
	struct ring_xfer x = { .cap = s, .mode = RING_XFER_COPY };
	SessionManager_logout_prepare(&c, p, sizeof p, 0);
	capn_call_set_results(&c, r, sizeof r);
	return call_x(sessions, &c, &x, 1, &cqe);
}

int32_t session_info(cap_handle_t s, Profile *profile, char *principal,
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

int32_t bundle(cap_handle_t s, struct bundle_view *v, char *why,
	       size_t whylen)
{
	return ident_bundle(call_x, brokercap, s, v, why, whylen);
}

int32_t list(cap_handle_t l, char *buf, size_t cap)
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

int32_t launch(cap_handle_t l, const char *bin, const struct grant *g,
	       uint32_t n, cap_handle_t session, cap_handle_t *job,
	       char *why, size_t whylen)
{
	return ident_launch(call_x, l, bin, g, n, session, job, why, whylen);
}

int32_t job_wait(cap_handle_t job, int64_t *code)
{
	return ident_job_wait(job, code);
}

/* ---- the audit trail --------------------------------------------------- */


struct event events[AUDIT_READ_MAX];

static void text_copy(char *out, size_t cap, struct capn_text t)
{
	fmt_snprintf(out, cap, "%.*s", (int)t.len, t.str);
}

/* Up to AUDIT_READ_MAX events with seq >= from into events[]; *next: where
 * to go on. */
int32_t audit_read_from(cap_handle_t reader, uint64_t from,
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

int32_t audit_read(cap_handle_t reader, uint32_t *n)
{
	uint64_t next;
	return audit_read_from(reader, 0, n, &next);
}

/* The first event at or after *at matching event/result/reason. */
const struct event *audit_find(uint32_t n, uint32_t *at, const char *ev,
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


