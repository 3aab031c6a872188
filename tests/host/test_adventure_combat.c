/* The combat engine (lib/adventure/combat.c) on the real content: the
 * damage rule (zones, kinds, caps), wards and guard, fatigue, the
 * out-of-order foe, and that the same actions always give the same
 * rounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/host/adventure_fixture.h"

static const struct adv_mob *wraith(void)
{
	int m = adv_mob_find(&adv_w, tx("ward-wraith"));
	assert_int_not_equal(m, ADV_NONE);
	return &adv_w.mobs[m];
}

static int zone(const char *name)
{
	int z = adv_zone_find(wraith(), tx(name));
	assert_int_not_equal(z, ADV_NONE);
	return z;
}

/* At the ford with the writ and Maro's evidence: the wraith is next. */
static void at_the_ford(struct adv_player *p)
{
	struct adv_result r;
	adv_player_start(&adv_w, p);
	for (size_t i = 0; i < 6; i++) {
		adv_do(p, &adv_walk[i], &r);
		assert_true(r.ok);
	}
	assert_true(adv_text_eq(adv_w.rooms[p->room].id, tx("ford")));
}

static void test_damage_rule(void **state)
{
	const struct adv_mob *m = wraith();
	/* fire 6 at the head: 6 x 150% x 150% = 13, capped at 9 */
	assert_int_equal(adv_damage(m, zone("head"), DamageKind_fire, 6), 9);
	/* slash 6 at the head: 6 x 150% x 50% = 4 */
	assert_int_equal(adv_damage(m, zone("head"), DamageKind_slash, 6), 4);
	/* blunt 5 at the chest: 5 x 100% x 75% = 3 */
	assert_int_equal(adv_damage(m, zone("chest"), DamageKind_blunt, 5), 3);
	/* spirit (not listed: 100%) 6 at the limbs: 3, under the cap 4 */
	assert_int_equal(adv_damage(m, zone("limbs"), DamageKind_spirit, 6), 3);
	/* a weak blow still lands; no power, no damage */
	assert_int_equal(adv_damage(m, zone("limbs"), DamageKind_slash, 1), 1);
	assert_int_equal(adv_damage(m, zone("head"), DamageKind_fire, 0), 0);
}

static void test_zone_damage_is_bounded(void **state)
{
	const struct adv_mob *m = wraith();
	for (int z = 0; z < m->nzones; z++)
		for (uint8_t k = 0; k < ADV_KINDS; k++)
			for (uint32_t pw = 0; pw <= 100; pw++)
				assert_true(adv_damage(m, z, k, pw) <=
					    m->zones[z].cap);
	assert_int_equal(adv_damage(m, 99, DamageKind_fire, 6), 0);
	assert_int_equal(adv_damage(m, -1, DamageKind_fire, 6), 0);
	assert_int_equal(adv_damage(m, 0, 200, 6), 0);
}

static void test_ward_and_guard(void **state)
{
	struct adv_player p;
	adv_player_start(&adv_w, &p);
	const struct adv_mob *m = wraith();
	assert_int_equal(adv_blow(&adv_w, &p, m), m->power);
	p.held |= 1u << adv_item_find(&adv_w, tx("ward-writ"));
	assert_int_equal(adv_blow(&adv_w, &p, m), m->power / 2);
	p.effects |= ADV_FX_GUARD;
	assert_int_equal(adv_blow(&adv_w, &p, m), m->power / 2 / 2);
}

static void test_a_round(void **state)
{
	struct adv_player p;
	struct adv_result r;
	at_the_ford(&p);
	uint32_t hp = p.health;
	adv_cast(&adv_w, &p, tx("ember-lance"), tx("ward-wraith"), tx("head"),
		 &r);
	assert_true(r.ok && r.combat.fought);
	assert_int_equal(r.combat.dealt, 9);
	assert_int_equal(r.combat.foe_health, wraith()->health - 9);
	assert_int_equal(r.combat.kind, DamageKind_fire);
	assert_int_equal(r.combat.taken, wraith()->power / 2);
	assert_int_equal(p.health, hp - r.combat.taken);
	assert_int_equal(p.fatigue, 3);
}

static void test_fatigue(void **state)
{
	struct adv_player p, before;
	struct adv_result r;
	at_the_ford(&p);
	for (int i = 0; i < 3; i++)
		adv_use_skill(&adv_w, &p, tx("shield-bash"), tx("ward-wraith"),
			      tx("limbs"), &r);
	assert_int_equal(p.fatigue, 6);
	adv_cast(&adv_w, &p, tx("ember-lance"), tx("ward-wraith"), tx("limbs"),
		 &r);
	assert_int_equal(p.fatigue, 9);
	before = p;
	adv_use_skill(&adv_w, &p, tx("shield-bash"), tx("ward-wraith"),
		      tx("limbs"), &r);
	assert_int_equal(r.refusal, Refusal_exhausted);
	assert_memory_equal(&p, &before, sizeof p);
	adv_rest(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_busy);
	adv_guard(&adv_w, &p, &r);
	assert_true(r.ok && r.combat.fought);
	assert_int_equal(p.fatigue, 7);
	assert_false(p.effects & ADV_FX_GUARD);	/* spent on the blow */
}

static void test_unknown_targets_and_zones(void **state)
{
	struct adv_player p;
	struct adv_result r;
	at_the_ford(&p);
	adv_attack(&adv_w, &p, tx("ward-wraith"), tx("tail"), &r);
	assert_int_equal(r.refusal, Refusal_unknown);
	assert_non_null(strstr(r.text, "head chest limbs"));
	adv_attack(&adv_w, &p, tx("maro"), tx("head"), &r);
	assert_int_equal(r.refusal, Refusal_notHere);
	adv_cast(&adv_w, &p, tx("shield-bash"), tx("ward-wraith"), tx(""), &r);
	assert_int_equal(r.refusal, Refusal_unknown);	/* a skill */
	adv_attack(&adv_w, &p, tx("ward-wraith"), tx(""), &r);
	assert_true(r.ok);	/* no zone: the first */
	assert_int_equal(r.combat.zone, 0);
}

static void test_foe_out_of_order_is_refused(void **state)
{
	struct adv_player p, before;
	struct adv_result r;
	adv_player_start(&adv_w, &p);
	adv_take(&adv_w, &p, tx("ward-writ"), &r);
	adv_go(&adv_w, &p, tx("south"), &r);
	adv_go(&adv_w, &p, tx("south"), &r);	/* Maro not asked */
	before = p;
	adv_attack(&adv_w, &p, tx("ward-wraith"), tx("head"), &r);
	assert_int_equal(r.refusal, Refusal_outOfOrder);
	assert_memory_equal(&p, &before, sizeof p);
}

static void test_defeat_does_the_beat(void **state)
{
	struct adv_player p;
	struct adv_result r;
	at_the_ford(&p);
	for (size_t i = 6; i < 12; i++)
		adv_do(&p, &adv_walk[i], &r);
	assert_true(r.combat.defeated);
	assert_int_equal(p.beats, 3);
	assert_true(adv_holds(&p, adv_item_find(&adv_w, tx("ford-mark"))));
	adv_attack(&adv_w, &p, tx("ward-wraith"), tx("head"), &r);
	assert_int_equal(r.refusal, Refusal_already);
}

static void test_deterministic(void **state)
{
	static struct adv_result a, b;
	struct adv_player p, q;
	adv_play(&p, 0, &a);
	adv_play(&q, 0, &b);
	assert_memory_equal(&p, &q, sizeof p);
	assert_string_equal(a.text, b.text);
}

static int setup(void **state)
{
	adv_fixture_load();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_damage_rule),
		cmocka_unit_test(test_zone_damage_is_bounded),
		cmocka_unit_test(test_ward_and_guard),
		cmocka_unit_test(test_a_round),
		cmocka_unit_test(test_fatigue),
		cmocka_unit_test(test_unknown_targets_and_zones),
		cmocka_unit_test(test_foe_out_of_order_is_refused),
		cmocka_unit_test(test_defeat_does_the_beat),
		cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
