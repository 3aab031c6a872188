/* Capability table bookkeeping; the model is described in captable.h. */
#include "lib/cap/captable.h"

void captable_init(struct captable *t, struct cap_slot *slots, uint32_t nslots,
		   uint32_t limit)
{
	t->slots = slots;
	t->nslots = nslots > CAPTABLE_MAX_SLOTS ? CAPTABLE_MAX_SLOTS : nslots;
	t->limit = limit;
	t->live = 0;
	t->free_head = CAPTABLE_NIL;
	t->grown = 0;
	t->seq = 0;
}

static uint32_t captable_take_slot(struct captable *t)
{
	if (t->free_head != CAPTABLE_NIL) {
		uint32_t i = t->free_head;
		t->free_head = t->slots[i].next_free;
		return i;
	}
	if (t->grown >= t->nslots)
		return CAPTABLE_NIL;
	t->slots[t->grown] = (struct cap_slot){ .gen = 1 };
	return t->grown++;
}

err_t captable_insert(struct captable *t, uint32_t type, uint64_t iface,
		      void *obj, uint16_t flags, cap_handle_t *out)
{
	if (type == 0)
		return ERR_INVALID;
	if (t->live >= t->limit)
		return ERR_QUOTA;
	captable_write_begin(t);
	uint32_t i = captable_take_slot(t);
	if (i == CAPTABLE_NIL) {
		captable_write_end(t);
		return ERR_CAP_TABLE_FULL;
	}
	struct cap_slot *s = &t->slots[i];
	s->type = type;
	s->flags = flags;
	s->iface = iface;
	s->obj = obj;
	s->reserved = false;
	s->pins = 0;
	s->scope = RING_XFER_SCOPE_SHAREABLE;
	s->scope_session = 0;
	t->live++;
	captable_write_end(t);
	*out = CAP_HANDLE(i, s->gen);
	return ERR_OK;
}

err_t captable_lookup(const struct captable *t, cap_handle_t h,
		      const struct cap_slot **out)
{
	return captable_lookup_inline(t, h, out);
}

static void captable_free_slot(struct captable *t, struct cap_slot *s,
			       struct cap_slot *old)
{
	captable_write_begin(t);
	*old = *s;
	s->type = 0;
	s->obj = 0;
	s->reserved = false;
	s->pins = 0;
	s->flags = 0;
	uint16_t gen = (uint16_t)(s->gen + 1);
	s->gen = gen ? gen : 1;		/* generation 0 is never valid */
	s->next_free = t->free_head;
	t->free_head = (uint32_t)(s - t->slots);
	t->live--;
	captable_write_end(t);
}

err_t captable_remove(struct captable *t, cap_handle_t h, struct cap_slot *old)
{
	const struct cap_slot *found;
	err_t e = captable_lookup(t, h, &found);
	if (e)
		return e;
	struct cap_slot *s = &t->slots[CAP_HANDLE_SLOT(h)];
	if (s->pins) {
		captable_write_begin(t);
		s->flags |= CAP_SLOT_DOOMED;
		captable_write_end(t);
		*old = (struct cap_slot){ 0 };
		return ERR_OK;
	}
	captable_free_slot(t, s, old);
	return ERR_OK;
}

err_t captable_pin(struct captable *t, cap_handle_t h)
{
	const struct cap_slot *found;
	err_t e = captable_lookup(t, h, &found);
	if (e)
		return e;
	struct cap_slot *s = &t->slots[CAP_HANDLE_SLOT(h)];
	if (s->pins == UINT16_MAX)
		return ERR_BUSY;
	captable_write_begin(t);
	s->pins++;
	captable_write_end(t);
	return ERR_OK;
}

bool captable_unpin(struct captable *t, cap_handle_t h, struct cap_slot *old)
{
	struct cap_slot *s;
	if (captable_find_inline(t, h, &s) || !s->pins)
		return false;	/* not pinned: a caller's bug, nothing to do */
	captable_write_begin(t);
	bool last = --s->pins == 0;
	captable_write_end(t);
	if (!last || !(s->flags & CAP_SLOT_DOOMED))
		return false;
	captable_free_slot(t, s, old);
	return true;
}

uint32_t captable_next_live(const struct captable *t, uint32_t from)
{
	for (uint32_t i = from; i < t->grown; i++)
		if (t->slots[i].type)
			return i;
	return CAPTABLE_NIL;
}

cap_handle_t captable_handle_of(const struct captable *t, uint32_t slot)
{
	return CAP_HANDLE(slot, t->slots[slot].gen);
}

err_t captable_reserve(struct captable *t, cap_handle_t h)
{
	const struct cap_slot *found;
	err_t e = captable_lookup(t, h, &found);
	if (e)
		return e;
	struct cap_slot *s = &t->slots[CAP_HANDLE_SLOT(h)];
	if (s->pins)
		return ERR_BUSY;	/* a call is using it right now */
	captable_write_begin(t);
	s->reserved = true;
	captable_write_end(t);
	return ERR_OK;
}

err_t captable_unreserve(struct captable *t, cap_handle_t h)
{
	struct cap_slot *s;
	err_t e = captable_find_inline(t, h, &s);
	if (e)
		return e;
	if (!s->reserved)
		return ERR_INVALID;
	captable_write_begin(t);
	s->reserved = false;
	captable_write_end(t);
	return ERR_OK;
}

err_t captable_remove_reserved(struct captable *t, cap_handle_t h,
			       struct cap_slot *old)
{
	struct cap_slot *s;
	err_t e = captable_find_inline(t, h, &s);
	if (e)
		return e;
	if (!s->reserved)
		return ERR_INVALID;
	captable_free_slot(t, s, old);
	old->reserved = false;
	return ERR_OK;
}

struct captable_mark captable_mark(const struct captable *t)
{
	return (struct captable_mark){ .free_head = t->free_head,
				       .grown = t->grown, .live = t->live };
}

void captable_rollback(struct captable *t, const struct captable_mark *m)
{
	/* Inserts since the mark took a prefix of the old free list, whose
	 * links the taken slots still hold, then grew the table: free that
	 * prefix in place and lower the watermark back. */
	captable_write_begin(t);
	for (uint32_t i = m->free_head; i != t->free_head;
	     i = t->slots[i].next_free) {
		t->slots[i].type = 0;
		t->slots[i].obj = 0;
		t->slots[i].reserved = false;
	}
	for (uint32_t i = m->grown; i < t->grown; i++)
		t->slots[i].type = 0;
	t->free_head = m->free_head;
	t->grown = m->grown;
	t->live = m->live;
	captable_write_end(t);
}
