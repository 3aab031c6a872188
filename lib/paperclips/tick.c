/* One automation tick (a second of real time under the server's timer):
 * processors compute, autoclippers bend wire, and from the autonomous
 * phase on drones mine local matter into wire and factories turn wire
 * into clips; in the cosmic phase probes convert cosmic matter and copy
 * themselves. Every amount is capped by what there is to use, every sum
 * saturates. The tick also ends the sale cooldown. */
#include "lib/paperclips/paperclips.h"

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* n machines of a rate, boosted. */
static uint64_t tick_rate(uint64_t n, uint32_t rate, uint32_t boost)
{
	return pc_boosted(pc_sat_mul(n, rate), boost);
}

static void tick_clips(struct pc_state *s, uint64_t n)
{
	s->stock = pc_sat_add(s->stock, n);
	s->clips_made = pc_sat_add(s->clips_made, n);
}

static void tick_ops(struct pc_state *s, const struct pc_content *c)
{
	uint64_t max = pc_ops_max(s, c);
	s->ops = pc_sat_add(s->ops, tick_rate(s->owned[PC_PROCESSOR],
					       c->ops_per_processor,
					       s->boost[PC_B_OPS]));
	if (s->ops > max)
		s->ops = max;
}

static void tick_wire_to_clips(struct pc_state *s, uint64_t machines,
			       uint32_t rate, uint32_t boost)
{
	uint64_t n = min64(tick_rate(machines, rate, boost), s->wire);
	s->wire -= n;
	tick_clips(s, n);
}

static void tick_probes(struct pc_state *s, const struct pc_content *c)
{
	uint64_t *probes = &s->owned[PC_PROBE];
	uint64_t n = min64(tick_rate(*probes, c->probe_rate,
				     s->boost[PC_B_PROBE]), s->cosmic_matter);
	s->cosmic_matter -= n;
	tick_clips(s, n);
	if (*probes >= c->probe_cap)
		return;
	uint64_t built = pc_sat_add(s->probe_frac,
				    tick_rate(*probes, c->probe_copy,
					      s->boost[PC_B_PROBE_COPY]));
	s->probe_frac = (uint32_t)(built % 1000);
	*probes = min64(pc_sat_add(*probes, built / 1000), c->probe_cap);
}

void pc_tick(struct pc_state *s, const struct pc_content *c)
{
	tick_ops(s, c);
	tick_wire_to_clips(s, s->owned[PC_AUTOCLIPPER], c->autoclipper_rate,
			   s->boost[PC_B_AUTOCLIPPER]);
	if (s->phase >= PC_AUTONOMOUS) {
		uint64_t n = min64(tick_rate(s->owned[PC_DRONE], c->drone_rate,
					     s->boost[PC_B_DRONE]),
				   s->local_matter);
		s->local_matter -= n;
		s->wire = pc_sat_add(s->wire, n);
		tick_wire_to_clips(s, s->owned[PC_FACTORY], c->factory_rate,
				   s->boost[PC_B_FACTORY]);
	}
	if (s->phase >= PC_COSMIC)
		tick_probes(s, c);
	s->sold = false;
	s->tick = pc_sat_add(s->tick, 1);
}
