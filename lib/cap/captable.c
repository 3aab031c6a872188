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
	uint32_t i = captable_take_slot(t);
	if (i == CAPTABLE_NIL)
		return ERR_CAP_TABLE_FULL;
	struct cap_slot *s = &t->slots[i];
	s->type = type;
	s->flags = flags;
	s->iface = iface;
	s->obj = obj;
	s->next_free = CAPTABLE_NIL;
	t->live++;
	*out = CAP_HANDLE(i, s->gen);
	return ERR_OK;
}

err_t captable_lookup(const struct captable *t, cap_handle_t h,
		      const struct cap_slot **out)
{
	uint32_t i = CAP_HANDLE_SLOT(h);
	if (h == CAP_HANDLE_NONE || i >= t->grown)
		return ERR_BAD_HANDLE;
	const struct cap_slot *s = &t->slots[i];
	/* every slot below `grown` was handed out once: a mismatch means
	 * the handle outlived its capability */
	if (s->gen != CAP_HANDLE_GEN(h) || !s->type)
		return ERR_STALE_HANDLE;
	*out = s;
	return ERR_OK;
}

err_t captable_remove(struct captable *t, cap_handle_t h, struct cap_slot *old)
{
	const struct cap_slot *found;
	err_t e = captable_lookup(t, h, &found);
	if (e)
		return e;
	uint32_t i = CAP_HANDLE_SLOT(h);
	struct cap_slot *s = &t->slots[i];
	*old = *s;
	s->type = 0;
	s->obj = 0;
	uint16_t gen = (uint16_t)(s->gen + 1);
	s->gen = gen ? gen : 1;		/* generation 0 is never valid */
	s->next_free = t->free_head;
	t->free_head = i;
	t->live--;
	return ERR_OK;
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
