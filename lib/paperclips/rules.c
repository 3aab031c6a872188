/* The rules every command and tick consult: saturating arithmetic, item
 * costs, the demand curve, unlock conditions. Nothing here changes a
 * state except pc_state_init. */
#include <string.h>
#include "lib/paperclips/paperclips.h"

static const char *const item_names[PC_ITEMS] = {
	"wire", "autoclipper", "marketing", "processor", "memory", "drone",
	"factory", "probe",
};
static const char *const phase_names[PC_PHASES] = {
	"business", "autonomous", "cosmic",
};

uint64_t pc_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t pc_sat_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* v scaled by (1000 + boost) / 1000, saturating. */
uint64_t pc_boosted(uint64_t v, uint32_t boost)
{
	uint64_t whole = pc_sat_mul(v / 1000, 1000u + boost);
	return pc_sat_add(whole, v % 1000 * (1000u + boost) / 1000);
}

void pc_state_init(struct pc_state *s, const struct pc_content *c)
{
	memset(s, 0, sizeof *s);
	s->funds = c->start_funds;
	s->wire = c->start_wire;
	s->price = c->start_price;
	s->local_matter = c->local_matter;
	s->cosmic_matter = c->cosmic_matter;
	for (unsigned i = 0; i < PC_ITEMS; i++)
		s->unit_m[i] = pc_sat_mul(c->buy[i].base_cost, 1000);
}

const char *pc_item_name(unsigned item)
{
	return item < PC_ITEMS ? item_names[item] : "?";
}

int pc_item_parse(const char *s, size_t n)
{
	for (int i = 0; i < PC_ITEMS; i++)
		if (strlen(item_names[i]) == n && !memcmp(item_names[i], s, n))
			return i;
	return -1;
}

const char *pc_phase_name(unsigned phase)
{
	return phase < PC_PHASES ? phase_names[phase] : "?";
}

bool pc_project_done(const struct pc_state *s, unsigned i)
{
	return i < PC_MAX_PROJECTS && (s->done >> i & 1u);
}

bool pc_cond_holds(const struct pc_state *s, const struct pc_cond *k)
{
	switch (k->kind) {
	case PC_C_CLIPS_MADE: return s->clips_made >= k->at_least;
	case PC_C_FUNDS: return s->funds >= k->at_least;
	case PC_C_OWNED: return k->item < PC_ITEMS &&
				s->owned[k->item] >= k->at_least;
	case PC_C_PROJECT: return pc_project_done(s, k->project);
	case PC_C_PHASE: return s->phase >= k->at_least;
	case PC_C_LOCAL_GONE: return s->local_matter == 0;
	case PC_C_COSMIC_GONE: return s->cosmic_matter == 0;
	}
	return false;
}

bool pc_conds_hold(const struct pc_state *s, const struct pc_cond *k,
		   unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!pc_cond_holds(s, &k[i]))
			return false;
	return true;
}

bool pc_item_unlocked(const struct pc_state *s, const struct pc_content *c,
		      unsigned item)
{
	return item < PC_ITEMS &&
	       pc_conds_hold(s, c->buy[item].cond, c->buy[item].nconds);
}

/* The next unit's cost in thousandths, grown by growth/1000: kept in
 * thousandths so small costs grow too. */
uint64_t pc_unit_grow(uint64_t unit_m, uint32_t growth)
{
	if (unit_m < UINT64_MAX / 10000)
		return unit_m * growth / 1000;
	return pc_sat_mul(unit_m / 1000, growth);
}

/* The next n of item: the sum of n growing unit costs. The loop ends once
 * the sum saturates; callers bound n (PC_MAX_COUNT). */
uint64_t pc_item_cost(const struct pc_state *s, const struct pc_content *c,
		      unsigned item, uint64_t n)
{
	uint64_t unit = s->unit_m[item], sum = 0;
	for (uint64_t k = 0; k < n && sum < UINT64_MAX; k++) {
		sum = pc_sat_add(sum, unit / 1000);
		unit = pc_unit_grow(unit, c->buy[item].growth);
	}
	return sum;
}

uint64_t pc_demand(const struct pc_state *s, const struct pc_content *c,
		   uint32_t price)
{
	if (!price)
		return 0;
	uint64_t boost = pc_sat_add(s->boost[PC_B_DEMAND],
				    pc_sat_mul(s->owned[PC_MARKETING], c->marketing));
	if (boost > UINT32_MAX - 1000)
		boost = UINT32_MAX - 1000;
	return pc_boosted(c->demand_base, (uint32_t)boost) / price;
}

uint64_t pc_ops_max(const struct pc_state *s, const struct pc_content *c)
{
	return pc_sat_mul(pc_sat_add(s->owned[PC_MEMORY], 1),
			  c->ops_per_memory);
}

bool pc_project_available(const struct pc_state *s,
			  const struct pc_content *c, unsigned i)
{
	return i < c->nprojects && !pc_project_done(s, i) &&
	       pc_conds_hold(s, c->project[i].cond, c->project[i].nconds);
}

bool pc_project_affordable(const struct pc_state *s,
			   const struct pc_content *c, unsigned i)
{
	const struct pc_project *p = &c->project[i];
	return s->funds >= p->funds && s->stock >= p->clips && s->ops >= p->ops;
}

int pc_project_find(const struct pc_content *c, const char *id, size_t n)
{
	for (uint32_t i = 0; i < c->nprojects; i++)
		if (strlen(c->project[i].id) == n &&
		    !memcmp(c->project[i].id, id, n))
			return (int)i;
	return -1;
}
