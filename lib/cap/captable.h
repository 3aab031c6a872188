/* A process's capability table: slots addressed by handles that carry a
 * generation, so a handle to a released slot is refused as stale even
 * after the slot is reused. Pure bookkeeping over a caller-supplied slot
 * array (no locks, no allocation); the kernel wraps it with its lock and
 * object reference counts.
 *
 * Slot i's generation starts at 1 and advances on every release, skipping
 * 0, so no valid handle is ever CAP_HANDLE_NONE or has generation 0. Free
 * slots form a LIFO list threaded through the slots. */
#ifndef CAPOS_LIB_CAP_CAPTABLE_H
#define CAPOS_LIB_CAP_CAPTABLE_H
#include <stdbool.h>
#include <stdint.h>
#include "capos/err.h"
#include "lib/ring/ring.h"

#define CAPTABLE_MAX_SLOTS 0xFFFFu	/* handle slot bits; NONE excluded */

struct cap_slot {
	uint32_t type;		/* 0 = free; otherwise the kernel's object type */
	uint16_t gen;
	uint16_t flags;		/* kernel-defined (e.g. not transferable) */
	uint64_t iface;		/* interface id from the schema */
	void *obj;
	uint32_t next_free;	/* free-list link while free */
};

struct captable {
	struct cap_slot *slots;
	uint32_t nslots;	/* capacity of slots[] */
	uint32_t limit;		/* ledger limit on live entries */
	uint32_t live;
	uint32_t free_head;	/* CAPTABLE_NIL when none */
	uint32_t grown;		/* slots ever used: [0, grown) initialised */
};

#define CAPTABLE_NIL 0xFFFFFFFFu

void captable_init(struct captable *t, struct cap_slot *slots, uint32_t nslots,
		   uint32_t limit);
/* Insert; ERR_QUOTA past the limit, ERR_CAP_TABLE_FULL past capacity. */
err_t captable_insert(struct captable *t, uint32_t type, uint64_t iface,
		      void *obj, uint16_t flags, cap_handle_t *out);
/* The live slot a handle names: ERR_BAD_HANDLE (no such slot or free)
 * or ERR_STALE_HANDLE (generation mismatch). */
err_t captable_lookup(const struct captable *t, cap_handle_t h,
		      const struct cap_slot **out);
/* Free the slot; *old receives what it held. */
err_t captable_remove(struct captable *t, cap_handle_t h, struct cap_slot *old);
/* Iterate live slots: returns the next live index >= from, or CAPTABLE_NIL. */
uint32_t captable_next_live(const struct captable *t, uint32_t from);
cap_handle_t captable_handle_of(const struct captable *t, uint32_t slot);

#endif
