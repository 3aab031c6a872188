/* Reading the content's rule records: mobs (combat profiles), abilities
 * (strikes, skills, spells) and the mission's beats. Numbers are bounded
 * here so the combat arithmetic (combat.c) cannot overflow 32 bits. */
#include "lib/adventure/load.h"

#define MAX_HEALTH 1000
#define MAX_POWER 100
#define MAX_PERCENT 400

static int load_zones(struct adv_load *L, Zone_list_r l, struct adv_mob *o)
{
	uint32_t n = Zone_list_len(l);
	if (n < 1 || n > ADV_MAX_ZONES)
		return adv_load_fail(L, "mob %.*s: 1..%u zones", (int)o->id.len,
				     o->id.s, ADV_MAX_ZONES);
	for (uint32_t i = 0; i < n; i++) {
		Zone_r z = Zone_list_get(l, i);
		struct adv_zone *d = &o->zones[i];
		if (adv_load_id(L, Zone_get_name(z), "zone", &d->name))
			return -1;
		d->pct = Zone_get_percent(z);
		d->cap = Zone_get_cap(z);
		if (d->pct < 1 || d->pct > MAX_PERCENT || d->cap < 1 ||
		    d->cap > MAX_POWER)
			return adv_load_fail(L, "zone %.*s: percent 1..%u, cap "
					     "1..%u", (int)d->name.len,
					     d->name.s, MAX_PERCENT, MAX_POWER);
	}
	o->nzones = (uint8_t)n;
	return 0;
}

static int load_resists(struct adv_load *L, Resist_list_r l,
			struct adv_mob *o)
{
	uint32_t n = Resist_list_len(l);
	for (unsigned k = 0; k < ADV_KINDS; k++)
		o->resist[k] = 100;
	if (n > ADV_KINDS)
		return adv_load_fail(L, "mob %.*s: at most %u resists",
				     (int)o->id.len, o->id.s, ADV_KINDS);
	for (uint32_t i = 0; i < n; i++) {
		Resist_r r = Resist_list_get(l, i);
		uint32_t kind = Resist_get_kind(r), pct = Resist_get_percent(r);
		if (kind >= ADV_KINDS || pct > MAX_PERCENT)
			return adv_load_fail(L, "mob %.*s: resist out of range",
					     (int)o->id.len, o->id.s);
		o->resist[kind] = pct;
	}
	return 0;
}

static int load_mob(struct adv_load *L, Mob_r r, struct adv_mob *o)
{
	if (adv_load_id(L, Mob_get_id(r), "mob", &o->id) ||
	    adv_load_text(L, Mob_get_name(r), "mob name", true, &o->name) ||
	    adv_load_text(L, Mob_get_description(r), "mob description", true,
			  &o->desc) ||
	    adv_load_room_ref(L, Mob_get_room(r), "mob room", false, &o->room))
		return -1;
	o->health = Mob_get_health(r);
	o->power = Mob_get_power(r);
	o->kind = (uint8_t)Mob_get_kind(r);
	if (o->health < 1 || o->health > MAX_HEALTH || o->power > MAX_POWER ||
	    o->kind >= ADV_KINDS)
		return adv_load_fail(L, "mob %.*s: health 1..%u, power 0..%u",
				     (int)o->id.len, o->id.s, MAX_HEALTH,
				     MAX_POWER);
	return load_zones(L, Mob_get_zones(r), o) ||
	       load_resists(L, Mob_get_resists(r), o);
}

int adv_load_mobs(struct adv_load *L, Mob_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Mob_list_len(l);
	if (n > ADV_MAX_MOBS)
		return adv_load_fail(L, "mobs: at most %u", ADV_MAX_MOBS);
	for (uint32_t i = 0; i < n; i++) {
		if (load_mob(L, Mob_list_get(l, i), &w->mobs[i]))
			return -1;
		if (adv_mob_find(w, w->mobs[i].id) != ADV_NONE)
			return adv_load_fail(L, "mob %.*s: twice",
					     (int)w->mobs[i].id.len,
					     w->mobs[i].id.s);
		w->nmobs = (uint8_t)(i + 1);
	}
	return 0;
}

static int load_ability(struct adv_load *L, Ability_r r,
			struct adv_ability *o)
{
	if (adv_load_id(L, Ability_get_id(r), "ability", &o->id) ||
	    adv_load_text(L, Ability_get_name(r), "ability name", true,
			  &o->name) ||
	    adv_load_item_ref(L, Ability_get_needsItem(r), "ability needsItem",
			      true, &o->needs_item) ||
	    adv_load_room_ref(L, Ability_get_room(r), "ability room", true,
			      &o->room))
		return -1;
	o->kind = (uint8_t)Ability_get_kind(r);
	o->damage = (uint8_t)Ability_get_damage(r);
	o->power = Ability_get_power(r);
	o->fatigue = Ability_get_fatigue(r);
	if (o->kind > AbilityKind_spell || o->damage >= ADV_KINDS ||
	    o->power > MAX_POWER || o->fatigue > 100)
		return adv_load_fail(L, "ability %.*s: out of range",
				     (int)o->id.len, o->id.s);
	return 0;
}

int adv_load_abilities(struct adv_load *L, Ability_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Ability_list_len(l);
	if (n > ADV_MAX_ABILITIES)
		return adv_load_fail(L, "abilities: at most %u",
				     ADV_MAX_ABILITIES);
	for (uint32_t i = 0; i < n; i++) {
		if (load_ability(L, Ability_list_get(l, i), &w->abilities[i]))
			return -1;
		if (adv_ability_find(w, w->abilities[i].id) != ADV_NONE)
			return adv_load_fail(L, "ability %.*s: twice",
					     (int)w->abilities[i].id.len,
					     w->abilities[i].id.s);
		w->nabilities = (uint8_t)(i + 1);
	}
	return 0;
}

/* A beat's target, by its action: the record it names, or (guard,
 * evacuate) nothing, or (seal) a free name. */
static int beat_target(struct adv_load *L, struct adv_beat *o)
{
	const struct adv_world *w = L->w;
	int ix = ADV_NONE;
	o->target_ix = ADV_NONE;
	switch (o->action) {
	case Action_take: ix = adv_item_find(w, o->target); break;
	case Action_ask: ix = adv_npc_find(w, o->target); break;
	case Action_defeat: ix = adv_mob_find(w, o->target); break;
	case Action_cast: ix = adv_ability_find(w, o->target); break;
	case Action_seal:
		return o->target.len ? 0 : adv_load_fail(L, "beat %.*s: seal "
			"needs a target", (int)o->id.len, o->id.s);
	default:
		return o->target.len ? adv_load_fail(L, "beat %.*s: no target "
			"expected", (int)o->id.len, o->id.s) : 0;
	}
	if (ix == ADV_NONE)
		return adv_load_fail(L, "beat %.*s: unknown target \"%.*s\"",
				     (int)o->id.len, o->id.s,
				     (int)o->target.len, o->target.s);
	o->target_ix = (int8_t)ix;
	return 0;
}

static int load_beat(struct adv_load *L, Beat_r r, struct adv_beat *o)
{
	struct capn_text t = Beat_get_target(r);
	if (adv_load_id(L, Beat_get_id(r), "beat", &o->id) ||
	    adv_load_text(L, Beat_get_title(r), "beat title", true,
			  &o->title) ||
	    (t.len && adv_load_id(L, t, "beat target", &o->target)) ||
	    adv_load_room_ref(L, Beat_get_room(r), "beat room", false,
			      &o->room) ||
	    adv_load_item_ref(L, Beat_get_reward(r), "beat reward", true,
			      &o->reward))
		return -1;
	o->action = (uint8_t)Beat_get_action(r);
	if (o->action > Action_seal)
		return adv_load_fail(L, "beat %.*s: unknown action",
				     (int)o->id.len, o->id.s);
	return beat_target(L, o);
}

int adv_load_beats(struct adv_load *L, Beat_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Beat_list_len(l);
	if (n < 1 || n > ADV_MAX_BEATS)
		return adv_load_fail(L, "beats: 1..%u", ADV_MAX_BEATS);
	for (uint32_t i = 0; i < n; i++) {
		struct adv_beat *o = &w->beats[i];
		if (load_beat(L, Beat_list_get(l, i), o))
			return -1;
		for (uint32_t k = 0; k < i; k++)
			if (adv_text_eq(w->beats[k].id, o->id))
				return adv_load_fail(L, "beat %.*s: twice",
						     (int)o->id.len, o->id.s);
		w->nbeats = (uint8_t)(i + 1);
	}
	return 0;
}
