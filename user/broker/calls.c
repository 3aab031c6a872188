/* The calls the broker makes besides forwarding: endpoints, revocation,
 * session info and audit records. */
#include <string.h>
#include "capos/exception.h"
#include "capos/ipc.h"
#include "lib/fmt/fmt.h"
#include "user/broker/broker.h"

const char *broker_call_error(const struct capn_call *c, int32_t st,
			      char *buf, size_t cap)
{
	return rt_call_error(c, st, buf, cap);
}

cap_handle_t broker_result_cap(const struct capn_call *c,
			       const struct ring_cqe *cqe, uint32_t index)
{
	if (!(cqe->flags & RING_CQE_CAPS) || index >= cqe->aux0 ||
	    cqe->aux1 + (index + 1) * sizeof(struct ring_cap_record) >
		    c->results_cap)
		return CAP_HANDLE_NONE;
	const struct ring_cap_record *r =
		(const void *)((const uint8_t *)c->results + cqe->aux1);
	return r[index].handle;
}

void broker_drop(cap_handle_t h)
{
	if (h != CAP_HANDLE_NONE)
		rt_release(h);
}

int broker_endpoint(cap_handle_t *ep, cap_handle_t *client)
{
	uint8_t p[64], r[128];
	struct capn_call c;
	struct ring_cqe cqe;
	*ep = *client = CAP_HANDLE_NONE;
	EndpointFactory_create_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call_xfer(broker.endpoints, &c, 0, 0, &cqe);
	if (st < 0)
		return st;
	*ep = rt_result_cap(&c, &cqe, 0, Endpoint_IFACE_ID);
	*client = rt_result_cap(&c, &cqe, 1, ClientEndpoint_IFACE_ID);
	if (*ep != CAP_HANDLE_NONE && *client != CAP_HANDLE_NONE)
		return 0;
	for (uint32_t i = 0; i < 2; i++)
		broker_drop(broker_result_cap(&c, &cqe, i));
	*ep = *client = CAP_HANDLE_NONE;
	return ERR_INTERNAL;
}

void broker_revoke(cap_handle_t ep)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Endpoint_revoke_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(ep, &c);
	if (st < 0)
		rt_printf("revoke failed: %s\n", capos_strerror(st));
}

int broker_session_info(cap_handle_t session, Profile *profile, bool *live)
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
	*profile = UserSession_info_Results_get_profile(res);
	*live = UserSession_info_Results_get_live(res);
	return 0;
}

static int broker_audit_fill(AuditEvent_b e, const char *event,
			     const char *result, const char *reason,
			     const char *detail)
{
	int err = AuditEvent_set_event(e, event, strlen(event));
	if (!err)
		err = AuditEvent_set_result(e, result, strlen(result));
	if (!err)
		err = AuditEvent_set_reason(e, reason, strlen(reason));
	if (!err && detail[0])
		err = AuditEvent_set_detail(e, detail, strlen(detail));
	return err;
}

/* Like sessmgr, a record that cannot be appended goes to the console and
 * the decision stands. */
void broker_audit(const char *event, const char *result, const char *reason,
		  const char *detail)
{
	uint8_t p[512], r[256];
	struct capn_call c;
	struct capn_builder b;
	AuditLog_append_Params_b ap;
	ap = AuditLog_append_begin(&c, &b, p, sizeof p);
	AuditEvent_b e = AuditLog_append_Params_init_event(ap);
	int err = broker_audit_fill(e, event, result, reason, detail);
	if (!err)
		err = capn_call_seal(&c, &b);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = err ? err : rt_call(broker.audit, &c);
	if (st < 0)
		rt_printf("audit append failed (%s): event=%s result=%s "
			  "reason=%s %s\n", capos_strerror(st), event, result,
			  reason, detail);
}
