/* The rules of the Aurelian Frontier: one player's expedition and what
 * each typed action does to it. Every action either is refused (ok false,
 * a Refusal, the state untouched) or is done; both come with text for
 * people. The mission is a list of beats done strictly in order
 * (mission.c): an action that would do a later beat is refused, so a run
 * that skips one can never complete.
 *
 * Pure: no allocation, integers only; arguments are never trusted (any
 * length, any bytes). */
#ifndef CAPOS_LIB_ADVENTURE_RULES_H
#define CAPOS_LIB_ADVENTURE_RULES_H
#include "lib/adventure/world.h"

#define ADV_OUT_MAX 1536

/* Effects on the player (bits of adv_player.effects). */
#define ADV_FX_GUARD 0x1u	/* guarding: the next blow is halved */
#define ADV_FX_KINDLED 0x2u	/* the village ward burns */
#define ADV_FX_SHIELDWALL 0x4u	/* the survivors are covered */
#define ADV_FX_EVACUATED 0x8u
#define ADV_FX_SEALED 0x10u

struct adv_player {
	bool active;
	bool downed;
	int8_t room;
	uint8_t beats;		/* beats done (in order) */
	uint32_t health, fatigue;
	uint32_t held;		/* bit i: item i */
	uint32_t gone;		/* bit i: item i no longer lies in its room */
	uint32_t effects;
	uint32_t mob_health[ADV_MAX_MOBS];
};

struct adv_combat {
	bool fought;
	int8_t mob, zone;
	uint8_t kind;
	uint32_t dealt, taken, foe_health;
	bool defeated;
};

struct adv_result {
	bool ok;
	uint8_t refusal;	/* Refusal */
	char text[ADV_OUT_MAX];
	uint32_t len;
	struct adv_combat combat;
};

/* A new expedition at the start room. */
void adv_player_start(const struct adv_world *w, struct adv_player *p);

/* Actions. Arguments are (pointer, length) pairs from the wire. */
void adv_look(const struct adv_world *w, const struct adv_player *p,
	      struct adv_result *r);
void adv_go(const struct adv_world *w, struct adv_player *p,
	    struct adv_text dir, struct adv_result *r);
void adv_take(const struct adv_world *w, struct adv_player *p,
	      struct adv_text item, struct adv_result *r);
void adv_status(const struct adv_world *w, const struct adv_player *p,
		struct adv_result *r);
void adv_inventory(const struct adv_world *w, const struct adv_player *p,
		   struct adv_result *r);
void adv_ask(const struct adv_world *w, struct adv_player *p,
	     struct adv_text npc, struct adv_result *r);
void adv_guard(const struct adv_world *w, struct adv_player *p,
	       struct adv_result *r);
void adv_rest(const struct adv_world *w, struct adv_player *p,
	      struct adv_result *r);
void adv_evacuate(const struct adv_world *w, struct adv_player *p,
		  struct adv_result *r);
void adv_seal(const struct adv_world *w, struct adv_player *p,
	      struct adv_text target, struct adv_result *r);
/* attack: the world's strike ability; use: a skill; cast: a spell (an
 * effect spell takes no target). */
void adv_attack(const struct adv_world *w, struct adv_player *p,
		struct adv_text target, struct adv_text zone,
		struct adv_result *r);
void adv_use_skill(const struct adv_world *w, struct adv_player *p,
		   struct adv_text skill, struct adv_text target,
		   struct adv_text zone, struct adv_result *r);
void adv_cast(const struct adv_world *w, struct adv_player *p,
	      struct adv_text spell, struct adv_text target,
	      struct adv_text zone, struct adv_result *r);

/* Held items of one Section, in content order: indices into w->items. */
uint32_t adv_section_items(const struct adv_world *w,
			   const struct adv_player *p, uint32_t section,
			   int8_t out[ADV_MAX_ITEMS]);
bool adv_mission_complete(const struct adv_world *w,
			  const struct adv_player *p);
const char *adv_section_name(uint32_t section);

/* ---- shared by the engine's files -------------------------------------- */

void adv_say(struct adv_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void adv_refuse(struct adv_result *r, uint8_t why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Starts an action's result; refuses (false) with no expedition or a
 * downed player. */
bool adv_act_begin(const struct adv_player *p, struct adv_result *r);
void adv_result_init(struct adv_result *r);
bool adv_holds(const struct adv_player *p, int item);
void adv_give(const struct adv_world *w, struct adv_player *p, int item,
	      struct adv_result *r);
/* A living foe in the player's room, or ADV_NONE. */
int adv_foe_here(const struct adv_world *w, const struct adv_player *p);

/* Combat (combat.c): the damage of one blow on mob m in zone z, and the
 * foe's blow on the player after wards and guard. */
uint32_t adv_damage(const struct adv_mob *m, int zone, uint8_t kind,
		    uint32_t power);
uint32_t adv_blow(const struct adv_world *w, const struct adv_player *p,
		  const struct adv_mob *m);
/* A guard round against the foe in the room. */
void adv_guard_round(const struct adv_world *w, struct adv_player *p, int mob,
		     struct adv_result *r);

/* Mission (mission.c). Where an action stands against the beats:
 * ADV_BEAT_NONE: it is no beat; NEXT: it does the next beat; LATER: it
 * would do a later one (refuse); DONE: its beat is behind us. */
enum adv_beat_state { ADV_BEAT_NONE, ADV_BEAT_NEXT, ADV_BEAT_LATER,
		      ADV_BEAT_DONE };
enum adv_beat_state adv_beat_of(const struct adv_world *w,
				const struct adv_player *p, uint8_t action,
				int target_ix, struct adv_text target,
				int *beat);
/* Refuses an action that would do a later beat (true: refused). */
bool adv_refuse_later(const struct adv_world *w, const struct adv_player *p,
		      int beat, struct adv_result *r);
/* Marks the next beat done: its reward, and the completion text. */
void adv_beat_done(const struct adv_world *w, struct adv_player *p,
		   struct adv_result *r);

#endif
