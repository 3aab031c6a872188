/* Operations that complete later (a sleep, an IPC call, a join): their
 * lifecycle on the thread's pending list, from the SQE that started them
 * to the completion that ends them, or to their thread's exit.
 *
 * Locks: t->ring_lock protects the pending list (and, as in ring.c,
 * cq_tail and the waiting state). An op's references: the pending list
 * holds one while the op is on it, and whoever may still complete it
 * (an armed timer, an endpoint's in-flight call) holds its own. */
#include "capos/err.h"
#include "kernel/ipc/ring.h"
#include "kernel/ipc/ring_post.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/time/timer.h"

void ring_pending_add(struct ring_pending *op)
{
	struct thread *t = op->t;
	spin_lock(&t->ring_lock);
	op->next = t->pending;
	t->pending = op;
	spin_unlock(&t->ring_lock);
}

/* Take op off its thread's pending list; false if it was already taken
 * (completed or withdrawn by another path). Caller holds ring_lock. */
static bool ring_pending_unlink_locked(struct thread *t, struct ring_pending *op)
{
	struct ring_pending **pp = &t->pending;
	while (*pp && *pp != op)
		pp = &(*pp)->next;
	if (*pp != op)
		return false;
	*pp = op->next;
	return true;
}

bool ring_pending_complete(struct ring_pending *op, int32_t result)
{
	return ring_pending_complete_ex(op, result, 0, 0, 0);
}

bool ring_pending_complete_ex(struct ring_pending *op, int32_t result,
			      uint32_t flags, uint64_t aux0, uint64_t aux1)
{
	struct thread *t = op->t;
	spin_lock(&t->ring_lock);
	bool found = ring_pending_unlink_locked(t, op);
	if (found)
		ring_post_locked(t, op->user_data, result, flags, aux0, aux1);
	spin_unlock(&t->ring_lock);
	return found;
}

void ring_thread_exit(struct thread *t)
{
	spin_lock(&t->ring_lock);
	struct ring_pending *op = t->pending;
	t->pending = 0;
	for (struct ring_pending *o = op; o; o = o->next)
		o->cancel(o);
	spin_unlock(&t->ring_lock);
	while (op) {
		struct ring_pending *next = op->next;
		ring_pending_put(op);
		op = next;
	}
	timer_cancel(&t->wait_timer);
}

struct ring_pending *ring_pending_new(struct thread *t, uint64_t user_data,
				      enum ledger_item extra, int *err)
{
	struct account *a = t->proc->acct;
	*err = account_charge(a, LEDGER_CALLS, 1);
	if (!*err && extra != LEDGER_ITEMS &&
	    (*err = account_charge(a, extra, 1)))
		account_credit(a, LEDGER_CALLS, 1);
	struct ring_pending *op = *err ? 0 : kzalloc(sizeof(*op));
	if (!op) {
		if (!*err) {
			account_credit(a, LEDGER_CALLS, 1);
			if (extra != LEDGER_ITEMS)
				account_credit(a, extra, 1);
			*err = ERR_NO_MEMORY;
		}
		return 0;
	}
	*op = (struct ring_pending){ .t = t, .user_data = user_data, .refs = 1,
				     .acct = a, .extra = extra };
	op->timer.cpu = -1;
	account_get(a);
	thread_get(t);		/* op->t stays valid for late completions */
	process_get(t->proc);
	return op;
}

void ring_pending_put(struct ring_pending *op)
{
	if (__atomic_sub_fetch(&op->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	account_credit(op->acct, LEDGER_CALLS, 1);
	if (op->extra != LEDGER_ITEMS)
		account_credit(op->acct, op->extra, 1);
	account_put(op->acct);
	struct thread *t = op->t;
	struct process *p = t->proc;
	kfree(op);
	thread_put(t);
	process_put(p);
}

bool ring_pending_withdraw(struct ring_pending *op)
{
	struct thread *t = op->t;
	spin_lock(&t->ring_lock);
	/* its reservation is used by the SQE's error */
	bool found = ring_pending_unlink_locked(t, op);
	spin_unlock(&t->ring_lock);
	return found;
}

void ring_kick(struct thread *t)
{
	spin_lock(&t->ring_lock);
	if (t->waiting) {
		t->waiting = false;
		sched_wake(t);
	}
	spin_unlock(&t->ring_lock);
}
