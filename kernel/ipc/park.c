/* Parked threads wait in buckets hashed by word address, one table per
 * process (addresses are private to a process, so no cross-process
 * identity is needed yet). A parked thread is a pending ring operation:
 * it blocks in cap_enter like any other, can time out through its timer,
 * and can be cancelled.
 *
 * No lost wake-up: park reads the word and queues the waiter under
 * park_lock; unpark takes park_lock after the waker changed the word, so
 * either the parker saw the new value or the waker sees the parker.
 *
 * Locks: process.park_lock protects the buckets. A thread's ring_lock may
 * be held when park_lock is taken (cancel), never the reverse: waiters
 * are unlinked under park_lock and completed after it is dropped. */
#include "capos/err.h"
#include "capos/thread.h"
#include "kernel/cap/cap.h"
#include "kernel/ipc/park.h"
#include "kernel/ipc/ring.h"
#include "kernel/mm/aspace.h"
#include "kernel/proc/process.h"
#include "kernel/time/clock.h"


static unsigned park_bucket(uint64_t addr)
{
	return (unsigned)((addr >> 2) * 0x9E3779B97F4A7C15ull >> 59) % PARK_BUCKETS;
}

static bool park_addr_ok(uint64_t addr)
{
	return !(addr & 3) && user_range_ok(addr, 4);
}

/* Unlink op from its bucket if still there (park_lock held). */
static bool park_unlink_locked(struct process *p, struct ring_pending *op)
{
	struct ring_pending **pp = 
		&p->park_buckets[park_bucket(op->park_addr)];
	for (; *pp; pp = &(*pp)->wait_next)
		if (*pp == op) {
			*pp = op->wait_next;
			return true;
		}
	return false;
}

static void park_finish(struct ring_pending *op, int result)
{
	if (op->park_message && result >= 0) {
		uint8_t msg[64];
		struct capn_builder b;
		capn_build_init(&b, msg, sizeof(msg));
		ParkSpace_park_Results_b r = { capn_b_root(&b,
			ParkSpace_park_Results_DATA_WORDS, ParkSpace_park_Results_PTR_COUNT) };
		ParkSpace_park_Results_set_result(r, (ParkSpace_Wake)result);
		result = (int)capn_build_finish(&b);
		if ((uint32_t)result > op->result_len ||
		    aspace_write(&op->t->proc->as, op->result_addr, msg, (size_t)result))
			result = ERR_BAD_ADDRESS;
	}
	if (timer_cancel(&op->timer))
		ring_pending_put(op);	/* the timer's reference */
	if (ring_pending_complete(op, result))
		ring_pending_put(op);
	ring_pending_put(op);		/* the bucket's reference */
}

static void park_timeout(struct ktimer *k)
{
	struct ring_pending *op = (struct ring_pending *)((char *)k -
		offsetof(struct ring_pending, timer));
	struct process *p = op->t->proc;
	spin_lock(&p->park_lock);
	bool mine = park_unlink_locked(p, op);
	spin_unlock(&p->park_lock);
	if (mine)
		park_finish(op, PARK_TIMED_OUT);
	ring_pending_put(op);		/* the timer's reference */
}

static void park_cancel(struct ring_pending *op)
{
	struct process *p = op->t->proc;
	if (timer_cancel(&op->timer))
		ring_pending_put(op);	/* the timer's reference */
	spin_lock(&p->park_lock);
	bool mine = park_unlink_locked(p, op);
	spin_unlock(&p->park_lock);
	if (mine)
		ring_pending_put(op);	/* the bucket's reference */
}

int park_wait(struct thread *t, uint64_t addr, uint32_t expected,
	      uint64_t timeout_ns, uint64_t user_data, uint64_t result_addr,
	      uint32_t result_len, bool as_message)
{
	if (!park_addr_ok(addr))
		return ERR_BAD_ADDRESS;
	int err;
	struct ring_pending *op = ring_pending_new(t, user_data, LEDGER_ITEMS, &err);
	if (!op)
		return err;
	*op = (struct ring_pending){ .t = t, .user_data = user_data, .refs = 2,
				     .acct = op->acct, .extra = LEDGER_ITEMS,
				     .cancel = park_cancel, .park_addr = addr,
				     .park_message = as_message,
				     .result_addr = result_addr,
				     .result_len = result_len };
	op->timer.cpu = -1;
	ring_pending_add(op);
	struct process *p = t->proc;
	uint32_t now;
	spin_lock(&p->park_lock);
	err = copy_from_user(&now, addr, 4);
	bool park = !err && now == expected;
	if (park) {
		op->wait_next = p->park_buckets[park_bucket(addr)];
		p->park_buckets[park_bucket(addr)] = op;
	}
	spin_unlock(&p->park_lock);
	if (park) {
		if (timeout_ns) {
			__atomic_fetch_add(&op->refs, 1, __ATOMIC_RELAXED);
			timer_arm(&op->timer, clock_monotonic_ns() + timeout_ns,
				  park_timeout);
		}
		return CAP_PENDING;
	}
	if (ring_pending_withdraw(op))
		ring_pending_put(op);
	ring_pending_put(op);
	return err ? err : PARK_VALUE_CHANGED;
}

/* Take up to n waiters on addr off the table into *out (park_lock held). */
static uint32_t park_take_locked(struct process *p, uint64_t addr, uint32_t n,
				 struct ring_pending **out)
{
	uint32_t got = 0;
	struct ring_pending **pp = 
		&p->park_buckets[park_bucket(addr)];
	while (*pp && got < n) {
		struct ring_pending *op = *pp;
		if (op->park_addr != addr) {
			pp = &op->wait_next;
			continue;
		}
		*pp = op->wait_next;
		op->wait_next = *out;
		*out = op;
		got++;
	}
	return got;
}

static void park_finish_list(struct ring_pending *list)
{
	while (list) {
		struct ring_pending *next = list->wait_next;
		park_finish(list, PARK_WOKEN);
		list = next;
	}
}

int park_wake(struct process *p, uint64_t addr, uint32_t count)
{
	if (!park_addr_ok(addr))
		return ERR_BAD_ADDRESS;
	struct ring_pending *woken = 0;
	spin_lock(&p->park_lock);
	uint32_t n = park_take_locked(p, addr, count, &woken);
	spin_unlock(&p->park_lock);
	park_finish_list(woken);
	return (int)n;
}

int park_requeue(struct process *p, uint64_t from, uint64_t to,
		 uint32_t wake, uint32_t move, uint32_t *moved)
{
	if (!park_addr_ok(from) || !park_addr_ok(to))
		return ERR_BAD_ADDRESS;
	struct ring_pending *woken = 0, *movers = 0;
	spin_lock(&p->park_lock);
	uint32_t n = park_take_locked(p, from, wake, &woken);
	*moved = park_take_locked(p, from, move, &movers);
	while (movers) {
		struct ring_pending *op = movers;
		movers = op->wait_next;
		op->park_addr = to;
		op->wait_next = p->park_buckets[park_bucket(to)];
		p->park_buckets[park_bucket(to)] = op;
	}
	spin_unlock(&p->park_lock);
	park_finish_list(woken);
	return (int)n;
}
