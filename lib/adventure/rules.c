/* The rules outside combat: the expedition's start, looking, moving,
 * taking, status and inventory, talking to people, guarding, resting,
 * evacuating and sealing. Each action checks everything before it
 * changes anything (decode, then act). */
#include <stdarg.h>
#include <string.h>
#include "lib/adventure/rules.h"
#include "lib/fmt/fmt.h"

#define T(t) (int)(t).len, (t).s

/* ---- results ------------------------------------------------------------ */

void adv_result_init(struct adv_result *r)
{
	r->ok = true;
	r->refusal = Refusal_none;
	r->len = 0;
	r->text[0] = '\0';
	memset(&r->combat, 0, sizeof(r->combat));
	r->combat.mob = r->combat.zone = ADV_NONE;
}

static void say_v(struct adv_result *r, const char *fmt, va_list ap)
{
	if (r->len + 1 >= sizeof(r->text))
		return;
	size_t n = fmt_vsnprintf(r->text + r->len, sizeof(r->text) - r->len,
				 fmt, ap);
	size_t room = sizeof(r->text) - 1 - r->len;
	r->len += (uint32_t)(n < room ? n : room);
}

void adv_say(struct adv_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_v(r, fmt, ap);
	va_end(ap);
}

void adv_refuse(struct adv_result *r, uint8_t why, const char *fmt, ...)
{
	va_list ap;
	r->ok = false;
	r->refusal = why;
	r->len = 0;
	va_start(ap, fmt);
	say_v(r, fmt, ap);
	va_end(ap);
}

bool adv_act_begin(const struct adv_player *p, struct adv_result *r)
{
	adv_result_init(r);
	if (!p->active) {
		adv_refuse(r, Refusal_noExpedition, "No expedition under way: "
			   "start one (or resume yours).\n");
		return false;
	}
	if (p->downed) {
		adv_refuse(r, Refusal_downed, "You are down in the mud and "
			   "cannot act. Only `status`, `inventory` and "
			   "`leave` remain.\n");
		return false;
	}
	return true;
}

/* ---- state helpers ------------------------------------------------------ */

bool adv_holds(const struct adv_player *p, int item)
{
	return item >= 0 && item < ADV_MAX_ITEMS && (p->held >> item) & 1u;
}

void adv_give(const struct adv_world *w, struct adv_player *p, int item,
	      struct adv_result *r)
{
	p->held |= 1u << item;
	p->gone |= 1u << item;
	adv_say(r, "You now hold: %.*s.\n", T(w->items[item].name));
}

static bool item_lies_here(const struct adv_world *w,
			   const struct adv_player *p, int i)
{
	return w->items[i].room == p->room && !((p->gone >> i) & 1u);
}

int adv_foe_here(const struct adv_world *w, const struct adv_player *p)
{
	for (int i = 0; i < w->nmobs; i++)
		if (w->mobs[i].room == p->room && p->mob_health[i] > 0)
			return i;
	return ADV_NONE;
}

void adv_player_start(const struct adv_world *w, struct adv_player *p)
{
	memset(p, 0, sizeof(*p));
	p->active = true;
	p->room = w->start;
	p->health = w->health;
	for (int i = 0; i < w->nmobs; i++)
		p->mob_health[i] = w->mobs[i].health;
}

const char *adv_section_name(uint32_t section)
{
	static const char *const names[ADV_SECTIONS] = {
		"Items", "Writs", "Relics", "Marks", "Evidence",
	};
	return section < ADV_SECTIONS ? names[section] : "?";
}

uint32_t adv_section_items(const struct adv_world *w,
			   const struct adv_player *p, uint32_t section,
			   int8_t out[ADV_MAX_ITEMS])
{
	uint32_t n = 0;
	for (int i = 0; i < w->nitems; i++)
		if (adv_holds(p, i) && w->items[i].section == section)
			out[n++] = (int8_t)i;
	return n;
}

/* ---- looking ------------------------------------------------------------ */

static void look_exits(const struct adv_world *w, const struct adv_room *rm,
		       const struct adv_player *p, struct adv_result *r)
{
	adv_say(r, "Exits:");
	for (int i = 0; i < rm->nexits; i++) {
		const struct adv_exit *e = &rm->exits[i];
		bool shut = e->needs_beat != ADV_NONE && e->needs_beat >= p->beats;
		adv_say(r, " %.*s%s", T(e->dir), shut ? " (barred)" : "");
	}
	adv_say(r, "%s\n", rm->nexits ? "" : " none");
}

static void look_things(const struct adv_world *w, const struct adv_player *p,
			struct adv_result *r)
{
	for (int i = 0; i < w->nitems; i++)
		if (item_lies_here(w, p, i))
			adv_say(r, "You see: %.*s (%.*s).\n",
				T(w->items[i].name), T(w->items[i].id));
	for (int i = 0; i < w->nnpcs; i++)
		if (w->npcs[i].room == p->room)
			adv_say(r, "Here: %.*s (ask %.*s).\n",
				T(w->npcs[i].name), T(w->npcs[i].id));
	int f = adv_foe_here(w, p);
	if (f != ADV_NONE)
		adv_say(r, "Foe: %.*s (%.*s), %u/%u. %.*s\n",
			T(w->mobs[f].name), T(w->mobs[f].id),
			p->mob_health[f], w->mobs[f].health,
			T(w->mobs[f].desc));
	if (w->rooms[p->room].survivors && !(p->effects & ADV_FX_EVACUATED))
		adv_say(r, "Frightened villagers wait here.\n");
}

void adv_look(const struct adv_world *w, const struct adv_player *p,
	      struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	const struct adv_room *rm = &w->rooms[p->room];
	adv_say(r, "== %.*s ==\n%.*s\n", T(rm->name), T(rm->desc));
	look_things(w, p, r);
	look_exits(w, rm, p, r);
}

void adv_go(const struct adv_world *w, struct adv_player *p,
	    struct adv_text dir, struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	const struct adv_room *rm = &w->rooms[p->room];
	for (int i = 0; i < rm->nexits; i++) {
		const struct adv_exit *e = &rm->exits[i];
		if (!adv_text_eq(e->dir, dir))
			continue;
		if (e->needs_beat != ADV_NONE && e->needs_beat >= p->beats) {
			adv_refuse(r, Refusal_blocked, "The way %.*s is "
				   "barred until you %.*s.\n", T(dir),
				   T(w->beats[e->needs_beat].title));
			return;
		}
		p->room = e->to;
		p->effects &= ~ADV_FX_GUARD;
		adv_look(w, p, r);
		return;
	}
	adv_refuse(r, Refusal_unknown, "You cannot go that way.\n");
}

/* ---- things and people -------------------------------------------------- */

void adv_take(const struct adv_world *w, struct adv_player *p,
	      struct adv_text item, struct adv_result *r)
{
	int beat, i = adv_item_find(w, item);
	if (!adv_act_begin(p, r))
		return;
	if (i == ADV_NONE || !item_lies_here(w, p, i)) {
		adv_refuse(r, adv_holds(p, i) ? Refusal_already :
			   Refusal_notHere, adv_holds(p, i) ?
			   "You already carry that.\n" :
			   "There is no such thing here.\n");
		return;
	}
	enum adv_beat_state s = adv_beat_of(w, p, Action_take, i, item, &beat);
	if (s == ADV_BEAT_LATER && adv_refuse_later(w, p, beat, r))
		return;
	adv_say(r, "Taken: %.*s. %.*s\n", T(w->items[i].name),
		T(w->items[i].desc));
	p->held |= 1u << i;
	p->gone |= 1u << i;
	if (s == ADV_BEAT_NEXT)
		adv_beat_done(w, p, r);
}

void adv_ask(const struct adv_world *w, struct adv_player *p,
	     struct adv_text npc, struct adv_result *r)
{
	int beat, i = adv_npc_find(w, npc);
	if (!adv_act_begin(p, r))
		return;
	if (i == ADV_NONE || w->npcs[i].room != p->room) {
		adv_refuse(r, Refusal_notHere, "No one of that name is here.\n");
		return;
	}
	const struct adv_npc *n = &w->npcs[i];
	switch (adv_beat_of(w, p, Action_ask, i, npc, &beat)) {
	case ADV_BEAT_NEXT:
		adv_say(r, "%.*s\n", T(n->answer));
		adv_beat_done(w, p, r);
		return;
	case ADV_BEAT_LATER:
		adv_refuse_later(w, p, beat, r);
		adv_say(r, "%.*s\n", T(n->greeting));
		return;
	case ADV_BEAT_DONE:
		adv_say(r, "%.*s\n", T(n->after));
		return;
	case ADV_BEAT_NONE:
		adv_say(r, "%.*s\n", T(n->greeting));
	}
}

/* ---- deeds -------------------------------------------------------------- */

void adv_guard(const struct adv_world *w, struct adv_player *p,
	       struct adv_result *r)
{
	int beat, foe = adv_foe_here(w, p);
	if (!adv_act_begin(p, r))
		return;
	if (foe != ADV_NONE) {
		adv_guard_round(w, p, foe, r);
		return;
	}
	enum adv_beat_state s = adv_beat_of(w, p, Action_guard, ADV_NONE,
					    adv_text_of(""), &beat);
	if (s == ADV_BEAT_LATER && adv_refuse_later(w, p, beat, r))
		return;
	if (s != ADV_BEAT_NEXT) {
		adv_say(r, "You raise your shield. Nothing threatens you.\n");
		return;
	}
	p->effects |= ADV_FX_SHIELDWALL;
	adv_say(r, "You plant your shield before the huddled villagers; "
		"the mist breaks on its rim.\n");
	adv_beat_done(w, p, r);
}

void adv_rest(const struct adv_world *w, struct adv_player *p,
	      struct adv_result *r)
{
	if (!adv_act_begin(p, r))
		return;
	if (adv_foe_here(w, p) != ADV_NONE) {
		adv_refuse(r, Refusal_busy, "You cannot rest with a foe "
			   "in front of you.\n");
		return;
	}
	p->fatigue = 0;
	adv_say(r, "You catch your breath. Fatigue 0/%u.\n", w->fatigue_max);
}

void adv_evacuate(const struct adv_world *w, struct adv_player *p,
		  struct adv_result *r)
{
	int beat;
	if (!adv_act_begin(p, r))
		return;
	if (!w->rooms[p->room].survivors || (p->effects & ADV_FX_EVACUATED)) {
		adv_refuse(r, (p->effects & ADV_FX_EVACUATED) ?
			   Refusal_already : Refusal_notHere,
			   "There is no one here to lead away.\n");
		return;
	}
	enum adv_beat_state s = adv_beat_of(w, p, Action_evacuate, ADV_NONE,
					    adv_text_of(""), &beat);
	if (s == ADV_BEAT_LATER && adv_refuse_later(w, p, beat, r))
		return;
	p->effects |= ADV_FX_EVACUATED;
	adv_say(r, "You lead the villagers up the river road to the fort, "
		"the ward-light at your back.\n");
	if (s == ADV_BEAT_NEXT)
		adv_beat_done(w, p, r);
}

void adv_seal(const struct adv_world *w, struct adv_player *p,
	      struct adv_text target, struct adv_result *r)
{
	int beat;
	if (!adv_act_begin(p, r))
		return;
	switch (adv_beat_of(w, p, Action_seal, ADV_NONE, target, &beat)) {
	case ADV_BEAT_NEXT:
		p->effects |= ADV_FX_SEALED;
		adv_say(r, "You press the delegated ward into the cracked "
			"lintel and speak the witnessed oath. The %.*s "
			"seals with a sound like a held breath.\n", T(target));
		adv_beat_done(w, p, r);
		return;
	case ADV_BEAT_LATER:
		adv_refuse_later(w, p, beat, r);
		return;
	case ADV_BEAT_DONE:
		adv_refuse(r, Refusal_already, "It is sealed already.\n");
		return;
	case ADV_BEAT_NONE:
		adv_refuse(r, Refusal_unknown, "There is nothing like that "
			   "here to seal.\n");
	}
}

/* ---- the player's view of itself ------------------------------------------ */

static void status_effects(const struct adv_player *p, struct adv_result *r)
{
	static const struct { uint32_t bit; const char *name; } fx[] = {
		{ ADV_FX_GUARD, "guarding" },
		{ ADV_FX_KINDLED, "village ward kindled" },
		{ ADV_FX_SHIELDWALL, "shield-wall" },
		{ ADV_FX_EVACUATED, "survivors evacuated" },
		{ ADV_FX_SEALED, "gate sealed" },
	};
	adv_say(r, "Effects:");
	for (unsigned i = 0; i < sizeof(fx) / sizeof(fx[0]); i++)
		if (p->effects & fx[i].bit)
			adv_say(r, " [%s]", fx[i].name);
	adv_say(r, "%s\n", p->effects ? "" : " none");
}

void adv_status(const struct adv_world *w, const struct adv_player *p,
		struct adv_result *r)
{
	adv_result_init(r);
	if (!p->active) {
		adv_act_begin(p, r);
		return;
	}
	adv_say(r, "%s at %.*s. Health %u/%u, fatigue %u/%u.\n",
		p->downed ? "DOWN" : "Standing", T(w->rooms[p->room].name),
		p->health, w->health, p->fatigue, w->fatigue_max);
	status_effects(p, r);
	if (adv_mission_complete(w, p))
		adv_say(r, "Mission: complete (%u/%u).\n", p->beats, w->nbeats);
	else
		adv_say(r, "Mission: %u/%u done; next: %.*s.\n", p->beats,
			w->nbeats, T(w->beats[p->beats].title));
}

void adv_inventory(const struct adv_world *w, const struct adv_player *p,
		   struct adv_result *r)
{
	int8_t ix[ADV_MAX_ITEMS];
	adv_result_init(r);
	if (!p->active) {
		adv_act_begin(p, r);
		return;
	}
	for (uint32_t s = 0; s < ADV_SECTIONS; s++) {
		uint32_t n = adv_section_items(w, p, s, ix);
		adv_say(r, "%s:", adv_section_name(s));
		for (uint32_t k = 0; k < n; k++)
			adv_say(r, "%s %.*s", k ? "," : "",
				T(w->items[ix[k]].name));
		adv_say(r, "%s\n", n ? "" : " (none)");
	}
}
