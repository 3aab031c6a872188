/* Capability calls as the generated stubs see them.
 *
 * Client side: a stub (`<Iface>_<method>_begin` / `_prepare`) frames the
 * parameters into a caller buffer and fills a struct capn_call; the ring
 * client turns that into a CALL submission (interface id and method from
 * the schema, the framed params, a result buffer, and one transfer
 * descriptor per capability index the params use). When the completion
 * arrives, `<Iface>_<method>_results` reads the results: a status >= 0 means
 * the result buffer holds the framed results; a negative status is passed
 * back unchanged (a transport error, or the application-exception status,
 * in which case the result buffer holds a framed CapException that
 * capn_call_result_root() reads).
 *
 * Server side: a generated `<Iface>_dispatch()` takes a struct
 * capn_dispatch (method, params bytes, result buffer), decodes and fully
 * validates the params before calling the handler (decode, then invoke),
 * then frames the results the handler built.
 */
#ifndef CAPOS_LIB_CAPNP_CALL_H
#define CAPOS_LIB_CAPNP_CALL_H
#include "lib/capnp/capnp.h"

struct capn_call {
	uint64_t interface_id;
	uint16_t method;
	uint32_t ncaps;		/* capability pointers used: 0..ncaps-1 */
	const void *params;	/* framed parameters */
	uint32_t params_len;
	void *results;		/* where the results (or exception) land */
	uint32_t results_cap;
};

static inline void capn_call_init(struct capn_call *c, uint64_t iface,
				  uint16_t method)
{
	c->interface_id = iface;
	c->method = method;
	c->ncaps = 0;
	c->params = NULL;
	c->params_len = 0;
}

static inline void capn_call_set_results(struct capn_call *c, void *buf,
					 uint32_t cap)
{
	c->results = buf;
	c->results_cap = cap;
}

/* Finish the params message of `b` into the call. Returns 0 or the
 * builder's error. */
static inline int capn_call_seal(struct capn_call *c, struct capn_builder *b)
{
	size_t n = capn_build_finish(b);
	if (n == 0)
		return b->err ? b->err : CAPN_EINVAL;
	if (n > UINT32_MAX)
		return CAPN_ERANGE;
	c->params = b->buf;
	c->params_len = (uint32_t)n;
	c->ncaps = b->ncaps;
	return 0;
}

/* Read the root of the call's result buffer (results or exception). */
static inline int capn_call_result_root(struct capn_msg *m,
					const struct capn_call *c,
					struct capn_struct_r *root)
{
	int e = capn_msg_init(m, c->results, c->results_cap);
	*root = capn_msg_root(m);
	return e ? e : m->err;
}

/* Decode the results of a completed call (status from the completion). */
static inline int capn_call_results(struct capn_msg *m,
				    const struct capn_call *c, int32_t status,
				    struct capn_struct_r *root)
{
	struct capn_struct_r empty = { .msg = m };
	*root = empty;
	m->err = 0;
	m->nsegs = 0;
	if (status < 0)
		return status;
	return capn_call_result_root(m, c, root);
}

/* One incoming call for a generated dispatcher. */
struct capn_dispatch {
	uint16_t method;
	const void *params;
	size_t params_len;
	void *results;
	size_t results_cap;
	size_t results_len;		/* out: framed results */
	struct capn_msg msg;		/* the params */
	struct capn_builder out;	/* the results */
};

static inline void capn_dispatch_init(struct capn_dispatch *d,
				      uint16_t method, const void *params,
				      size_t params_len, void *results,
				      size_t results_cap)
{
	d->method = method;
	d->params = params;
	d->params_len = params_len;
	d->results = results;
	d->results_cap = results_cap;
	d->results_len = 0;
}

/* Frame the params; the root comes back in *root. Always inline: GCC
 * would otherwise share one copy among a dispatcher's methods, and under
 * TCG the call's return costs a block lookup on every call. */
static inline __attribute__((always_inline)) int capn_dispatch_params(struct capn_dispatch *d,
				       struct capn_struct_r *root)
{
	int e = capn_msg_init(&d->msg, d->params, d->params_len);
	*root = capn_msg_root(&d->msg);
	return e ? e : d->msg.err;
}

static inline struct capn_struct_b capn_dispatch_results(
	struct capn_dispatch *d, uint16_t dw, uint16_t pc)
{
	capn_build_init(&d->out, d->results, d->results_cap);
	return capn_b_root(&d->out, dw, pc);
}

/* After the handler: frame the results if it returned 0. A positive
 * status means the call goes on elsewhere (the kernel's CAP_PENDING: it
 * completes later through the ring) and passes through unframed, so a
 * result buffer too small for the empty framing cannot fail a call that
 * is already pending (which would complete it twice). */
static inline int capn_dispatch_end(struct capn_dispatch *d, int status)
{
	if (status != 0)
		return status;
	size_t n = capn_build_finish(&d->out);
	if (n == 0)
		return d->out.err ? d->out.err : CAPN_EINVAL;
	d->results_len = n;
	return status;
}

#endif
