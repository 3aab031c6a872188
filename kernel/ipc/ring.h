/* Ring processing: cap_enter's half of the capability ring (lib/ring). */
#ifndef CAPOS_IPC_RING_H
#define CAPOS_IPC_RING_H
#include <stdint.h>
#include "kernel/proc/account.h"
#include "kernel/proc/thread.h"
#include "lib/ring/scratch.h"

#define RING_NO_TIMEOUT UINT64_MAX

/* The kernel's view of [uaddr, uaddr + n) when it lies wholly inside
 * thread t's ring scratch area (lib/ring/ring.h), or NULL. t's process
 * must be the one whose address space is loaded: the answer is then the
 * same as a user copy's, as nothing can be mapped over a ring page. */
static inline uint8_t *ring_scratch_at(struct thread *t, uint64_t uaddr,
				       size_t n)
{
	uint64_t off = uaddr - (t->ring_uva + RING_SCRATCH_OFF);
	if (off >= RING_SCRATCH_SIZE || n > RING_SCRATCH_SIZE - off)
		return 0;
	return t->ring->scratch + off;
}

/* copy_from_user and copy_to_user, out of line (ring.c): the inline
 * copy would grow ring_enter past a page. */
int ring_user_copy_in(void *dst, uint64_t usrc, size_t n);
int ring_user_copy_out(uint64_t udst, const void *src, size_t n);

/* The same, with t's ring scratch reached through the direct map; t is
 * a thread of the process whose address space is loaded (the caller, or
 * a receiver of the same process). */
static inline int ring_copy_in(struct thread *t, void *dst, uint64_t usrc,
			       size_t n)
{
	const uint8_t *k = ring_scratch_at(t, usrc, n);
	if (!k)
		return ring_user_copy_in(dst, usrc, n);
	ring_scratch_copy(dst, k, n);
	return 0;
}

static inline int ring_copy_out(struct thread *t, uint64_t udst,
				const void *src, size_t n)
{
	uint8_t *k = ring_scratch_at(t, udst, n);
	if (!k)
		return ring_user_copy_out(udst, src, n);
	ring_scratch_copy(k, src, n);
	return 0;
}

/* Consume the thread's submissions (bounded), then wait until
 * min_complete completions are available or timeout_ns passes. Returns
 * the number of completions available. */
uint64_t ring_enter(struct thread *t, uint32_t min_complete,
		    uint64_t timeout_ns);

/* An operation that completes later (a sleep, an IPC call). It holds one
 * reserved completion slot from the moment its SQE was consumed. */
struct ring_pending {
	struct ring_pending *next;	/* thread's pending list (ring_lock) */
	struct thread *t;
	uint64_t user_data;
	struct ktimer timer;		/* used by timed operations */
	void (*cancel)(struct ring_pending *op);	/* ring_lock held */
	int refs;			/* atomic; the op is freed at 0 */
	uint64_t result_addr;		/* caller's result buffer */
	uint32_t result_len;
	struct ring_pending *wait_next;	/* list of the object waited on */
	void *target;			/* object waited on (reference) */
	struct account *acct;		/* charged while the op lives */
	enum ledger_item extra;
	uint64_t park_addr;		/* parked: the word waited on */
	bool park_message;		/* complete with ParkSpace.park results */
};

/* Allocate an op for thread t with one reference, charged to its
 * process's calls-in-flight ledger (and `extra`, unless LEDGER_ITEMS). */
struct ring_pending *ring_pending_new(struct thread *t, uint64_t user_data,
				      enum ledger_item extra, int *err);
void ring_pending_put(struct ring_pending *op);

/* Track op as pending on its thread (ring_lock taken inside). */
void ring_pending_add(struct ring_pending *op);
/* Post op's completion, remove it from its thread and wake the thread if
 * it waits. Safe from interrupt context. Returns false if op was already
 * completed or cancelled (then nothing is posted). */
bool ring_pending_complete(struct ring_pending *op, int32_t result);
/* The same with completion flags and aux words. */
bool ring_pending_complete_ex(struct ring_pending *op, int32_t result,
			      uint32_t flags, uint64_t aux0, uint64_t aux1);
/* Take op off its thread's pending list without posting anything;
 * false if it was no longer there. */
bool ring_pending_withdraw(struct ring_pending *op);
/* Wake t out of cap_enter so it looks again (a kill, its process
 * ending). Ordered with ring_enter's checks through ring_lock. */
void ring_kick(struct thread *t);
/* Thread teardown: cancel every pending operation, post nothing. */
void ring_thread_exit(struct thread *t);

#endif
