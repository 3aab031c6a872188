/* A process's capability table: slots addressed by handles that carry a
 * generation, so a handle to a released slot is refused as stale even
 * after the slot is reused. Pure bookkeeping over a caller-supplied slot
 * array (no locks, no allocation); the kernel wraps it with its lock and
 * object reference counts.
 *
 * Slot i's generation starts at 1 and advances on every release, skipping
 * 0, so no valid handle is ever CAP_HANDLE_NONE or has generation 0. Free
 * slots form a LIFO list threaded through the slots.
 *
 * Transfer support (lib/cap/transfer.c). A live slot can be *reserved*
 * while a transfer moves it: lookup and remove then refuse it with
 * ERR_BUSY, and only captable_remove_reserved (the transfer's commit) or
 * captable_unreserve (its rollback) end the reservation. A *mark* records
 * the table's shape so that inserts made since can be taken back exactly:
 * the free list, the grown watermark and every generation come back as
 * they were, as if the inserts never happened. That is only sound because
 * the handles those inserts produced were never published. */
#ifndef CAPOS_LIB_CAP_CAPTABLE_H
#define CAPOS_LIB_CAP_CAPTABLE_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/err.h"
#include "lib/ring/ring.h"

#define CAPTABLE_MAX_SLOTS 0xFFFFu	/* handle slot bits; NONE excluded */

/* cap_slot.flags bits; the rest are kernel-defined */
#define CAP_SLOT_NO_TRANSFER 0x0001u	/* transfer refuses it (ProcessHandle) */
/* a copy is refused, a move keeps the flag: the capability has exactly
 * one holder at a time (TerminalSession) */
#define CAP_SLOT_MOVE_ONLY 0x0002u
/* removed while pinned: gone for every lookup (stale); freed, and its
 * object released, when the last pin goes */
#define CAP_SLOT_DOOMED 0x8000u

struct cap_slot {
	uint32_t type;		/* 0 = free; otherwise the kernel's object type */
	uint16_t gen;
	uint16_t flags;		/* CAP_SLOT_* and kernel-defined bits */
	uint64_t iface;		/* interface id from the schema */
	void *obj;
	/* free-list link while free; left in place when the slot is taken,
	 * so captable_rollback can retrace the list it came from */
	uint32_t next_free;
	bool reserved;		/* being moved out: lookup says ERR_BUSY */
	uint8_t scope;		/* RING_XFER_SCOPE_*: 0 unless a transfer set it */
	/* calls running on the object right now (captable_pin): while there
	 * are any, removing defers and moving is refused */
	uint16_t pins;
	/* sameSession: the session the capability is bound to (an opaque
	 * tag from the transfer; see lib/cap/transfer.h), else NULL */
	const void *scope_session;
};

struct captable {
	struct cap_slot *slots;
	uint32_t nslots;	/* capacity of slots[] */
	uint32_t limit;		/* ledger limit on live entries */
	uint32_t live;
	uint32_t free_head;	/* CAPTABLE_NIL when none */
	uint32_t grown;		/* slots ever used: [0, grown) initialised */
	/* a seqcount: odd while a writer changes the table, advanced by 2 per
	 * change (see captable_lookup_racy). Writers are serialised by the
	 * owner's lock, as for every other field. */
	uint32_t seq;
};

/* The table's shape at one moment; see captable_rollback. */
struct captable_mark {
	uint32_t free_head;
	uint32_t grown;
	uint32_t live;
};

#define CAPTABLE_NIL 0xFFFFFFFFu

/* Every write to a table (or to one of its slots) sits between these. */
static inline void captable_write_begin(struct captable *t)
{
	__atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);   /* odd before the data */
}

static inline void captable_write_end(struct captable *t)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);   /* the data before even */
	__atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELAXED);
}

void captable_init(struct captable *t, struct cap_slot *slots, uint32_t nslots,
		   uint32_t limit);
/* Insert (scope shareable); ERR_QUOTA past the limit, ERR_CAP_TABLE_FULL
 * past capacity. */
err_t captable_insert(struct captable *t, uint32_t type, uint64_t iface,
		      void *obj, uint16_t flags, cap_handle_t *out);
/* The live slot a handle names: ERR_BAD_HANDLE (no such slot or free),
 * ERR_STALE_HANDLE (generation mismatch) or ERR_BUSY (reserved). */
err_t captable_lookup(const struct captable *t, cap_handle_t h,
		      const struct cap_slot **out);
/* Remove h. If calls are running on it (pins), the slot is only marked
 * CAP_SLOT_DOOMED (stale for lookups) and old->type is 0: the last
 * captable_unpin frees it and hands its object over to be released. */
err_t captable_remove(struct captable *t, cap_handle_t h, struct cap_slot *old);
/* Pin h's slot for a call using its object outside the table's lock:
 * ERR_BUSY if 65535 calls already are. */
err_t captable_pin(struct captable *t, cap_handle_t h);
/* Undo one pin of h; true (slot freed into *old, its object for the
 * caller to release) if it was the last pin of a removed slot. */
bool captable_unpin(struct captable *t, cap_handle_t h, struct cap_slot *old);
/* Iterate live slots: returns the next live index >= from, or CAPTABLE_NIL. */
uint32_t captable_next_live(const struct captable *t, uint32_t from);
cap_handle_t captable_handle_of(const struct captable *t, uint32_t slot);

/* Reserve a live slot for a move: the lookup errors, or ERR_BUSY. */
err_t captable_reserve(struct captable *t, cap_handle_t h);
/* End a reservation, leaving the slot live: ERR_INVALID if not reserved. */
err_t captable_unreserve(struct captable *t, cap_handle_t h);
/* Free a reserved slot (a committed move): ERR_INVALID if not reserved. */
err_t captable_remove_reserved(struct captable *t, cap_handle_t h,
			       struct cap_slot *old);
struct captable_mark captable_mark(const struct captable *t);
/* Take back every insert made since m was taken. Nothing but inserts may
 * have happened in between, and none of their handles may have been
 * published: generations are not advanced. */
void captable_rollback(struct captable *t, const struct captable_mark *m);

/* The lookups, inline: a CALL looks its capability up, and under TCG a
 * function call costs as much as a few dozen plain instructions. */

/* The live slot h names, reserved or not. */
static inline err_t captable_find_inline(const struct captable *t,
					 cap_handle_t h, struct cap_slot **out)
{
	uint32_t i = CAP_HANDLE_SLOT(h);
	if (h == CAP_HANDLE_NONE || i >= t->grown)
		return ERR_BAD_HANDLE;
	struct cap_slot *s = &t->slots[i];
	/* every slot below `grown` was handed out once: a mismatch means
	 * the handle outlived its capability */
	if (s->gen != CAP_HANDLE_GEN(h) || !s->type)
		return ERR_STALE_HANDLE;
	*out = s;
	return ERR_OK;
}

static inline err_t captable_lookup_inline(const struct captable *t,
					   cap_handle_t h,
					   const struct cap_slot **out)
{
	struct cap_slot *s;
	err_t e = captable_find_inline(t, h, &s);
	if (e)
		return e;
	/* a slot being moved out belongs to neither side until commit */
	if (s->reserved)
		return ERR_BUSY;
	if (s->flags & CAP_SLOT_DOOMED)
		return ERR_STALE_HANDLE;	/* released; calls still running */
	*out = s;
	return ERR_OK;
}

/* The same lookup without the owner's lock, racing its writers: copies
 * the slot into *out and the lookup's result into *err, and returns true
 * if no writer got in the way, false if the caller must take the lock and
 * look again. A copy of the slot is all it gives: a slot whose object
 * must outlive the call still needs captable_pin under the lock. */
static inline bool captable_lookup_racy(const struct captable *t,
					cap_handle_t h, struct cap_slot *out,
					err_t *err)
{
	uint32_t seq = __atomic_load_n(&t->seq, __ATOMIC_ACQUIRE);
	if (seq & 1)
		return false;
	const struct cap_slot *found;
	/* slots[] never moves and `grown` never passes nslots, so a torn
	 * read stays inside the array; the seqcount then rejects it */
	*err = captable_lookup_inline(t, h, &found);
	if (!*err)
		*out = *found;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&t->seq, __ATOMIC_RELAXED) == seq;
}

#endif
