/* The IPC test server. Serves "ep" until told to stop. Methods:
 *   0 echo: the parameters come back as results (raw bytes)
 *   1 fail: a CapException (failed, with a message)
 *   2 give: the results carry a copy of our "console" capability
 *   3 die: exit without returning (callers must see DISCONNECTED)
 *   4 check-cap: the call carries one capability; we call Timer.now on it
 *     and return its first 8 bytes of results (proves it arrived usable)
 *   5 slow: wait 100 ms before returning (for CANCEL tests); reports what
 *     the late RETURN got
 *   6 revoke: revoke the endpoint, then return
 *   7 add: Cap'n Proto params (Timer_now_Results: ns) decoded, ns + 1 back
 *   8 add, releasing every capability that came with the call */
#include "capos/console.h"
#include "capos/exception.h"
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/rt/ipc.h"

static cap_handle_t ep, console;
static uint8_t inbuf[4096], out[512];

static uint32_t exception(const char *msg, uint16_t method)
{
	struct capn_builder b;
	capn_build_init(&b, out, sizeof(out));
	CapException_b e = { capn_b_root(&b, CapException_DATA_WORDS,
					 CapException_PTR_COUNT) };
	CapException_set_type(e, CapException_Type_failed);
	CapException_set_message(e, msg, __builtin_strlen(msg));
	CapException_set_methodId(e, method);
	return (uint32_t)capn_build_finish(&b);
}

static int32_t check_cap(const struct rt_incoming *in)
{
	if (in->hdr->ncaps != 1 || in->caps[0].interface_id != Timer_IFACE_ID)
		return rt_return(ep, in->hdr->call_id, "nocap", 5, 0, 0, false);
	uint8_t params[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, out, sizeof(out));
	int32_t st = rt_call(in->caps[0].handle, &c);
	rt_release(in->caps[0].handle);
	return rt_return(ep, in->hdr->call_id, st > 0 ? out : (void *)"fail",
			 st > 0 ? (uint32_t)st : 4, 0, 0, false);
}

static int32_t add_one(const struct rt_incoming *in)
{
	struct capn_msg m;
	capn_msg_init(&m, in->params, in->hdr->params_len);
	Timer_now_Results_r r = { capn_msg_root(&m) };
	uint64_t ns = Timer_now_Results_get_ns(r);
	struct capn_builder b;
	capn_build_init(&b, out, sizeof(out));
	Timer_now_Results_b w = { capn_b_root(&b, Timer_now_Results_DATA_WORDS,
					      Timer_now_Results_PTR_COUNT) };
	Timer_now_Results_set_ns(w, ns + 1);
	return rt_return(ep, in->hdr->call_id, out, (uint32_t)capn_build_finish(&b),
			 0, 0, false);
}

static bool serve_one(void)
{
	struct rt_incoming in = rt_recv(ep, inbuf, sizeof(inbuf));
	if (in.status < 0)
		return false;
	uint32_t id = in.hdr->call_id;
	struct ring_xfer give = { console, RING_XFER_COPY, 0 };
	int32_t st;
	switch (in.hdr->method) {
	case 0: rt_return(ep, id, in.params, in.hdr->params_len, 0, 0, false); break;
	case 1: rt_return(ep, id, out, exception("no such thing", 1), 0, 0, true); break;
	case 2: rt_return(ep, id, "here", 4, &give, 1, false); break;
	case 3: rt_printf("ipc_server: exiting without a reply\n"); rt_exit(0);
	case 4: check_cap(&in); break;
	case 5:
		rt_sleep_ns(100 * 1000000ull);
		st = rt_return(ep, id, "late", 4, 0, 0, false);
		rt_printf("ipc_server: late return got %d\n", st);
		break;
	case 6: {
		uint8_t params[64], results[64];
		struct capn_call c;
		Endpoint_revoke_prepare(&c, params, sizeof(params));
		capn_call_set_results(&c, results, sizeof(results));
		rt_call(ep, &c);
		rt_return(ep, id, "revoked", 7, 0, 0, false);
		break;
	}
	case 7: add_one(&in); break;
	case 8:
		for (uint32_t i = 0; i < in.hdr->ncaps; i++)
			rt_release(in.caps[i].handle);
		add_one(&in);
		break;
	default: rt_return(ep, id, out, exception("unknown method", in.hdr->method), 0, 0, true);
	}
	return true;
}

int main(void)
{
	ep = rt_cap_find("ep", Endpoint_IFACE_ID);
	console = rt_cap_find("console", Console_IFACE_ID);
	if (ep == CAP_HANDLE_NONE)
		return 2;
	while (serve_one())
		;
	return 0;
}
