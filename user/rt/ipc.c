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
