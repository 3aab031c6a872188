/* The calls sessmgr makes: SessionAuthority and UserSession (kernel),
 * CredentialStore and AuditLog (services). Buffers that carried a
 * password are wiped as soon as the call is done. */
#include <string.h>
#include "capos/exception.h"
#include "lib/fmt/fmt.h"
#include "user/sessmgr/sessmgr.h"

void sm_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ volatile("" : : "r"(p) : "memory");
}

const char *sm_call_error(const struct capn_call *c, int32_t st, char *buf,
			  size_t cap)
{
	return rt_call_error(c, st, buf, cap);
}

int sm_session_create(struct sessmgr *S, Profile profile, const char *principal,
		      uint64_t lifetime_ms, cap_handle_t *out)
{
	uint8_t p[256], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	*out = CAP_HANDLE_NONE;
	int err = SessionAuthority_create_prepare(&c, p, sizeof p, profile,
						  principal, strlen(principal),
						  lifetime_ms);
	if (err)
		return err;
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(S->authority, &c, 0, 0, &cqe);
	if (st < 0)
		return st;
	*out = rt_result_cap(&c, &cqe, 0, UserSession_IFACE_ID);
	return *out == CAP_HANDLE_NONE ? ERR_INTERNAL : 0;
}

int sm_session_end(struct sessmgr *S, cap_handle_t session)
{
	uint8_t p[128], r[64];
	struct capn_call c;
	struct ring_cqe cqe;
	struct ring_xfer x = { .cap = session, .mode = RING_XFER_COPY };
	int err = SessionAuthority_end_prepare(&c, p, sizeof p, 0);
	if (err)
		return err;
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(S->authority, &c, &x, 1, &cqe);
	return st < 0 ? st : 0;
}

/* Profile and principal of a live session; ERR_REVOKED once it ended. */
int sm_session_info(cap_handle_t session, Profile *profile, char *principal,
		    size_t cap)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	UserSession_info_Results_r res;
	UserSession_info_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int err = UserSession_info_results(&m, &c, rt_call(session, &c), &res);
	if (err)
		return err;
	struct capn_text t = UserSession_info_Results_get_principal(res);
	*profile = UserSession_info_Results_get_profile(res);
	fmt_snprintf(principal, cap, "%.*s", (int)t.len, t.str);
	/* an ended session: nothing left to do for it */
	return UserSession_info_Results_get_live(res) ? 0 : ERR_REVOKED;
}

int sm_verify(struct sessmgr *S, struct capn_text user, struct capn_data pw,
	      char *principal, size_t cap, Profile *profile)
{
	static uint8_t p[1024];
	uint8_t r[256];
	struct capn_call c;
	struct capn_msg m;
	CredentialStore_verify_Results_r res;
	int err = CredentialStore_verify_prepare(&c, p, sizeof p, user.str,
						 user.len, pw.ptr, pw.len);
	if (err)
		return err;
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(S->creds, &c);
	err = CredentialStore_verify_results(&m, &c, st, &res);
	sm_wipe(p, sizeof p);
	if (err)
		return err;
	struct capn_text t = CredentialStore_verify_Results_get_principal(res);
	if (!CredentialStore_verify_Results_get_ok(res) || t.len == 0 ||
	    t.len >= cap)
		return 0;
	memcpy(principal, t.str, t.len);
	principal[t.len] = '\0';
	*profile = CredentialStore_verify_Results_get_profile(res);
	return 1;
}

int sm_store_create(struct sessmgr *S, struct capn_text user,
		    struct capn_data pw, char *why, size_t whylen)
{
	static uint8_t p[1024];
	uint8_t r[512];
	struct capn_call c;
	int err = CredentialStore_create_prepare(&c, p, sizeof p, user.str,
						 user.len, pw.ptr, pw.len,
						 Profile_operator);
	if (err) {
		sm_wipe(p, sizeof p);
		fmt_snprintf(why, whylen, "setup: %s", capos_strerror(err));
		return err;
	}
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(S->creds, &c);
	sm_wipe(p, sizeof p);
	if (st >= 0)
		return 0;
	char msg[128];
	fmt_snprintf(why, whylen, "setup refused: %s",
		     sm_call_error(&c, st, msg, sizeof msg));
	return st;
}

static int sm_audit_fill(AuditEvent_b e, const char *event, const char *result,
			 const char *reason, uint32_t delay_ms,
			 const char *detail)
{
	AuditEvent_set_delayMs(e, delay_ms);
	int err = AuditEvent_set_event(e, event, strlen(event));
	if (!err)
		err = AuditEvent_set_result(e, result, strlen(result));
	if (!err)
		err = AuditEvent_set_reason(e, reason, strlen(reason));
	if (!err && detail[0])
		err = AuditEvent_set_detail(e, detail, strlen(detail));
	return err;
}

/* An audit record that cannot be appended is logged here instead; the
 * decision it records stands (an audit outage must not lock everyone
 * out, and the console line keeps the trace). */
void sm_audit(struct sessmgr *S, const char *event, const char *result,
	      const char *reason, uint32_t delay_ms, const char *detail)
{
	uint8_t p[512], r[256];
	struct capn_call c;
	struct capn_builder b;
	AuditLog_append_Params_b ap;
	ap = AuditLog_append_begin(&c, &b, p, sizeof p);
	int err = sm_audit_fill(AuditLog_append_Params_init_event(ap), event,
				result, reason, delay_ms, detail);
	if (!err)
		err = capn_call_seal(&c, &b);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = err ? err : rt_call(S->audit, &c);
	if (st < 0)
		rt_printf("audit append failed (%s): event=%s result=%s "
			  "reason=%s delayMs=%u\n", capos_strerror(st), event,
			  result, reason, delay_ms);
}
