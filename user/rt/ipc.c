#include <string.h>
#include "capos/exception.h"
#include "user/rt/ipc.h"

struct rt_incoming rt_recv(cap_handle_t ep, void *buf, uint32_t len)
{
	struct ring_sqe s = { .opcode = RING_OP_RECV, .cap = ep,
			      .result_addr = (uint64_t)buf, .result_len = len };
	struct ring_cqe c = rt_submit_wait(&s);
	struct rt_incoming in = { .status = c.result };
	if (c.result < 0)
		return in;
	in.hdr = buf;
	in.params = (const uint8_t *)buf + sizeof(struct ipc_msg_header);
	in.caps = (const void *)((const uint8_t *)buf + in.hdr->caps_off);
	return in;
}

int32_t rt_return(cap_handle_t ep, uint32_t call_id, const void *results,
		  uint32_t len, const struct ring_xfer *xfer, uint32_t nxfer,
		  bool exception)
{
	struct ring_sqe s = {
		.opcode = RING_OP_RETURN, .cap = ep, .call_id = call_id,
		.addr = (uint64_t)results, .len = len,
		.flags = exception ? RING_SQE_EXCEPTION : 0,
		.xfer_addr = nxfer ? (uint64_t)xfer : 0, .xfer_count = (uint16_t)nxfer,
	};
	return rt_submit_wait(&s).result;
}

int32_t rt_return_exception(cap_handle_t ep, const struct rt_incoming *in,
			    const char *message)
{
	uint8_t out[512];
	size_t n = strlen(message);
	struct capn_builder b;
	capn_build_init(&b, out, sizeof out);
	CapException_b e = { capn_b_root(&b, CapException_DATA_WORDS,
					 CapException_PTR_COUNT) };
	CapException_set_type(e, CapException_Type_failed);
	CapException_set_message(e, message, n < 400 ? n : 400);
	CapException_set_interfaceId(e, in->hdr->interface_id);
	CapException_set_methodId(e, in->hdr->method);
	return rt_return(ep, in->hdr->call_id, out,
			 (uint32_t)capn_build_finish(&b), 0, 0, true);
}
