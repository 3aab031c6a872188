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

/* RETURN a CapException (type failed) carrying `message`. */
int32_t rt_return_exception(cap_handle_t ep, const struct rt_incoming *in,
			    const char *message);

/* Serve one received call with a generated <iface>_dispatch: RETURN its
 * results, or a CapException naming the error when it fails. */
#define RT_SERVE(iface, srv, self, ep, in, out, outcap)                        \
	({                                                                     \
		struct capn_dispatch d_;                                       \
		capn_dispatch_init(&d_, (in)->hdr->method, (in)->params,       \
				   (in)->hdr->params_len, (out), (outcap));    \
		int r_ = iface##_dispatch((srv), (self), &d_);                 \
		r_ < 0 ? rt_return_exception((ep), (in), capos_strerror(r_))   \
		       : rt_return((ep), (in)->hdr->call_id, (out),            \
				   (uint32_t)d_.results_len, 0, 0, false);     \
	})

#endif
