/* What the game says about a state: money and cost texts, the phase
 * transition lines, and the one-line JSON status (keys fixed, values
 * numbers, booleans and known words only, so nothing needs escaping). */
#include "lib/paperclips/paperclips.h"

void pc_money(char *buf, size_t cap, uint64_t cents)
{
	fmt_snprintf(buf, cap, "$%lu.%02lu", (unsigned long)(cents / 100),
		     (unsigned long)(cents % 100));
}

void pc_cost_text(char *buf, size_t cap, const struct pc_state *s,
		  const struct pc_content *c, unsigned item)
{
	uint64_t cost = pc_item_cost(s, c, item, 1);
	if (!pc_item_unlocked(s, c, item))
		fmt_snprintf(buf, cap, "locked");
	else if (c->buy[item].currency == PC_CLIPS)
		fmt_snprintf(buf, cap, "%lu clips", (unsigned long)cost);
	else
		pc_money(buf, cap, cost);
}

void pc_project_cost_text(char *buf, size_t cap, const struct pc_project *p)
{
	struct fmt_buf b = fmt_buf_init(buf, cap);
	const char *sep = "";
	if (p->funds) {
		char m[32];
		pc_money(m, sizeof m, p->funds);
		fmt_appendf(&b, "%s", m);
		sep = " + ";
	}
	if (p->clips) {
		fmt_appendf(&b, "%s%lu clips", sep, (unsigned long)p->clips);
		sep = " + ";
	}
	if (p->ops)
		fmt_appendf(&b, "%s%lu cycles", sep, (unsigned long)p->ops);
	if (!b.len)
		fmt_appendf(&b, "free");
}

/* A phase change since the result began: its line, once. */
void pc_result_phase_line(struct pc_result *r, const struct pc_state *s)
{
	static const char *const says[PC_PHASES] = {
		"",
		"== autonomous phase ==\nThe market is left behind: drones and "
		"factories now turn local matter into clips.\n",
		"== cosmic phase ==\nProbes leave the home world to convert "
		"the matter beyond it.\n",
	};
	if (s->phase != r->phase_to && s->phase < PC_PHASES) {
		for (unsigned p = r->phase_to + 1u; p <= s->phase; p++)
			fmt_appendf(&r->text, "%s", says[p]);
		r->phase_to = s->phase;
	}
	if (s->finished && !r->was_finished) {
		r->was_finished = true;
		fmt_appendf(&r->text, "== the end: the last of the cosmic "
			    "matter is clips ==\n");
	}
}

void pc_status_json(const struct pc_state *s, const struct pc_content *c,
		    struct fmt_buf *out)
{
	unsigned done = 0;
	for (unsigned i = 0; i < c->nprojects; i++)
		done += pc_project_done(s, i);
	fmt_appendf(out, "{\"tick\":%lu,\"phase\":\"%s\",\"clipsMade\":%lu,"
		    "\"stock\":%lu,\"funds\":%lu,\"wire\":%lu,\"price\":%u,"
		    "\"demand\":%lu,\"ops\":%lu,\"opsMax\":%lu,",
		    (unsigned long)s->tick, pc_phase_name(s->phase),
		    (unsigned long)s->clips_made, (unsigned long)s->stock,
		    (unsigned long)s->funds, (unsigned long)s->wire, s->price,
		    (unsigned long)pc_demand(s, c, s->price),
		    (unsigned long)s->ops, (unsigned long)pc_ops_max(s, c));
	fmt_appendf(out, "\"items\":{");
	for (unsigned i = 0; i < PC_ITEMS; i++)
		fmt_appendf(out, "%s\"%s\":%lu", i ? "," : "", pc_item_name(i),
			    (unsigned long)s->owned[i]);
	fmt_appendf(out, "},\"localMatter\":%lu,\"cosmicMatter\":%lu,"
		    "\"projectsDone\":%u,\"saleReady\":%s,\"finished\":%s}",
		    (unsigned long)s->local_matter,
		    (unsigned long)s->cosmic_matter, done,
		    s->sold ? "false" : "true", s->finished ? "true" : "false");
}
