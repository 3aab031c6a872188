/* Posting completions: shared by cap_enter's half of the ring (ring.c)
 * and the operations that complete later (ring_pending.c). Inline and
 * private to kernel/ipc; everyone else posts through ring_pending_*.
 * Locks: ring_post_locked wants t->ring_lock held (see ring.c). */
#ifndef CAPOS_IPC_RING_POST_H
#define CAPOS_IPC_RING_POST_H
#include "kernel/core/spinlock.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/thread.h"
#include "lib/ring/ring.h"

/* Completions user space has not consumed yet (no lock needed: cq_tail
 * only grows, so a racing read under-counts); a corrupt cq_head (one
 * that claims more than the ring holds) counts as a full ring. */
static inline uint32_t ring_unconsumed(struct thread *t)
{
	uint32_t head = __atomic_load_n(&t->ring->hdr.cq_head, __ATOMIC_ACQUIRE);
	uint32_t used = __atomic_load_n(&t->cq_tail, __ATOMIC_ACQUIRE) - head;
	return used > RING_CQ_ENTRIES ? RING_CQ_ENTRIES : used;
}

static inline __attribute__((always_inline)) void
ring_wake_if_ready_locked(struct thread *t)
{
	if (t->waiting && ring_unconsumed(t) >= t->wait_min) {
		t->waiting = false;
		sched_wake(t);
	}
}

/* Write one CQE into a reserved slot. */
static inline __attribute__((always_inline)) void
ring_post_locked(struct thread *t, uint64_t user_data,
			     int32_t result, uint32_t flags, uint64_t aux0,
			     uint64_t aux1)
{
	struct ring_cqe *cqe = &t->ring->cq[t->cq_tail & (RING_CQ_ENTRIES - 1)];
	cqe->user_data = user_data;
	cqe->result = result;
	cqe->flags = flags;
	cqe->aux0 = aux0;
	cqe->aux1 = aux1;
	__atomic_store_n(&t->cq_tail, t->cq_tail + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&t->ring->hdr.cq_tail, t->cq_tail, __ATOMIC_RELEASE);
	ring_wake_if_ready_locked(t);
}

static inline __attribute__((always_inline)) void
ring_post(struct thread *t, uint64_t user_data, int32_t result,
		      uint32_t flags, uint64_t aux0, uint64_t aux1)
{
	spin_lock(&t->ring_lock);
	ring_post_locked(t, user_data, result, flags, aux0, aux1);
	spin_unlock(&t->ring_lock);
}

#endif
