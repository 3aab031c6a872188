/* Serving an endpoint: receive calls, return results or exceptions. */
#ifndef CAPOS_USER_RT_IPC_H
#define CAPOS_USER_RT_IPC_H
#include "lib/ring/ipc.h"
#include "user/rt/rt.h"

/* One received call, pointing into the caller's receive buffer. */
struct rt_incoming {
	const struct ipc_msg_header *hdr;
	const uint8_t *params;
	const struct ring_cap_record *caps;
	int32_t status;		/* < 0: the RECV failed */
};

struct rt_incoming rt_recv(cap_handle_t ep, void *buf, uint32_t len);
/* RETURN results (a framed message) with optional transfers; exception
 * makes `results` a framed CapException. Returns the RETURN's status. */
int32_t rt_return(cap_handle_t ep, uint32_t call_id, const void *results,
		  uint32_t len, const struct ring_xfer *xfer, uint32_t nxfer,
		  bool exception);

#endif
