/* The Aurelian Frontier rules (lib/adventure) on the real content: the
 * whole mission, every skipped beat refused, movement, items, inventory
 * sections, people, the downed player, no expedition, hostile arguments
 * and a damaged content blob. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "tests/host/adventure_fixture.h"

static void test_content_has_the_reference_beats(void **state)
{
	static const char *const ids[] = { "writ", "route", "wraith",
		"delegate", "kindle", "shield", "evacuate", "witness", "seal",
		"standard" };
	assert_int_equal(adv_w.nbeats, 10);
	for (int i = 0; i < 10; i++)
		assert_true(adv_text_eq(adv_w.beats[i].id, tx(ids[i])));
	assert_int_equal(adv_w.beats[9].action, Action_take);
	assert_true(adv_text_eq(adv_w.beats[9].target, tx("eagle-standard")));
}

static void test_walkthrough_completes(void **state)
{
	struct adv_player p;
	struct adv_result r;
	int refused = adv_play(&p, 0, &r);
	if (refused >= 0)
		fail_msg("step %d refused: %s", refused, r.text);
	assert_true(adv_mission_complete(&adv_w, &p));
	assert_non_null(strstr(r.text, "mission complete"));
	assert_false(p.downed);
}

static void test_every_skipped_beat_is_refused(void **state)
{
	struct adv_player p;
	struct adv_result r;
	for (int skip = 1; skip <= adv_w.nbeats; skip++) {
		int refused = adv_play(&p, skip, &r);
		assert_false(adv_mission_complete(&adv_w, &p));
		assert_true(p.beats < skip);
		if (skip == adv_w.nbeats)
			continue;	/* the last: nothing after it to refuse */
		if (refused < 0)
			fail_msg("skipping beat %d was not refused", skip);
		/* Out of order, a barred way, or (no wraith slain) a
		 * foe that will not let you rest. */
		if (r.refusal != Refusal_outOfOrder &&
		    r.refusal != Refusal_blocked && r.refusal != Refusal_busy)
			fail_msg("skip %d: step %d: %s", skip, refused, r.text);
	}
}

static void test_refusal_changes_nothing(void **state)
{
	struct adv_player p, before;
	struct adv_result r;
	adv_player_start(&adv_w, &p);
	adv_go(&adv_w, &p, tx("south"), &r);
	adv_go(&adv_w, &p, tx("east"), &r);
	before = p;
	adv_ask(&adv_w, &p, tx("maro"), &r);	/* no writ yet */
	assert_false(r.ok);
	assert_int_equal(r.refusal, Refusal_outOfOrder);
	assert_memory_equal(&p, &before, sizeof p);
}

static void test_movement(void **state)
{
	struct adv_player p;
	struct adv_result r;
	adv_player_start(&adv_w, &p);
	adv_go(&adv_w, &p, tx("up"), &r);
	assert_int_equal(r.refusal, Refusal_unknown);
	adv_go(&adv_w, &p, tx("south"), &r);
	assert_true(r.ok);
	assert_non_null(strstr(r.text, "== Parade Court =="));
	adv_go(&adv_w, &p, tx("south"), &r);
	adv_go(&adv_w, &p, tx("south"), &r);	/* the wraith bars it */
	assert_int_equal(r.refusal, Refusal_blocked);
	assert_true(adv_text_eq(adv_w.rooms[p.room].id, tx("ford")));
}

static void test_take_and_inventory_sections(void **state)
{
	struct adv_player p;
	struct adv_result r;
	int8_t ix[ADV_MAX_ITEMS];
	adv_player_start(&adv_w, &p);
	adv_take(&adv_w, &p, tx("lamp"), &r);	/* in the road-house */
	assert_int_equal(r.refusal, Refusal_notHere);
	adv_take(&adv_w, &p, tx("ration"), &r);
	assert_true(r.ok);
	adv_take(&adv_w, &p, tx("ration"), &r);
	assert_int_equal(r.refusal, Refusal_already);
	adv_take(&adv_w, &p, tx("ward-writ"), &r);
	assert_int_equal(p.beats, 1);
	assert_int_equal(adv_section_items(&adv_w, &p, Section_items, ix), 1);
	assert_int_equal(adv_section_items(&adv_w, &p, Section_writs, ix), 1);
	assert_int_equal(adv_section_items(&adv_w, &p, Section_relics, ix), 0);
	adv_inventory(&adv_w, &p, &r);
	assert_non_null(strstr(r.text, "Items: bucellatum ration\n"));
	assert_non_null(strstr(r.text, "Writs: ward-writ of the legate\n"));
	assert_non_null(strstr(r.text, "Evidence: (none)\n"));
}

static void test_sections_after_the_mission(void **state)
{
	struct adv_player p;
	struct adv_result r;
	int8_t ix[ADV_MAX_ITEMS];
	assert_int_equal(adv_play(&p, 0, &r), -1);
	for (uint32_t s = 0; s < ADV_SECTIONS; s++)
		assert_true(adv_section_items(&adv_w, &p, s, ix) >= 1 ||
			    s == Section_items);
	assert_int_equal(adv_section_items(&adv_w, &p, Section_evidence, ix),
			 2);
	adv_inventory(&adv_w, &p, &r);
	assert_non_null(strstr(r.text, "Relics: eagle-standard of the cohort"));
}

static void test_people(void **state)
{
	struct adv_player p;
	struct adv_result r;
	adv_player_start(&adv_w, &p);
	adv_ask(&adv_w, &p, tx("livia"), &r);
	assert_int_equal(r.refusal, Refusal_notHere);
	assert_int_equal(adv_play(&p, 0, &r), -1);
	adv_ask(&adv_w, &p, tx("maro"), &r);	/* far away now */
	assert_int_equal(r.refusal, Refusal_notHere);
}

/* Down at the ford: a wraith fought with bare limbs and no writ. */
static void fall_at_the_ford(struct adv_player *p)
{
	struct adv_result r;
	adv_player_start(&adv_w, p);
	adv_take(&adv_w, p, tx("ward-writ"), &r);
	adv_go(&adv_w, p, tx("south"), &r);
	adv_go(&adv_w, p, tx("east"), &r);
	adv_ask(&adv_w, p, tx("maro"), &r);
	adv_go(&adv_w, p, tx("west"), &r);
	adv_go(&adv_w, p, tx("south"), &r);
	for (int i = 0; i < 100 && !p->downed; i++) {
		adv_attack(&adv_w, p, tx("ward-wraith"), tx("limbs"), &r);
		if (!r.ok)
			adv_guard(&adv_w, p, &r);
	}
}

static void test_downed_player_is_refused(void **state)
{
	struct adv_player p, before;
	struct adv_result r;
	fall_at_the_ford(&p);
	assert_true(p.downed);
	assert_int_equal(p.health, 0);
	before = p;
	adv_look(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_downed);
	adv_go(&adv_w, &p, tx("north"), &r);
	assert_int_equal(r.refusal, Refusal_downed);
	adv_attack(&adv_w, &p, tx("ward-wraith"), tx("head"), &r);
	assert_int_equal(r.refusal, Refusal_downed);
	adv_rest(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_downed);
	assert_memory_equal(&p, &before, sizeof p);
	adv_status(&adv_w, &p, &r);
	assert_true(r.ok);
	assert_non_null(strstr(r.text, "DOWN"));
}

static void test_no_expedition(void **state)
{
	struct adv_player p = { 0 };
	struct adv_result r;
	adv_look(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_noExpedition);
	adv_status(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_noExpedition);
	adv_inventory(&adv_w, &p, &r);
	assert_int_equal(r.refusal, Refusal_noExpedition);
}

static void test_hostile_arguments(void **state)
{
	struct adv_player p;
	struct adv_result r;
	static char big[5000];
	memset(big, 'a', sizeof big - 1);
	struct adv_text junk[] = {
		{ big, sizeof big - 1 }, { "", 0 }, { "\0\xff\n", 3 },
		{ "%s%n%x", 6 }, { "south\0", 6 },
	};
	adv_player_start(&adv_w, &p);
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		adv_go(&adv_w, &p, junk[i], &r);
		assert_false(r.ok);
		adv_take(&adv_w, &p, junk[i], &r);
		assert_false(r.ok);
		adv_ask(&adv_w, &p, junk[i], &r);
		assert_false(r.ok);
		adv_seal(&adv_w, &p, junk[i], &r);
		assert_false(r.ok);
		adv_cast(&adv_w, &p, junk[i], junk[i], junk[i], &r);
		assert_false(r.ok);
		assert_true(r.len < sizeof r.text);
	}
	assert_true(adv_text_eq(adv_w.rooms[p.room].id, tx("praetorium")));
}

static void test_damaged_content_is_refused(void **state)
{
	static struct adv_world w;
	static uint8_t copy[sizeof adv_blob];
	char why[200];
	for (size_t n = 0; n < adv_blob_len; n += 7)
		assert_int_equal(adv_world_load(&w, adv_blob, n, why,
						sizeof why), -1);
	for (size_t i = 0; i < adv_blob_len; i += 3) {
		memcpy(copy, adv_blob, adv_blob_len);
		copy[i] ^= 0x5a;
		if (adv_world_load(&w, copy, adv_blob_len, why, sizeof why))
			assert_true(why[0] != '\0');
	}
}

static int setup(void **state)
{
	adv_fixture_load();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_has_the_reference_beats),
		cmocka_unit_test(test_walkthrough_completes),
		cmocka_unit_test(test_every_skipped_beat_is_refused),
		cmocka_unit_test(test_refusal_changes_nothing),
		cmocka_unit_test(test_movement),
		cmocka_unit_test(test_take_and_inventory_sections),
		cmocka_unit_test(test_sections_after_the_mission),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_downed_player_is_refused),
		cmocka_unit_test(test_no_expedition),
		cmocka_unit_test(test_hostile_arguments),
		cmocka_unit_test(test_damaged_content_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
