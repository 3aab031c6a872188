/* Reading the content blob: the message, the player profile, rooms,
 * items and NPCs (mobs, abilities and beats: world_rules.c). Records are
 * read in an order that lets each reference resolve against tables
 * already filled: rooms, items, NPCs, mobs, abilities, beats, and last
 * the exits' beat conditions. */
#include <stdarg.h>
#include <string.h>
#include "lib/adventure/load.h"
#include "lib/fmt/fmt.h"

struct adv_text adv_text_of(const char *s)
{
	return (struct adv_text){ s, (uint32_t)strlen(s) };
}

bool adv_text_eq(struct adv_text a, struct adv_text b)
{
	return a.len == b.len && !memcmp(a.s, b.s, a.len);
}

/* Every record type starts with its id. */
static int find_in(const void *base, size_t stride, unsigned n,
		   struct adv_text id)
{
	for (unsigned i = 0; i < n; i++) {
		const struct adv_text *t = (const void *)
			((const char *)base + i * stride);
		if (adv_text_eq(*t, id))
			return (int)i;
	}
	return ADV_NONE;
}

#define FIND(w, arr, n, id) find_in((w)->arr, sizeof((w)->arr[0]), (w)->n, id)

int adv_room_find(const struct adv_world *w, struct adv_text id)
{
	return FIND(w, rooms, nrooms, id);
}

int adv_item_find(const struct adv_world *w, struct adv_text id)
{
	return FIND(w, items, nitems, id);
}

int adv_npc_find(const struct adv_world *w, struct adv_text id)
{
	return FIND(w, npcs, nnpcs, id);
}

int adv_mob_find(const struct adv_world *w, struct adv_text id)
{
	return FIND(w, mobs, nmobs, id);
}

int adv_ability_find(const struct adv_world *w, struct adv_text id)
{
	return FIND(w, abilities, nabilities, id);
}

int adv_zone_find(const struct adv_mob *m, struct adv_text name)
{
	for (unsigned i = 0; i < m->nzones; i++)
		if (adv_text_eq(m->zones[i].name, name))
			return (int)i;
	return ADV_NONE;
}

/* ---- checks ------------------------------------------------------------ */

int adv_load_fail(struct adv_load *L, const char *fmt, ...)
{
	va_list ap;
	if (L->bad)
		return -1;
	L->bad = true;
	va_start(ap, fmt);
	fmt_vsnprintf(L->why, L->whycap, fmt, ap);
	va_end(ap);
	return -1;
}

int adv_load_text(struct adv_load *L, struct capn_text t, const char *what,
		  bool required, struct adv_text *out)
{
	if (t.len > ADV_MAX_TEXT)
		return adv_load_fail(L, "%s: longer than %u bytes", what,
				     ADV_MAX_TEXT);
	if (required && t.len == 0)
		return adv_load_fail(L, "%s: empty", what);
	for (uint32_t i = 0; i < t.len; i++)
		if ((unsigned char)t.str[i] < 0x20 || t.str[i] == 0x7f)
			return adv_load_fail(L, "%s: control character", what);
	*out = (struct adv_text){ t.str, t.len };
	return 0;
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

int adv_load_id(struct adv_load *L, struct capn_text t, const char *what,
		struct adv_text *out)
{
	if (t.len == 0 || t.len > ADV_MAX_ID)
		return adv_load_fail(L, "%s: id must be 1..%u bytes", what,
				     ADV_MAX_ID);
	for (uint32_t i = 0; i < t.len; i++)
		if (!id_char(t.str[i]))
			return adv_load_fail(L, "%s: id \"%.*s\" is not "
					     "[a-z0-9-]", what, (int)t.len,
					     t.str);
	*out = (struct adv_text){ t.str, t.len };
	return 0;
}

static int load_ref(struct adv_load *L, struct capn_text t, const char *what,
		    bool optional, int8_t *out, int found)
{
	*out = ADV_NONE;
	if (t.len == 0 && optional)
		return 0;
	if (found == ADV_NONE)
		return adv_load_fail(L, "%s: unknown \"%.*s\"", what,
				     (int)(t.len > 40 ? 40 : t.len), t.str);
	*out = (int8_t)found;
	return 0;
}

int adv_load_room_ref(struct adv_load *L, struct capn_text t,
		      const char *what, bool optional, int8_t *out)
{
	struct adv_text id = { t.str, t.len };
	return load_ref(L, t, what, optional, out, adv_room_find(L->w, id));
}

int adv_load_item_ref(struct adv_load *L, struct capn_text t,
		      const char *what, bool optional, int8_t *out)
{
	struct adv_text id = { t.str, t.len };
	return load_ref(L, t, what, optional, out, adv_item_find(L->w, id));
}

/* ---- rooms, items, NPCs ------------------------------------------------ */

static int load_room(struct adv_load *L, Room_r r, struct adv_room *o)
{
	if (adv_load_id(L, Room_get_id(r), "room", &o->id) ||
	    adv_load_text(L, Room_get_name(r), "room name", true, &o->name) ||
	    adv_load_text(L, Room_get_description(r), "room description",
			  true, &o->desc) ||
	    adv_load_text(L, Room_get_channel(r), "room channel", true,
			  &o->channel))
		return -1;
	if (o->channel.len < 3 || o->channel.len > 32 ||
	    memcmp(o->channel.s, "#r", 2))
		return adv_load_fail(L, "room %.*s: channel must be \"#r...\"",
				     (int)o->id.len, o->id.s);
	o->survivors = Room_get_survivors(r);
	return 0;
}

static int load_rooms(struct adv_load *L, Room_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Room_list_len(l);
	if (n == 0 || n > ADV_MAX_ROOMS)
		return adv_load_fail(L, "rooms: 1..%u needed, %u given",
				     ADV_MAX_ROOMS, n);
	for (uint32_t i = 0; i < n; i++) {
		if (load_room(L, Room_list_get(l, i), &w->rooms[i]))
			return -1;
		if (adv_room_find(w, w->rooms[i].id) != ADV_NONE)
			return adv_load_fail(L, "room %.*s: twice",
					     (int)w->rooms[i].id.len,
					     w->rooms[i].id.s);
		w->nrooms = (uint8_t)(i + 1);
	}
	return 0;
}

static int load_item(struct adv_load *L, Item_r r, struct adv_item *o)
{
	if (adv_load_id(L, Item_get_id(r), "item", &o->id) ||
	    adv_load_text(L, Item_get_name(r), "item name", true, &o->name) ||
	    adv_load_text(L, Item_get_description(r), "item description",
			  true, &o->desc) ||
	    adv_load_room_ref(L, Item_get_room(r), "item room", true,
			      &o->room))
		return -1;
	o->section = (uint8_t)Item_get_section(r);
	o->ward_kind = (uint8_t)Item_get_wardKind(r);
	o->ward_pct = Item_get_wardPercent(r);
	if (o->section >= ADV_SECTIONS || o->ward_kind >= ADV_KINDS ||
	    o->ward_pct > 100)
		return adv_load_fail(L, "item %.*s: section or ward out of "
				     "range", (int)o->id.len, o->id.s);
	return 0;
}

static int load_items(struct adv_load *L, Item_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Item_list_len(l);
	if (n > ADV_MAX_ITEMS)
		return adv_load_fail(L, "items: at most %u", ADV_MAX_ITEMS);
	for (uint32_t i = 0; i < n; i++) {
		if (load_item(L, Item_list_get(l, i), &w->items[i]))
			return -1;
		if (adv_item_find(w, w->items[i].id) != ADV_NONE)
			return adv_load_fail(L, "item %.*s: twice",
					     (int)w->items[i].id.len,
					     w->items[i].id.s);
		w->nitems = (uint8_t)(i + 1);
	}
	return 0;
}

static int load_chatter(struct adv_load *L, Chatter_list_r l,
			struct adv_npc *o)
{
	uint32_t n = Chatter_list_len(l);
	if (n > ADV_MAX_CHATTER)
		return adv_load_fail(L, "npc %.*s: at most %u chatter lines",
				     (int)o->id.len, o->id.s, ADV_MAX_CHATTER);
	for (uint32_t i = 0; i < n; i++) {
		Chatter_r c = Chatter_list_get(l, i);
		if (adv_load_text(L, Chatter_get_keyword(c), "chatter keyword",
				  false, &o->chatter[i].keyword) ||
		    adv_load_text(L, Chatter_get_reply(c), "chatter reply",
				  true, &o->chatter[i].reply))
			return -1;
	}
	o->nchatter = (uint8_t)n;
	return 0;
}

static int load_npc(struct adv_load *L, Npc_r r, struct adv_npc *o)
{
	if (adv_load_id(L, Npc_get_id(r), "npc", &o->id) ||
	    adv_load_text(L, Npc_get_name(r), "npc name", true, &o->name) ||
	    adv_load_room_ref(L, Npc_get_room(r), "npc room", false,
			      &o->room) ||
	    adv_load_text(L, Npc_get_greeting(r), "npc greeting", true,
			  &o->greeting) ||
	    adv_load_text(L, Npc_get_answer(r), "npc answer", true,
			  &o->answer) ||
	    adv_load_text(L, Npc_get_after(r), "npc after", true, &o->after))
		return -1;
	return load_chatter(L, Npc_get_chatter(r), o);
}

static int load_npcs(struct adv_load *L, Npc_list_r l)
{
	struct adv_world *w = L->w;
	uint32_t n = Npc_list_len(l);
	if (n > ADV_MAX_NPCS)
		return adv_load_fail(L, "npcs: at most %u", ADV_MAX_NPCS);
	for (uint32_t i = 0; i < n; i++) {
		if (load_npc(L, Npc_list_get(l, i), &w->npcs[i]))
			return -1;
		if (adv_npc_find(w, w->npcs[i].id) != ADV_NONE)
			return adv_load_fail(L, "npc %.*s: twice",
					     (int)w->npcs[i].id.len,
					     w->npcs[i].id.s);
		w->nnpcs = (uint8_t)(i + 1);
	}
	return 0;
}

/* ---- exits (after the beats: they may wait for one) --------------------- */

static int load_exit(struct adv_load *L, Exit_r r, struct adv_exit *o)
{
	struct capn_text nb = Exit_get_needsBeat(r);
	struct adv_text beat = { nb.str, nb.len };
	if (adv_load_id(L, Exit_get_direction(r), "exit direction", &o->dir) ||
	    adv_load_room_ref(L, Exit_get_to(r), "exit to", false, &o->to))
		return -1;
	o->needs_beat = ADV_NONE;
	if (nb.len == 0)
		return 0;
	int b = find_in(L->w->beats, sizeof(L->w->beats[0]), L->w->nbeats,
			beat);
	if (b == ADV_NONE)
		return adv_load_fail(L, "exit needsBeat: unknown beat");
	o->needs_beat = (int8_t)b;
	return 0;
}

static int load_exits(struct adv_load *L, Room_list_r l)
{
	for (uint32_t i = 0; i < L->w->nrooms; i++) {
		struct adv_room *o = &L->w->rooms[i];
		Exit_list_r el = Room_get_exits(Room_list_get(l, i));
		uint32_t n = Exit_list_len(el);
		if (n > ADV_MAX_EXITS)
			return adv_load_fail(L, "room %.*s: at most %u exits",
					     (int)o->id.len, o->id.s,
					     ADV_MAX_EXITS);
		for (uint32_t k = 0; k < n; k++)
			if (load_exit(L, Exit_list_get(el, k), &o->exits[k]))
				return -1;
		o->nexits = (uint8_t)n;
	}
	return 0;
}

/* ---- the whole ---------------------------------------------------------- */

static int load_top(struct adv_load *L, AdventureContent_r c)
{
	struct adv_world *w = L->w;
	PlayerProfile_r p = AdventureContent_get_player(c);
	w->health = PlayerProfile_get_health(p);
	w->fatigue_max = PlayerProfile_get_fatigueMax(p);
	if (w->health < 1 || w->health > 1000 || w->fatigue_max < 1 ||
	    w->fatigue_max > 100)
		return adv_load_fail(L, "player: health 1..1000, fatigueMax "
				     "1..100");
	return adv_load_text(L, AdventureContent_get_title(c), "title", true,
			     &w->title) ||
	       adv_load_text(L, AdventureContent_get_intro(c), "intro", true,
			     &w->intro) ||
	       adv_load_text(L, AdventureContent_get_completion(c),
			     "completion", true, &w->completion) ||
	       adv_load_room_ref(L, AdventureContent_get_startRoom(c),
				 "startRoom", false, &w->start);
}

static int load_content(struct adv_load *L, AdventureContent_r c)
{
	Room_list_r rooms = AdventureContent_get_rooms(c);
	if (load_rooms(L, rooms) ||
	    load_items(L, AdventureContent_get_items(c)) ||
	    load_npcs(L, AdventureContent_get_npcs(c)) ||
	    adv_load_mobs(L, AdventureContent_get_mobs(c)) ||
	    adv_load_abilities(L, AdventureContent_get_abilities(c)) ||
	    adv_load_beats(L, AdventureContent_get_beats(c)) ||
	    load_exits(L, rooms) || load_top(L, c))
		return -1;
	return 0;
}

int adv_world_load(struct adv_world *w, const void *blob, size_t len,
		   char *why, size_t whycap)
{
	struct adv_load L = { w, why, whycap, false };
	struct capn_msg m;
	memset(w, 0, sizeof(*w));
	if (whycap)
		why[0] = '\0';
	int e = capn_msg_init(&m, blob, len);
	AdventureContent_r c = { capn_msg_root(&m) };
	if (!e)
		e = AdventureContent_validate(c);
	if (e)
		return adv_load_fail(&L, "content: not a valid message (%s)",
				     capn_errname(e));
	capn_msg_reset_budget(&m, 0);
	if (load_content(&L, c) || m.err) {
		adv_load_fail(&L, "content: unreadable (%s)",
			      capn_errname(m.err));
		memset(w, 0, sizeof(*w));
		return -1;
	}
	return 0;
}
