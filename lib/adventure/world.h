/* The Aurelian Frontier world, read from the content blob
 * (schema/adventure.capnp AdventureContent) into bounded tables that the
 * rules index by small integers. Every reference between records (an
 * exit's room, a beat's target, an item's place) is resolved and checked
 * once here, so the rules never meet a dangling name.
 *
 * Texts point into the blob: it must outlive the world. Pure: no
 * allocation, integers only (lib/ is built for the kernel too). */
#ifndef CAPOS_LIB_ADVENTURE_WORLD_H
#define CAPOS_LIB_ADVENTURE_WORLD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "capos/adventure.h"

#define ADV_MAX_ROOMS 24
#define ADV_MAX_ITEMS 32	/* a player's held items are one uint32 mask */
#define ADV_MAX_NPCS 8
#define ADV_MAX_MOBS 8
#define ADV_MAX_ABILITIES 8
#define ADV_MAX_BEATS 16
#define ADV_MAX_EXITS 6
#define ADV_MAX_ZONES 4
#define ADV_MAX_CHATTER 8
#define ADV_MAX_ID 31
#define ADV_MAX_TEXT 600
#define ADV_KINDS 5		/* DamageKind */
#define ADV_SECTIONS 5		/* Section */
#define ADV_NONE (-1)

_Static_assert(ADV_MAX_ROOMS == AdventureContent_maxRooms, "rooms");
_Static_assert(ADV_MAX_ITEMS == AdventureContent_maxItems, "items");
_Static_assert(ADV_MAX_BEATS == AdventureContent_maxBeats, "beats");
_Static_assert(ADV_MAX_ID == AdventureContent_maxId, "ids");

struct adv_text {
	const char *s;
	uint32_t len;
};

struct adv_exit {
	struct adv_text dir;
	int8_t to;		/* room */
	int8_t needs_beat;	/* ADV_NONE: always passable */
};

struct adv_room {
	struct adv_text id, name, desc, channel;
	struct adv_exit exits[ADV_MAX_EXITS];
	uint8_t nexits;
	bool survivors;
};

struct adv_item {
	struct adv_text id, name, desc;
	uint8_t section;
	int8_t room;		/* ADV_NONE: given, never lying about */
	uint8_t ward_kind;
	uint32_t ward_pct;	/* 0: no ward */
};

struct adv_chatter {
	struct adv_text keyword, reply;
};

struct adv_npc {
	struct adv_text id, name, greeting, answer, after;
	int8_t room;
	struct adv_chatter chatter[ADV_MAX_CHATTER];
	uint8_t nchatter;
};

struct adv_zone {
	struct adv_text name;
	uint32_t pct, cap;
};

struct adv_mob {
	struct adv_text id, name, desc;
	int8_t room;
	uint32_t health, power;
	uint8_t kind;
	struct adv_zone zones[ADV_MAX_ZONES];
	uint8_t nzones;
	uint32_t resist[ADV_KINDS];	/* percent taken per DamageKind */
};

struct adv_ability {
	struct adv_text id, name;
	uint8_t kind;		/* AbilityKind */
	uint8_t damage;		/* DamageKind */
	uint32_t power, fatigue;
	int8_t needs_item;	/* ADV_NONE: none */
	int8_t room;		/* ADV_NONE: anywhere */
};

struct adv_beat {
	struct adv_text id, title, target;
	uint8_t action;		/* Action */
	int8_t target_ix;	/* item, npc, mob or ability; ADV_NONE */
	int8_t room;
	int8_t reward;		/* item; ADV_NONE */
};

struct adv_world {
	struct adv_text title, intro, completion;
	int8_t start;
	uint32_t health, fatigue_max;
	struct adv_room rooms[ADV_MAX_ROOMS];
	struct adv_item items[ADV_MAX_ITEMS];
	struct adv_npc npcs[ADV_MAX_NPCS];
	struct adv_mob mobs[ADV_MAX_MOBS];
	struct adv_ability abilities[ADV_MAX_ABILITIES];
	struct adv_beat beats[ADV_MAX_BEATS];
	uint8_t nrooms, nitems, nnpcs, nmobs, nabilities, nbeats;
};

/* Read and check the content message blob[0, len). Returns 0, or -1 with
 * a reason for people in why (never a crash on hostile bytes). */
int adv_world_load(struct adv_world *w, const void *blob, size_t len,
		   char *why, size_t whycap);

/* Names (ids) to indices; ADV_NONE when unknown. */
int adv_room_find(const struct adv_world *w, struct adv_text id);
int adv_item_find(const struct adv_world *w, struct adv_text id);
int adv_npc_find(const struct adv_world *w, struct adv_text id);
int adv_mob_find(const struct adv_world *w, struct adv_text id);
int adv_ability_find(const struct adv_world *w, struct adv_text id);
int adv_zone_find(const struct adv_mob *m, struct adv_text name);

bool adv_text_eq(struct adv_text a, struct adv_text b);
struct adv_text adv_text_of(const char *s);

#endif
