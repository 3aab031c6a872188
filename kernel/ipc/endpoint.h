/* Endpoints: calls between processes. A server holds the raw endpoint
 * (RECV, RETURN, and the Endpoint interface: client(), revoke()); clients
 * hold call-only client facets. Attenuation is by facet, not by a rights
 * mask. */
#ifndef CAPOS_IPC_ENDPOINT_H
#define CAPOS_IPC_ENDPOINT_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/core/spinlock.h"
#include "lib/ring/ring.h"

#define EP_QUEUE_MAX 64		/* calls queued before the server takes them */

struct ep_call;
struct ring_pending;
struct thread;
struct process;

struct endpoint {
	int refs;		/* atomic: capabilities of both facets */
	int raw_refs;		/* atomic: raw (server) capabilities */
	struct spinlock lock;	/* protects: everything below */
	bool closed;		/* the last server capability is gone */
	bool revoked;		/* client facets refused */
	uint32_t next_call_id;
	struct ep_call *queued_head, *queued_tail;	/* not yet received */
	uint32_t nqueued;
	struct ep_call *inflight;	/* received, not yet returned */
	struct ring_pending *receivers_head, *receivers_tail;	/* RECVs */
};

struct endpoint *endpoint_new(void);
/* Refuse every client facet from now on; queued calls fail ERR_REVOKED. */
void endpoint_revoke(struct endpoint *ep);
void endpoint_get(struct endpoint *ep, bool raw);
void endpoint_put(struct endpoint *ep, bool raw);

/* Ring operations; each returns a completion result (filling *cqe's
 * flags/aux) or CAP_PENDING. */
int endpoint_call(struct thread *t, struct endpoint *ep, uint64_t iface,
		  const struct ring_sqe *s);
int endpoint_recv(struct thread *t, struct endpoint *ep,
		  const struct ring_sqe *s, struct ring_cqe *cqe);
int endpoint_return(struct thread *t, struct endpoint *ep,
		    const struct ring_sqe *s);

#endif
