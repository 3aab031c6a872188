/* The Adventure interface: every method finds the caller's expedition by
 * the session in the call's header (players.c), runs the rule
 * (lib/adventure) and answers a Report: refused or done, the text for
 * people, and the player's state after it. A call with no expedition
 * behind it meets an inactive player, which the rules refuse with
 * Refusal noExpedition. Malformed parameters never get here: the
 * generated dispatcher refuses them with a CapException. */
#include <string.h>
#include "user/adventure-server/server.h"
#include "user/rt/ipc.h"

static struct adv_result res;
static struct adv_player nobody;	/* inactive: refused by the rules */
static uint8_t beats_before;		/* the caller's, as the call came */

static const struct ipc_msg_header *hdr(void *self)
{
	return ((const struct rt_incoming *)self)->hdr;
}

static struct adv_player *me(void *self)
{
	struct adv_player *p = players_find(hdr(self));
	memset(&nobody, 0, sizeof nobody);
	beats_before = p ? p->beats : 0;
	return p ? p : &nobody;
}

static struct adv_text arg(struct capn_text t)
{
	return (struct adv_text){ t.str, t.len };
}

static void combat_put(Report_b b, const struct adv_combat *c)
{
	Combat_b o = Report_init_combat(b);
	const struct adv_mob *m = &world.mobs[c->mob];
	Combat_set_fought(o, true);
	Combat_set_target(o, m->id.s, m->id.len);
	if (c->zone != ADV_NONE)
		Combat_set_zone(o, m->zones[c->zone].name.s,
				m->zones[c->zone].name.len);
	Combat_set_kind(o, (DamageKind)c->kind);
	Combat_set_dealt(o, c->dealt);
	Combat_set_foeHealth(o, c->foe_health);
	Combat_set_defeated(o, c->defeated);
	Combat_set_taken(o, c->taken);
}

static int report_put(Report_b b, const struct adv_player *p)
{
	bool done = p->active && adv_mission_complete(&world, p);
	Report_set_ok(b, res.ok);
	Report_set_refusal(b, (Refusal)res.refusal);
	Report_set_health(b, p->health);
	Report_set_fatigue(b, p->fatigue);
	Report_set_downed(b, p->downed);
	Report_set_beatsDone(b, p->beats);
	Report_set_beatsTotal(b, world.nbeats);
	Report_set_complete(b, done);
	if (res.combat.fought && res.combat.mob != ADV_NONE)
		combat_put(b, &res.combat);
	if (done && beats_before < world.nbeats)
		rt_printf("adventure-server: an expedition reports the "
			  "mission complete\n");
	const struct adv_text *room = p->active ? &world.rooms[p->room].id : 0;
	return Report_set_text(b, res.text, res.len) ||
	       (room && Report_set_room(b, room->s, room->len));
}

/* The methods that are one rule and a Report. */
#define REPORT(name, rule)                                                     \
	static int m_##name(void *self, Adventure_##name##_Params_r a,         \
			    Adventure_##name##_Results_b out)                  \
	{                                                                      \
		struct adv_player *p = me(self);                               \
		(void)a;                                                       \
		rule;                                                          \
		return report_put(Adventure_##name##_Results_init_report(out), \
				  p);                                          \
	}

REPORT(look, adv_look(&world, p, &res))
REPORT(status, adv_status(&world, p, &res))
REPORT(guard, adv_guard(&world, p, &res))
REPORT(rest, adv_rest(&world, p, &res))
REPORT(evacuate, adv_evacuate(&world, p, &res))
REPORT(go, adv_go(&world, p, arg(Adventure_go_Params_get_direction(a)), &res))
REPORT(take, adv_take(&world, p, arg(Adventure_take_Params_get_item(a)), &res))
REPORT(ask, adv_ask(&world, p, arg(Adventure_ask_Params_get_npc(a)), &res))
REPORT(seal, adv_seal(&world, p, arg(Adventure_seal_Params_get_target(a)),
		      &res))
REPORT(attack, adv_attack(&world, p, arg(Adventure_attack_Params_get_target(a)),
			  arg(Adventure_attack_Params_get_zone(a)), &res))
REPORT(useSkill, adv_use_skill(&world, p,
			       arg(Adventure_useSkill_Params_get_skill(a)),
			       arg(Adventure_useSkill_Params_get_target(a)),
			       arg(Adventure_useSkill_Params_get_zone(a)), &res))
REPORT(cast, adv_cast(&world, p, arg(Adventure_cast_Params_get_spell(a)),
		      arg(Adventure_cast_Params_get_target(a)),
		      arg(Adventure_cast_Params_get_zone(a)), &res))

/* ---- the expedition's life ---------------------------------------------- */

static int m_welcome(void *self, Adventure_welcome_Params_r a,
		     Adventure_welcome_Results_b out)
{
	struct adv_player *p = players_find(hdr(self));
	const struct adv_text *room = p ? &world.rooms[p->room].name : 0;
	Adventure_welcome_Results_set_saved(out, p != NULL);
	return Adventure_welcome_Results_set_title(out, world.title.s,
						   world.title.len) ||
	       Adventure_welcome_Results_set_intro(out, world.intro.s,
						   world.intro.len) ||
	       (room && Adventure_welcome_Results_set_room(out, room->s,
							   room->len));
}

static int m_start(void *self, Adventure_start_Params_r a,
		   Adventure_start_Results_b out)
{
	struct adv_player *p = players_claim(hdr(self));
	if (!p) {
		p = me(self);
		adv_result_init(&res);
		adv_refuse(&res, Refusal_full, "The frontier is crowded: %u "
			   "expeditions are under way. Try again later.\n",
			   Adventure_maxPlayers);
	} else {
		adv_player_start(&world, p);
		adv_look(&world, p, &res);
		rt_printf("adventure-server: expedition started (%u under "
			  "way)\n", players_count());
	}
	return report_put(Adventure_start_Results_init_report(out), p);
}

static int m_resume(void *self, Adventure_resume_Params_r a,
		    Adventure_resume_Results_b out)
{
	struct adv_player *p = me(self);
	if (p->downed)
		adv_status(&world, p, &res);
	else
		adv_look(&world, p, &res);
	return report_put(Adventure_resume_Results_init_report(out), p);
}

static int m_leave(void *self, Adventure_leave_Params_r a,
		   Adventure_leave_Results_b out)
{
	struct adv_player *p = me(self);
	adv_result_init(&res);
	if (!p->active) {
		adv_act_begin(p, &res);
	} else {
		players_free(hdr(self));
		p = me(self);
		adv_say(&res, "You leave the frontier. Your expedition is "
			"over and its state is gone.\n");
		rt_printf("adventure-server: expedition left (%u under way)\n",
			  players_count());
	}
	return report_put(Adventure_leave_Results_init_report(out), p);
}

static int m_inventory(void *self, Adventure_inventory_Params_r a,
		       Adventure_inventory_Results_b out)
{
	struct adv_player *p = me(self);
	int8_t ix[ADV_MAX_ITEMS];
	adv_inventory(&world, p, &res);
	SectionList_list_b l = Adventure_inventory_Results_init_sections(
		out, p->active ? ADV_SECTIONS : 0);
	for (uint32_t s = 0; p->active && s < ADV_SECTIONS; s++) {
		SectionList_b e = SectionList_list_at(l, s);
		uint32_t n = adv_section_items(&world, p, s, ix);
		SectionList_set_section(e, (Section)s);
		struct capn_list_b names = SectionList_init_names(e, n);
		for (uint32_t k = 0; k < n; k++) {
			const struct adv_text *t = &world.items[ix[k]].id;
			if (capn_lb_text(&names, k, t->s, t->len))
				return ERR_TOO_LARGE;
		}
	}
	return report_put(Adventure_inventory_Results_init_report(out), p);
}

static int m_roomChannel(void *self, Adventure_roomChannel_Params_r a,
			 Adventure_roomChannel_Results_b out)
{
	struct adv_player *p = players_find(hdr(self));
	const struct adv_text *c = p ? &world.rooms[p->room].channel : 0;
	return c ? Adventure_roomChannel_Results_set_channel(out, c->s, c->len)
		 : 0;
}

static const struct Adventure_server server = {
	.welcome = m_welcome, .start = m_start, .resume = m_resume,
	.look = m_look, .go = m_go, .take = m_take,
	.inventory = m_inventory, .status = m_status, .attack = m_attack,
	.useSkill = m_useSkill, .cast = m_cast, .guard = m_guard,
	.rest = m_rest, .ask = m_ask, .evacuate = m_evacuate,
	.seal = m_seal, .leave = m_leave, .roomChannel = m_roomChannel,
};

void game_serve(cap_handle_t ep, const struct rt_incoming *in)
{
	static uint8_t out[ADV_OUT_MAX + 2048];
	RT_SERVE(Adventure, &server, (void *)in, ep, in, out, sizeof out);
	for (uint32_t i = 0; i < in->hdr->ncaps; i++)
		rt_release(in->caps[i].handle);
}
