/* The scripted player: the balance tests' "normal play" and what the
 * proof accelerator's fast-forward plays. Each move is the best
 * affordable one, tried in this order:
 *   1. the first available project it can pay for;
 *   2. a spool of wire when the wire would not last ten ticks;
 *   3. a sale, once the stock covers the demand (or nothing else fits);
 *   4. the unlocked item it can pay for that takes the smallest share of
 *      its purse (memory only when the cycles are full, probes only in
 *      the cosmic phase);
 *   5. a clip by hand.
 * It uses the same commands a person types, so it obeys every rule. */
#include "lib/paperclips/paperclips.h"

static bool try_projects(struct pc_state *s, const struct pc_content *c)
{
	for (unsigned i = 0; i < c->nprojects; i++)
		if (pc_project_available(s, c, i) &&
		    pc_project_affordable(s, c, i)) {
			struct pc_result r;
			pc_result_init(&r, s);
			pc_act_project(s, c, i, &r);
			return r.ok;
		}
	return false;
}

static bool try_buy(struct pc_state *s, const struct pc_content *c,
		    unsigned item)
{
	struct pc_result r;
	pc_result_init(&r, s);
	pc_act_buy(s, c, item, 1, &r);
	return r.ok;
}

static bool wire_short(const struct pc_state *s, const struct pc_content *c)
{
	uint64_t use = pc_sat_mul(s->owned[PC_AUTOCLIPPER], c->autoclipper_rate);
	if (s->phase >= PC_AUTONOMOUS)
		use = pc_sat_add(use, pc_sat_mul(s->owned[PC_FACTORY],
						 c->factory_rate));
	return s->wire <= pc_sat_mul(use ? use : 1, 10);
}

static bool item_wanted(const struct pc_state *s, const struct pc_content *c,
			unsigned item)
{
	if (item == PC_WIRE || !pc_item_unlocked(s, c, item))
		return false;
	if (item == PC_MEMORY)
		return s->ops >= pc_ops_max(s, c);
	if (item == PC_PROBE)
		return s->phase == PC_COSMIC;
	return true;
}

/* The affordable item that takes the smallest share of its purse (funds
 * or clips in stock). */
static bool try_cheapest(struct pc_state *s, const struct pc_content *c)
{
	int best = -1;
	uint64_t best_share = UINT64_MAX;
	for (unsigned i = 0; i < PC_ITEMS; i++) {
		if (!item_wanted(s, c, i))
			continue;
		uint64_t cost = pc_item_cost(s, c, i, 1);
		uint64_t have = c->buy[i].currency == PC_CLIPS ? s->stock
							       : s->funds;
		uint64_t share = have ? pc_sat_mul(cost, 1000) / have
				      : UINT64_MAX;
		if (cost <= have && share < best_share) {
			best = (int)i;
			best_share = share;
		}
	}
	return best >= 0 && try_buy(s, c, (unsigned)best);
}

static bool try_sell(struct pc_state *s, const struct pc_content *c,
		     bool any)
{
	uint64_t demand = pc_demand(s, c, s->price);
	if (s->phase != PC_BUSINESS || s->sold || !s->stock || !demand ||
	    (!any && s->stock < demand))
		return false;
	struct pc_result r;
	pc_result_init(&r, s);
	pc_act_sell(s, c, s->stock, &r);
	return r.ok;
}

bool pc_autopilot_move(struct pc_state *s, const struct pc_content *c)
{
	struct pc_result r;
	if (s->finished)
		return false;
	if (try_projects(s, c))
		return true;
	if (wire_short(s, c) && try_buy(s, c, PC_WIRE))
		return true;
	if (try_sell(s, c, false) || try_cheapest(s, c) || try_sell(s, c, true))
		return true;
	if (!s->wire || s->phase != PC_BUSINESS)
		return false;
	pc_result_init(&r, s);
	pc_act_make(s, c, &r);
	return r.ok;
}

uint64_t pc_autopilot_run(struct pc_state *s, const struct pc_content *c,
			  uint64_t ticks, unsigned moves)
{
	uint64_t t = 0;
	for (; t < ticks && !s->finished; t++) {
		for (unsigned m = 0; m < moves && pc_autopilot_move(s, c); m++)
			;
		if (s->finished)
			break;
		pc_tick(s, c);
	}
	return t;
}
