/* sesstest's child, started in a user session. It calls the endpoints
 * sesstest serves ("a", "b") and reports what the kernel let it do.
 *
 *   argv[1] "ping":   one ping on "a", then exit 0.
 *   argv[1] "waitexit": waitEnd on "us" (a UserSession), then one ping on
 *     "a", then exit with the wait still pending (the kernel cancels it).
 *   argv[1] "script": pings on "a", "a", "b"; takes a serviceRegrantOnly
 *     and a sameSession Timer from "a" and tries to pass each back (both
 *     must be refused) and the sameSession one through its own endpoint
 *     "own" (same session: allowed); reports; holds a call while
 *     sesstest ends the session; then checks that CALL, a call on the
 *     sameSession Timer and RECV all fail with ERR_REVOKED. It cannot
 *     print after the end (Console is a CALL), so its exit code says:
 *     0, or 10 + a bit per check that failed. */
#include "capos/identity.h"
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/rt/ipc.h"
#include "user/tests/sesstest.h"

static cap_handle_t a, b, own;
static uint8_t results[512], inbuf[512];

static struct ring_cqe call(cap_handle_t cap, uint16_t method, const void *p,
			    uint32_t len, const struct ring_xfer *x, uint32_t nx)
{
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = cap, .method = method,
			      .addr = (uint64_t)p, .len = len,
			      .result_addr = (uint64_t)results,
			      .result_len = sizeof(results),
			      .xfer_addr = nx ? (uint64_t)x : 0,
			      .xfer_count = (uint16_t)nx };
	return rt_submit_wait(&s);
}

static int32_t timer_now(cap_handle_t t)
{
	uint8_t p[64];
	struct capn_call c;
	Timer_now_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call(t, &c);
}

/* The one capability a call's results carried. */
static cap_handle_t take_cap(uint16_t m)
{
	struct ring_cqe c = call(a, m, 0, 0, 0, 0);
	if (c.result < 0 || !(c.flags & RING_CQE_CAPS) || c.aux0 != 1)
		return CAP_HANDLE_NONE;
	return ((const struct ring_cap_record *)(results + c.aux1))->handle;
}

/* A client facet of our own endpoint, a call on it carrying t (queued:
 * nobody receives yet), then our RECV takes it: the transfer into the
 * same session. Returns the RECV's status, or an earlier failure. */
static int32_t pass_to_self(cap_handle_t t)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	struct ring_cqe cqe;
	Endpoint_client_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call_xfer(own, &c, 0, 0, &cqe);
	cap_handle_t facet = rt_result_cap(&c, &cqe, 0, ClientEndpoint_IFACE_ID);
	if (st < 0 || facet == CAP_HANDLE_NONE)
		return st < 0 ? st : ERR_INTERNAL;
	struct ring_xfer x = { t, RING_XFER_COPY, 0 };
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = facet,
			      .result_addr = (uint64_t)results,
			      .result_len = sizeof(results), .user_data = 0x5e1f,
			      .xfer_addr = (uint64_t)&x, .xfer_count = 1 };
	rt_submit(&s);
	struct rt_incoming in = rt_recv(own, inbuf, sizeof(inbuf));
	if (in.status < 0)
		return in.status;
	int32_t got = in.hdr->ncaps == 1 ? in.status : ERR_INTERNAL;
	if (got >= 0)
		rt_release(in.caps[0].handle);
	rt_return(own, in.hdr->call_id, 0, 0, 0, 0, false);
	rt_wait(0x5e1f);
	rt_release(facet);
	return got;
}

/* After the end: every check must see ERR_REVOKED. */
static int after_end(cap_handle_t same)
{
	int bad = 0;
	if (call(a, M_PING, 0, 0, 0, 0).result != ERR_REVOKED)
		bad |= 1;
	if (timer_now(same) != ERR_REVOKED)
		bad |= 2;
	if (rt_recv(own, inbuf, sizeof(inbuf)).status != ERR_REVOKED)
		bad |= 4;
	return bad ? 10 + bad : 0;
}

/* The SQEs are consumed in order: the wait is queued before the ping. */
static int wait_then_exit(void)
{
	static uint8_t p[64], r[64];
	cap_handle_t us = rt_cap_find("us", UserSession_IFACE_ID);
	struct capn_call c;
	UserSession_waitEnd_prepare(&c, p, sizeof(p));
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = us,
			      .method = c.method, .addr = (uint64_t)c.params,
			      .len = c.params_len, .result_addr = (uint64_t)r,
			      .result_len = sizeof(r), .user_data = 0x3a17 };
	rt_submit(&s);
	return call(a, M_PING, 0, 0, 0, 0).result < 0 ? 5 : 0;
}

static int script(void)
{
	int32_t rep[REPORT_N];
	call(a, M_PING, 0, 0, 0, 0);
	call(a, M_PING, 0, 0, 0, 0);
	call(b, M_PING, 0, 0, 0, 0);
	cap_handle_t regrant = take_cap(M_GIVE_REGRANT);
	rep[R_USE_REGRANT] = timer_now(regrant);
	struct ring_xfer x = { regrant, RING_XFER_COPY, 0 };
	rep[R_PASS_REGRANT] = call(a, M_PASS, 0, 0, &x, 1).result;
	cap_handle_t same = take_cap(M_GIVE_SAME);
	rep[R_USE_SAME] = timer_now(same);
	x = (struct ring_xfer){ same, RING_XFER_MOVE, 0 };
	rep[R_PASS_SAME] = call(a, M_PASS, 0, 0, &x, 1).result;
	rep[R_SAME_TO_SELF] = pass_to_self(same);
	rep[R_USE_SAME_AFTER] = timer_now(same);
	call(a, M_REPORT, rep, sizeof(rep), 0, 0);
	call(a, M_HOLD, 0, 0, 0, 0);	/* returns once the session ended */
	return after_end(same);
}

int main(void)
{
	a = rt_cap_find("a", ClientEndpoint_IFACE_ID);
	b = rt_cap_find("b", ClientEndpoint_IFACE_ID);
	own = rt_cap_find("own", Endpoint_IFACE_ID);
	const char *mode = rt_argv(1);
	if (a == CAP_HANDLE_NONE || !mode)
		return 2;
	if (!__builtin_strcmp(mode, "waitexit"))
		return wait_then_exit();
	if (!__builtin_strcmp(mode, "ping"))
		return call(a, M_PING, 0, 0, 0, 0).result < 0 ? 3 : 0;
	if (b == CAP_HANDLE_NONE || own == CAP_HANDLE_NONE)
		return 4;
	return script();
}
