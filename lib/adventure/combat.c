/* Deterministic combat. One round is the player's blow, then the foe's
 * if it still stands. Nothing is random: the same actions from the same
 * state always give the same rounds (so a run can be replayed and
 * tested).
 *
 *   blow   = power x zone% / 100 x resist% / 100, at most the zone's
 *            cap (bounded zone damage: a limb cannot take a killing
 *            blow), at least 1 for an ability with power
 *   foe    = its power x the best ward% among held items of its damage
 *            kind / 100, halved (rounded down) when guarding
 *   fatigue: each ability costs its fatigue; an action that would pass
 *            the maximum is refused; guarding recovers GUARD_RECOVERY
 *
 * The player at 0 health is downed: every action but status, inventory
 * and leave is refused from then on (rules.c adv_act_begin). Powers,
 * percents and caps are bounded when the content is read (at most 100,
 * 400, 100), so no product here passes 32 bits. */
#include "lib/adventure/rules.h"

#define T(t) (int)(t).len, (t).s
#define GUARD_RECOVERY 2

uint32_t adv_damage(const struct adv_mob *m, int zone, uint8_t kind,
		    uint32_t power)
{
	if (zone < 0 || zone >= m->nzones || kind >= ADV_KINDS || power == 0)
		return 0;
	const struct adv_zone *z = &m->zones[zone];
	uint32_t d = power * z->pct / 100 * m->resist[kind] / 100;
	if (d > z->cap)
		d = z->cap;
	return d ? d : (m->resist[kind] ? 1 : 0);
}

static uint32_t ward_percent(const struct adv_world *w,
			     const struct adv_player *p, uint8_t kind)
{
	uint32_t best = 100;
	for (int i = 0; i < w->nitems; i++) {
		const struct adv_item *it = &w->items[i];
		if (adv_holds(p, i) && it->ward_pct && it->ward_kind == kind &&
		    it->ward_pct < best)
			best = it->ward_pct;
	}
	return best;
}

uint32_t adv_blow(const struct adv_world *w, const struct adv_player *p,
		  const struct adv_mob *m)
{
	uint32_t d = m->power * ward_percent(w, p, m->kind) / 100;
	return (p->effects & ADV_FX_GUARD) ? d / 2 : d;
}

/* The foe strikes back; the guard is spent. */
static void foe_strikes(const struct adv_world *w, struct adv_player *p,
			int mob, struct adv_result *r)
{
	const struct adv_mob *m = &w->mobs[mob];
	uint32_t d = adv_blow(w, p, m);
	bool guarded = p->effects & ADV_FX_GUARD;
	p->effects &= ~ADV_FX_GUARD;
	p->health -= d < p->health ? d : p->health;
	r->combat.taken = d;
	adv_say(r, "The %.*s strikes you: %u %s damage%s. Health %u/%u.\n",
		T(m->name), d, DamageKind_name_of(m->kind),
		guarded ? " (guarded)" : "", p->health, w->health);
	if (p->health == 0) {
		p->downed = true;
		adv_say(r, "You fall. The expedition is lost: `leave` it.\n");
	}
}

void adv_guard_round(const struct adv_world *w, struct adv_player *p, int mob,
		     struct adv_result *r)
{
	uint32_t back = p->fatigue < GUARD_RECOVERY ? p->fatigue
						     : GUARD_RECOVERY;
	p->fatigue -= back;
	p->effects |= ADV_FX_GUARD;
	r->combat.fought = true;
	r->combat.mob = (int8_t)mob;
	r->combat.foe_health = p->mob_health[mob];
	adv_say(r, "You set your shield and catch your breath (fatigue "
		"%u/%u).\n", p->fatigue, w->fatigue_max);
	foe_strikes(w, p, mob, r);
}

/* ---- choosing what to hit ----------------------------------------------- */

/* The foe and zone named, or a refusal (false). */
static bool fight_target(const struct adv_world *w, const struct adv_player *p,
			 struct adv_text target, struct adv_text zone,
			 int *mob, int *z, struct adv_result *r)
{
	*mob = adv_mob_find(w, target);
	if (*mob == ADV_NONE || w->mobs[*mob].room != p->room) {
		adv_refuse(r, Refusal_notHere, "There is no such foe here.\n");
		return false;
	}
	const struct adv_mob *m = &w->mobs[*mob];
	if (p->mob_health[*mob] == 0) {
		adv_refuse(r, Refusal_already, "The %.*s is already "
			   "defeated.\n", T(m->name));
		return false;
	}
	*z = zone.len ? adv_zone_find(m, zone) : 0;
	if (*z != ADV_NONE)
		return true;
	adv_refuse(r, Refusal_unknown, "The %.*s has no such zone; aim at",
		   T(m->name));
	for (int i = 0; i < m->nzones; i++)
		adv_say(r, " %.*s", T(m->zones[i].name));
	adv_say(r, ".\n");
	return false;
}

/* The ability may be used now (true), or a refusal. */
static bool ability_ready(const struct adv_world *w, const struct adv_player *p,
			  const struct adv_ability *a, struct adv_result *r)
{
	if (a->needs_item != ADV_NONE && !adv_holds(p, a->needs_item)) {
		adv_refuse(r, Refusal_missing, "%.*s needs %.*s.\n", T(a->name),
			   T(w->items[a->needs_item].name));
		return false;
	}
	if (a->room != ADV_NONE && a->room != p->room) {
		adv_refuse(r, Refusal_notHere, "%.*s works only at %.*s.\n",
			   T(a->name), T(w->rooms[a->room].name));
		return false;
	}
	if (p->fatigue + a->fatigue > w->fatigue_max) {
		adv_refuse(r, Refusal_exhausted, "Too tired for %.*s (fatigue "
			   "%u/%u, it costs %u): guard or rest.\n", T(a->name),
			   p->fatigue, w->fatigue_max, a->fatigue);
		return false;
	}
	return true;
}

/* ---- a round -------------------------------------------------------------- */

static void land_blow(const struct adv_world *w, struct adv_player *p,
		      const struct adv_ability *a, int mob, int z,
		      struct adv_result *r)
{
	const struct adv_mob *m = &w->mobs[mob];
	uint32_t d = adv_damage(m, z, a->damage, a->power);
	if (d > p->mob_health[mob])
		d = p->mob_health[mob];
	p->mob_health[mob] -= d;
	p->fatigue += a->fatigue;
	r->combat = (struct adv_combat){
		.fought = true, .mob = (int8_t)mob, .zone = (int8_t)z,
		.kind = a->damage, .dealt = d,
		.foe_health = p->mob_health[mob],
		.defeated = p->mob_health[mob] == 0,
	};
	adv_say(r, "Your %.*s hits the %.*s in the %.*s: %u %s damage "
		"(%u/%u left). Fatigue %u/%u.\n", T(a->name), T(m->name),
		T(m->zones[z].name), d, DamageKind_name_of(a->damage),
		p->mob_health[mob], m->health, p->fatigue, w->fatigue_max);
}

static void fight(const struct adv_world *w, struct adv_player *p,
		  const struct adv_ability *a, struct adv_text target,
		  struct adv_text zone, struct adv_result *r)
{
	int mob, z, beat;
	if (!fight_target(w, p, target, zone, &mob, &z, r))
		return;
	enum adv_beat_state s = adv_beat_of(w, p, Action_defeat, mob, target,
					    &beat);
	if ((s == ADV_BEAT_LATER && adv_refuse_later(w, p, beat, r)) ||
	    !ability_ready(w, p, a, r))
		return;
	land_blow(w, p, a, mob, z, r);
	if (!r->combat.defeated) {
		foe_strikes(w, p, mob, r);
		return;
	}
	adv_say(r, "The %.*s comes apart like mist in the sun.\n",
		T(w->mobs[mob].name));
	if (s == ADV_BEAT_NEXT)
		adv_beat_done(w, p, r);
}

/* ---- the verbs ------------------------------------------------------------ */

static int ability_of_kind(const struct adv_world *w, struct adv_text id,
			   uint8_t kind)
{
	int a = adv_ability_find(w, id);
	return a != ADV_NONE && w->abilities[a].kind == kind ? a : ADV_NONE;
}

void adv_attack(const struct adv_world *w, struct adv_player *p,
		struct adv_text target, struct adv_text zone,
		struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	for (int i = 0; i < w->nabilities; i++)
		if (w->abilities[i].kind == AbilityKind_strike) {
			fight(w, p, &w->abilities[i], target, zone, r);
			return;
		}
	adv_refuse(r, Refusal_unknown, "You have no weapon.\n");
}

void adv_use_skill(const struct adv_world *w, struct adv_player *p,
		   struct adv_text skill, struct adv_text target,
		   struct adv_text zone, struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	int a = ability_of_kind(w, skill, AbilityKind_skill);
	if (a == ADV_NONE) {
		adv_refuse(r, Refusal_unknown, "You know no such skill.\n");
		return;
	}
	fight(w, p, &w->abilities[a], target, zone, r);
}

/* A spell without power: an effect on the place (the village ward). */
static void cast_effect(const struct adv_world *w, struct adv_player *p,
			int a, struct adv_text spell, struct adv_result *r)
{
	int beat;
	const struct adv_ability *ab = &w->abilities[a];
	enum adv_beat_state s = adv_beat_of(w, p, Action_cast, a, spell, &beat);
	if (s == ADV_BEAT_LATER && adv_refuse_later(w, p, beat, r))
		return;
	if (s == ADV_BEAT_DONE) {
		adv_refuse(r, Refusal_already, "The ward burns already.\n");
		return;
	}
	if (!ability_ready(w, p, ab, r))
		return;
	p->fatigue += ab->fatigue;
	p->effects |= ADV_FX_KINDLED;
	adv_say(r, "You speak the %.*s. Pale fire runs along the ward-cord "
		"and rings the village (fatigue %u/%u).\n", T(ab->name),
		p->fatigue, w->fatigue_max);
	if (s == ADV_BEAT_NEXT)
		adv_beat_done(w, p, r);
}

void adv_cast(const struct adv_world *w, struct adv_player *p,
	      struct adv_text spell, struct adv_text target,
	      struct adv_text zone, struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	int a = ability_of_kind(w, spell, AbilityKind_spell);
	if (a == ADV_NONE) {
		adv_refuse(r, Refusal_unknown, "You know no such spell.\n");
		return;
	}
	if (w->abilities[a].power == 0)
		cast_effect(w, p, a, spell, r);
	else
		fight(w, p, &w->abilities[a], target, zone, r);
}
