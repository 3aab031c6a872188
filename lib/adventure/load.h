/* Shared by the content loader's files (world.c, world_rules.c): the
 * loader's state and its checks. The first failure wins and is kept. */
#ifndef CAPOS_LIB_ADVENTURE_LOAD_H
#define CAPOS_LIB_ADVENTURE_LOAD_H
#include "lib/adventure/world.h"

struct adv_load {
	struct adv_world *w;
	char *why;
	size_t whycap;
	bool bad;
};

int adv_load_fail(struct adv_load *L, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Display text of at most ADV_MAX_TEXT printable bytes; `required`: not
 * empty. */
int adv_load_text(struct adv_load *L, struct capn_text t, const char *what,
		  bool required, struct adv_text *out);
/* An id: 1..ADV_MAX_ID bytes of [a-z0-9-]. */
int adv_load_id(struct adv_load *L, struct capn_text t, const char *what,
		struct adv_text *out);
/* A reference to a room by id: its index; "" gives ADV_NONE when
 * optional. */
int adv_load_room_ref(struct adv_load *L, struct capn_text t,
		      const char *what, bool optional, int8_t *out);
int adv_load_item_ref(struct adv_load *L, struct capn_text t,
		      const char *what, bool optional, int8_t *out);

int adv_load_mobs(struct adv_load *L, Mob_list_r l);
int adv_load_abilities(struct adv_load *L, Ability_list_r l);
int adv_load_beats(struct adv_load *L, Beat_list_r l);

#endif
