/* The player's commands. Each one first decides (every check, no change),
 * then acts; a refusal says why in the result's text and changes
 * nothing. */
#include <string.h>
#include "lib/paperclips/paperclips.h"

#define BOOST_MAX 1000000u	/* permille: a boost stops at x1001 */

void pc_result_init(struct pc_result *r, const struct pc_state *s)
{
	r->ok = false;
	r->phase_to = s->phase;
	r->was_finished = s->finished;
	r->text = fmt_buf_init(r->buf, sizeof r->buf);
}

static void refuse(struct pc_result *r, const char *msg)
{
	r->ok = false;
	fmt_appendf(&r->text, "%s\n", msg);
}

/* What an unmet condition asks for, for a refusal. */
static void cond_text(struct fmt_buf *b, const struct pc_content *c,
		      const struct pc_cond *k)
{
	switch (k->kind) {
	case PC_C_CLIPS_MADE:
		fmt_appendf(b, "%lu clips made", (unsigned long)k->at_least);
		break;
	case PC_C_FUNDS: {
		char m[32];
		pc_money(m, sizeof m, k->at_least);
		fmt_appendf(b, "%s in funds", m);
		break;
	}
	case PC_C_OWNED:
		fmt_appendf(b, "%lu %s", (unsigned long)k->at_least,
			    pc_item_name(k->item));
		break;
	case PC_C_PROJECT:
		fmt_appendf(b, "project %s", c->project[k->project].id);
		break;
	case PC_C_PHASE:
		fmt_appendf(b, "the %s phase", pc_phase_name((unsigned)k->at_least));
		break;
	case PC_C_LOCAL_GONE:
		fmt_appendf(b, "all local matter converted");
		break;
	default:
		fmt_appendf(b, "all cosmic matter converted");
	}
}

static void locked_text(struct pc_result *r, const struct pc_state *s,
			const struct pc_content *c, const struct pc_cond *k,
			unsigned n)
{
	const char *sep = " (needs ";
	for (unsigned i = 0; i < n; i++) {
		if (pc_cond_holds(s, &k[i]))
			continue;
		fmt_appendf(&r->text, "%s", sep);
		cond_text(&r->text, c, &k[i]);
		sep = ", ";
	}
	fmt_appendf(&r->text, ")\n");
}

void pc_act_make(struct pc_state *s, const struct pc_content *c,
		 struct pc_result *r)
{
	(void)c;
	if (!s->wire)
		return refuse(r, "make: no wire left: buy wire first");
	s->wire--;
	s->stock = pc_sat_add(s->stock, 1);
	s->clips_made = pc_sat_add(s->clips_made, 1);
	r->ok = true;
	fmt_appendf(&r->text, "made 1 clip (stock %lu, wire %lu)\n",
		    (unsigned long)s->stock, (unsigned long)s->wire);
}

void pc_act_sell(struct pc_state *s, const struct pc_content *c,
		 uint64_t n, struct pc_result *r)
{
	char m[32], t[32];
	uint64_t demand = pc_demand(s, c, s->price);
	pc_money(m, sizeof m, s->price);
	if (!n)
		return refuse(r, "sell: the count must be at least 1");
	if (s->phase != PC_BUSINESS)
		return refuse(r, "sell: there is no market after the business "
			      "phase: clips are spent, not sold");
	if (s->sold)
		return refuse(r, "sell: cooldown: the market is still taking "
			      "your last sale; wait for the next tick");
	if (!s->stock)
		return refuse(r, "sell: no clips in stock: make some first");
	if (!demand) {
		fmt_appendf(&r->text, "sell: no demand at %s a clip: lower "
			    "the price\n", m);
		return;
	}
	uint64_t q = n < s->stock ? n : s->stock;
	q = q < demand ? q : demand;
	uint64_t got = pc_sat_mul(q, s->price);
	s->stock -= q;
	s->funds = pc_sat_add(s->funds, got);
	s->sold = true;
	r->ok = true;
	pc_money(t, sizeof t, got);
	fmt_appendf(&r->text, "sold %lu clips at %s for %s (stock %lu)\n",
		    (unsigned long)q, m, t, (unsigned long)s->stock);
}

void pc_act_price(struct pc_state *s, const struct pc_content *c,
		  uint64_t cents, struct pc_result *r)
{
	char m[32];
	if (!cents || cents > c->max_price) {
		fmt_appendf(&r->text, "price: between 1 and %u cents\n",
			    c->max_price);
		return;
	}
	uint64_t demand = pc_demand(s, c, (uint32_t)cents);
	pc_money(m, sizeof m, cents);
	if (!demand) {
		fmt_appendf(&r->text, "price: nobody would buy at %s a clip "
			    "(zero demand): price unchanged\n", m);
		return;
	}
	s->price = (uint32_t)cents;
	r->ok = true;
	fmt_appendf(&r->text, "price set to %s (demand %lu clips a sale)\n",
		    m, (unsigned long)demand);
}

static uint64_t *purse(struct pc_state *s, const struct pc_content *c,
		       unsigned item)
{
	return c->buy[item].currency == PC_CLIPS ? &s->stock : &s->funds;
}

static void buy_give(struct pc_state *s, const struct pc_content *c,
		     unsigned item, uint64_t n)
{
	if (item == PC_WIRE) {
		uint64_t units = pc_sat_mul(n, c->buy[PC_WIRE].amount);
		s->wire = pc_sat_add(s->wire, pc_boosted(units,
							 s->boost[PC_B_WIRE]));
	}
	s->owned[item] = pc_sat_add(s->owned[item], n);
	for (uint64_t k = 0; k < n; k++)
		s->unit_m[item] = pc_unit_grow(s->unit_m[item],
					       c->buy[item].growth);
}

static void short_text(struct pc_result *r, const struct pc_content *c,
		       unsigned item, uint64_t price, uint64_t have)
{
	char cost[40], held[40];
	bool clips = c->buy[item].currency == PC_CLIPS;
	if (clips) {
		fmt_snprintf(cost, sizeof cost, "%lu clips", (unsigned long)price);
		fmt_snprintf(held, sizeof held, "%lu in stock",
			     (unsigned long)have);
	} else {
		pc_money(cost, sizeof cost, price);
		pc_money(held, sizeof held, have);
	}
	fmt_appendf(&r->text, "buy %s: not enough %s: costs %s, you have %s\n",
		    pc_item_name(item), clips ? "clips" : "funds", cost, held);
}

/* Nothing to sell, no wire, too little money for a spool: without help
 * the game could not go on, so the supplier takes what there is. */
static bool wire_fronted(const struct pc_state *s, unsigned item, uint64_t n)
{
	return item == PC_WIRE && n == 1 && s->phase == PC_BUSINESS &&
	       !s->wire && !s->stock;
}

void pc_act_buy(struct pc_state *s, const struct pc_content *c,
		unsigned item, uint64_t n, struct pc_result *r)
{
	const char *name = pc_item_name(item);
	if (!n)
		return refuse(r, "buy: the count must be at least 1");
	if (n > PC_MAX_COUNT) {
		fmt_appendf(&r->text, "buy: at most %u at once\n", PC_MAX_COUNT);
		return;
	}
	if (!pc_item_unlocked(s, c, item)) {
		fmt_appendf(&r->text, "buy %s: locked", name);
		return locked_text(r, s, c, c->buy[item].cond,
				   c->buy[item].nconds);
	}
	uint64_t price = pc_item_cost(s, c, item, n), *from = purse(s, c, item);
	if (*from < price && wire_fronted(s, item, n)) {
		fmt_appendf(&r->text, "the supplier fronts you a spool for "
			    "what you have\n");
		price = *from;
	}
	if (*from < price)
		return short_text(r, c, item, price, *from);
	*from -= price;
	buy_give(s, c, item, n);
	r->ok = true;
	fmt_appendf(&r->text, "bought %lu %s (%s now %lu)\n", (unsigned long)n,
		    name, name, (unsigned long)(item == PC_WIRE ? s->wire
							: s->owned[item]));
}

/* A phase starts with a few of its machines given (amount), so no state
 * can be stuck: funds stop with the market, clips then come from them. */
static void phase_grant(struct pc_state *s, unsigned item, uint32_t n)
{
	s->owned[item] = pc_sat_add(s->owned[item], n);
}

static void project_effect(struct pc_state *s, const struct pc_project *p)
{
	static const int8_t boost_of[PC_EFFECTS] = {
		PC_B_WIRE, PC_B_DEMAND, PC_B_AUTOCLIPPER, PC_B_OPS, -1,
		PC_B_DRONE, PC_B_FACTORY, -1, PC_B_PROBE_COPY, PC_B_PROBE, -1,
	};
	int b = boost_of[p->effect];
	if (b >= 0) {
		uint64_t v = (uint64_t)s->boost[b] + p->amount;
		s->boost[b] = v > BOOST_MAX ? BOOST_MAX : (uint32_t)v;
	} else if (p->effect == PC_E_AUTONOMOUS && s->phase < PC_AUTONOMOUS) {
		s->phase = PC_AUTONOMOUS;
		phase_grant(s, PC_DRONE, p->amount);
	} else if (p->effect == PC_E_COSMIC && s->phase < PC_COSMIC) {
		s->phase = PC_COSMIC;
		phase_grant(s, PC_PROBE, p->amount);
	} else if (p->effect == PC_E_FINISH)
		s->finished = true;
}

void pc_act_project(struct pc_state *s, const struct pc_content *c,
		    unsigned i, struct pc_result *r)
{
	const struct pc_project *p = &c->project[i];
	char cost[96];
	if (pc_project_done(s, i)) {
		fmt_appendf(&r->text, "project %s: already done\n", p->id);
		return;
	}
	if (!pc_project_available(s, c, i)) {
		fmt_appendf(&r->text, "project %s: locked", p->id);
		return locked_text(r, s, c, p->cond, p->nconds);
	}
	if (!pc_project_affordable(s, c, i)) {
		pc_project_cost_text(cost, sizeof cost, p);
		fmt_appendf(&r->text, "project %s: cannot afford it: costs %s\n",
			    p->id, cost);
		return;
	}
	s->funds -= p->funds;
	s->stock -= p->clips;
	s->ops -= p->ops;
	s->done |= 1u << i;
	project_effect(s, p);
	r->ok = true;
	fmt_appendf(&r->text, "project %s done: %s\n", p->id, p->name);
	pc_result_phase_line(r, s);
}
