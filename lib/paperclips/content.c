/* Loading the game's content: the PaperclipsContent message is validated
 * with the generated reader, then copied into fixed C tables, checking
 * what the schema cannot say (every item priced once, project ids
 * well-formed and unique, references resolved, texts that fit). The
 * engine never looks at the message again. */
#include <string.h>
#include "capos/err.h"
#include "capos/paperclips.h"
#include "lib/paperclips/paperclips.h"

struct load {
	struct pc_content *c;
	char *why;
	size_t why_len;
};

static int load_fail(struct load *x, const char *what, const char *detail)
{
	fmt_snprintf(x->why, x->why_len, "content: %s%s%s", what,
		     detail ? ": " : "", detail ? detail : "");
	return ERR_INVALID;
}

static int load_text(struct load *x, char *dst, size_t cap,
		     struct capn_text t, const char *what)
{
	if (t.len >= cap || memchr(t.str, 0, t.len))
		return load_fail(x, what, "too long or has a NUL");
	memcpy(dst, t.str, t.len);
	dst[t.len] = 0;
	return 0;
}

static bool load_id_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	return true;
}

/* Project references need every id first: a second pass resolves them. */
static int load_conds(struct load *x, Condition_list_r l, struct pc_cond *k,
		      uint8_t *n, const char *what)
{
	uint32_t len = Condition_list_len(l);
	if (len > PC_MAX_CONDS)
		return load_fail(x, what, "too many unlock conditions");
	for (uint32_t i = 0; i < len; i++) {
		Condition_r r = Condition_list_get(l, i);
		k[i] = (struct pc_cond){ .kind = (uint8_t)Condition_get_kind(r),
					 .item = (uint8_t)Condition_get_item(r),
					 .at_least = Condition_get_atLeast(r) };
		if (k[i].kind > PC_C_COSMIC_GONE || k[i].item >= PC_ITEMS)
			return load_fail(x, what, "unknown condition");
		if (k[i].kind == PC_C_PROJECT) {
			struct capn_text t = Condition_get_project(r);
			int p = pc_project_find(x->c, t.str, t.len);
			if (p < 0)
				return load_fail(x, what, "unknown project");
			k[i].project = (uint8_t)p;
		}
	}
	*n = (uint8_t)len;
	return 0;
}

static int load_buyable(struct load *x, Buyable_r r)
{
	unsigned item = (unsigned)Buyable_get_item(r);
	if (item >= PC_ITEMS || x->c->buy[item].present)
		return load_fail(x, "buyables", "unknown or repeated item");
	struct pc_buyable *b = &x->c->buy[item];
	b->present = true;
	b->currency = (uint8_t)Buyable_get_currency(r);
	b->base_cost = Buyable_get_baseCost(r);
	b->growth = Buyable_get_growthPermille(r);
	b->amount = Buyable_get_amount(r);
	if (b->currency > PC_CLIPS || !b->base_cost || b->growth < 1000 ||
	    b->growth > 10000 || !b->amount)
		return load_fail(x, pc_item_name(item), "bad cost or amount");
	int e = load_text(x, b->help, sizeof b->help, Buyable_get_help(r),
			  pc_item_name(item));
	return e ? e : load_conds(x, Buyable_get_unlock(r), b->cond,
				  &b->nconds, pc_item_name(item));
}

static int load_project_texts(struct load *x, Project_r r, struct pc_project *p)
{
	int e = load_text(x, p->id, sizeof p->id, Project_get_id(r), "project id");
	if (!e && (!load_id_ok(p->id) ||
		   pc_project_find(x->c, p->id, strlen(p->id)) >= 0))
		return load_fail(x, "project id", "malformed or repeated");
	if (!e)
		e = load_text(x, p->name, sizeof p->name, Project_get_name(r),
			      p->id);
	if (!e)
		e = load_text(x, p->desc, sizeof p->desc,
			      Project_get_description(r), p->id);
	p->funds = Project_get_funds(r);
	p->clips = Project_get_clips(r);
	p->ops = Project_get_ops(r);
	p->effect = (uint8_t)Project_get_effect(r);
	p->amount = Project_get_amount(r);
	if (!e && (p->effect >= PC_EFFECTS || p->amount > 100000))
		return load_fail(x, p->id, "unknown effect or amount");
	return e;
}

static int load_projects(struct load *x, Project_list_r l)
{
	uint32_t n = Project_list_len(l);
	bool finish = false;
	if (n > PC_MAX_PROJECTS)
		return load_fail(x, "projects", "too many");
	for (uint32_t i = 0; i < n; i++) {
		int e = load_project_texts(x, Project_list_get(l, i),
					   &x->c->project[i]);
		if (e)
			return e;
		x->c->nprojects = i + 1;
		finish |= x->c->project[i].effect == PC_E_FINISH;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct pc_project *p = &x->c->project[i];
		int e = load_conds(x, Project_get_unlock(Project_list_get(l, i)),
				   p->cond, &p->nconds, p->id);
		if (e)
			return e;
	}
	return finish ? 0 : load_fail(x, "projects", "none finishes the game");
}

static int load_numbers(struct load *x, PaperclipsContent_r r)
{
	struct pc_content *c = x->c;
	c->start_funds = PaperclipsContent_get_startFunds(r);
	c->start_wire = PaperclipsContent_get_startWire(r);
	c->start_price = PaperclipsContent_get_startPrice(r);
	c->max_price = PaperclipsContent_get_maxPrice(r);
	c->demand_base = PaperclipsContent_get_demandBase(r);
	c->local_matter = PaperclipsContent_get_localMatter(r);
	c->cosmic_matter = PaperclipsContent_get_cosmicMatter(r);
	c->ops_per_processor = PaperclipsContent_get_opsPerProcessor(r);
	c->ops_per_memory = PaperclipsContent_get_opsPerMemory(r);
	c->autoclipper_rate = PaperclipsContent_get_autoclipperRate(r);
	c->drone_rate = PaperclipsContent_get_droneRate(r);
	c->factory_rate = PaperclipsContent_get_factoryRate(r);
	c->probe_rate = PaperclipsContent_get_probeRate(r);
	c->probe_copy = PaperclipsContent_get_probeCopyPermille(r);
	c->probe_cap = PaperclipsContent_get_probeCap(r);
	c->marketing = PaperclipsContent_get_marketingPermille(r);
	if (!c->start_price || c->start_price > c->max_price ||
	    !c->demand_base || c->demand_base > (1ull << 40) ||
	    c->probe_copy > 1000 || c->marketing > 100000)
		return load_fail(x, "numbers", "price, demand or copy rate out "
			      "of range");
	return 0;
}

int pc_content_load(struct pc_content *c, const void *msg, size_t len,
		    char *why, size_t why_len)
{
	struct load x = { c, why, why_len };
	struct capn_msg m;
	memset(c, 0, sizeof *c);
	capn_msg_init(&m, msg, len);
	PaperclipsContent_r r = { capn_msg_root(&m) };
	int e = PaperclipsContent_validate(r);
	if (e)
		return load_fail(&x, "not a readable message", capn_strerror(e));
	capn_msg_reset_budget(&m, 0);
	e = load_text(&x, c->title, sizeof c->title,
		      PaperclipsContent_get_title(r), "title");
	if (!e)
		e = load_numbers(&x, r);
	if (!e)
		e = load_projects(&x, PaperclipsContent_get_projects(r));
	Buyable_list_r bl = PaperclipsContent_get_buyables(r);
	for (uint32_t i = 0; !e && i < Buyable_list_len(bl); i++)
		e = load_buyable(&x, Buyable_list_get(bl, i));
	for (unsigned i = 0; !e && i < PC_ITEMS; i++)
		if (!c->buy[i].present)
			e = load_fail(&x, pc_item_name(i), "no price given");
	return e;
}
