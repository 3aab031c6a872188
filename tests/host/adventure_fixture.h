/* Shared by the adventure host tests: the real content blob
 * (ADV_CONTENT_BIN, built by mk/content.mk) loaded into a world, and a
 * walkthrough of the whole mission as a table of typed actions, each
 * tagged with the number of the beat it does (1..; 0: on the way). */
#ifndef TESTS_HOST_ADVENTURE_FIXTURE_H
#define TESTS_HOST_ADVENTURE_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/adventure/rules.h"

static uint8_t adv_blob[65536];
static size_t adv_blob_len;
static struct adv_world adv_w;

static void adv_fixture_load(void)
{
	FILE *f = fopen(ADV_CONTENT_BIN, "rb");
	char why[200];
	assert_non_null(f);
	adv_blob_len = fread(adv_blob, 1, sizeof adv_blob, f);
	fclose(f);
	assert_true(adv_blob_len > 0 && adv_blob_len < sizeof adv_blob);
	if (adv_world_load(&adv_w, adv_blob, adv_blob_len, why, sizeof why))
		fail_msg("content: %s", why);
}

static struct adv_text tx(const char *s)
{
	return adv_text_of(s);
}

struct adv_step {
	const char *verb, *a, *b, *c;
	int beat;	/* 1-based; 0: none */
};

#define WALK_LEN (sizeof(adv_walk) / sizeof(adv_walk[0]))
static const struct adv_step adv_walk[] = {
	{ "take", "ward-writ", 0, 0, 1 },
	{ "go", "south", 0, 0, 0 }, { "go", "east", 0, 0, 0 },
	{ "ask", "maro", 0, 0, 2 },
	{ "go", "west", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "cast", "ember-lance", "ward-wraith", "head", 3 },
	{ "cast", "ember-lance", "ward-wraith", "head", 3 },
	{ "use", "shield-bash", "ward-wraith", "chest", 3 },
	{ "attack", "ward-wraith", "head", 0, 3 },
	{ "guard", 0, 0, 0, 3 },
	{ "cast", "ember-lance", "ward-wraith", "chest", 3 },
	{ "rest", 0, 0, 0, 0 },
	{ "go", "north", 0, 0, 0 }, { "go", "west", 0, 0, 0 },
	{ "ask", "livia", 0, 0, 4 },
	{ "go", "east", 0, 0, 0 }, { "go", "south", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "cast", "ward-kindle", "", "", 5 },
	{ "guard", 0, 0, 0, 6 },
	{ "evacuate", 0, 0, 0, 7 },
	{ "go", "east", 0, 0, 0 },
	{ "ask", "iunia", 0, 0, 8 },
	{ "go", "west", 0, 0, 0 }, { "go", "south", 0, 0, 0 },
	{ "seal", "gate", 0, 0, 9 },
	{ "go", "south", 0, 0, 0 },
	{ "take", "eagle-standard", 0, 0, 10 },
};

static void adv_do(struct adv_player *p, const struct adv_step *s,
		   struct adv_result *r)
{
	const struct adv_world *w = &adv_w;
	struct adv_text a = tx(s->a ? s->a : ""), b = tx(s->b ? s->b : ""),
			c = tx(s->c ? s->c : "");
	if (!strcmp(s->verb, "take")) adv_take(w, p, a, r);
	else if (!strcmp(s->verb, "go")) adv_go(w, p, a, r);
	else if (!strcmp(s->verb, "ask")) adv_ask(w, p, a, r);
	else if (!strcmp(s->verb, "cast")) adv_cast(w, p, a, b, c, r);
	else if (!strcmp(s->verb, "use")) adv_use_skill(w, p, a, b, c, r);
	else if (!strcmp(s->verb, "attack")) adv_attack(w, p, a, b, r);
	else if (!strcmp(s->verb, "guard")) adv_guard(w, p, r);
	else if (!strcmp(s->verb, "rest")) adv_rest(w, p, r);
	else if (!strcmp(s->verb, "evacuate")) adv_evacuate(w, p, r);
	else if (!strcmp(s->verb, "seal")) adv_seal(w, p, a, r);
	else fail_msg("unknown verb %s", s->verb);
}

/* Plays the walkthrough without the steps of beat number `skip` (0:
 * none);
 * returns the index of the first refused step, or -1. */
static int adv_play(struct adv_player *p, int skip, struct adv_result *r)
{
	adv_player_start(&adv_w, p);
	for (size_t i = 0; i < WALK_LEN; i++) {
		if (skip && adv_walk[i].beat == skip)
			continue;
		adv_do(p, &adv_walk[i], r);
		if (!r->ok)
			return (int)i;
	}
	return -1;
}

#endif
