/* The client's rendering of the server's structured replies. Texts come
 * from the server; they are printed with their length, so a text with a
 * NUL or a long run cannot spill past what was sent. */
#include "lib/fmt/fmt.h"
#include "user/paperclips-client/client.h"

static void money(char *buf, size_t cap, uint64_t cents)
{
	fmt_snprintf(buf, cap, "$%lu.%02lu", (unsigned long)(cents / 100),
		     (unsigned long)(cents % 100));
}

void render_help(PaperclipsGame_commands_Results_r r)
{
	PaperclipsCommandSpec_list_r l = PaperclipsGame_commands_Results_get_list(r);
	out("commands:\n");
	for (uint32_t i = 0; i < PaperclipsCommandSpec_list_len(l); i++) {
		PaperclipsCommandSpec_r c = PaperclipsCommandSpec_list_get(l, i);
		struct capn_text u = PaperclipsCommandSpec_get_usage(c);
		struct capn_text s = PaperclipsCommandSpec_get_summary(c);
		out("  %-16.*s %.*s\n", (int)u.len, u.str, (int)s.len, s.str);
	}
}

static void render_items(ItemCount_list_r l)
{
	for (uint32_t i = 0; i < ItemCount_list_len(l); i++) {
		ItemCount_r it = ItemCount_list_get(l, i);
		struct capn_text n = ItemCount_get_item(it);
		struct capn_text c = ItemCount_get_nextCost(it);
		out("  %-12.*s %12lu   next: %.*s\n", (int)n.len, n.str,
		    (unsigned long)ItemCount_get_count(it), (int)c.len, c.str);
	}
}

void render_status(PaperclipsStatusSnapshot_r s)
{
	char funds[32], price[32];
	struct capn_text ph = PaperclipsStatusSnapshot_get_phase(s);
	money(funds, sizeof funds, PaperclipsStatusSnapshot_get_funds(s));
	money(price, sizeof price, PaperclipsStatusSnapshot_get_price(s));
	out("tick %lu, %.*s phase%s\n",
	    (unsigned long)PaperclipsStatusSnapshot_get_tick(s), (int)ph.len,
	    ph.str, PaperclipsStatusSnapshot_get_finished(s)
	    ? " (finished)" : "");
	out("clips made %lu, in stock %lu; funds %s\n",
	    (unsigned long)PaperclipsStatusSnapshot_get_clipsMade(s),
	    (unsigned long)PaperclipsStatusSnapshot_get_inventory(s), funds);
	out("price %s a clip, demand %lu a sale (%s)\n", price,
	    (unsigned long)PaperclipsStatusSnapshot_get_demand(s),
	    PaperclipsStatusSnapshot_get_saleReady(s) ? "sale ready"
						      : "sale cooldown");
	out("cycles %lu of %lu; projects done %u\n",
	    (unsigned long)PaperclipsStatusSnapshot_get_ops(s),
	    (unsigned long)PaperclipsStatusSnapshot_get_opsMax(s),
	    PaperclipsStatusSnapshot_get_projectsDone(s));
	out("matter left: local %lu, cosmic %lu\n",
	    (unsigned long)PaperclipsStatusSnapshot_get_localMatter(s),
	    (unsigned long)PaperclipsStatusSnapshot_get_cosmicMatter(s));
	render_items(PaperclipsStatusSnapshot_get_items(s));
}

void render_projects(ProjectEntry_list_r l)
{
	static const char *const state[] = { "locked", "open", "done" };
	for (uint32_t i = 0; i < ProjectEntry_list_len(l); i++) {
		ProjectEntry_r e = ProjectEntry_list_get(l, i);
		struct capn_text id = ProjectEntry_get_id(e);
		struct capn_text n = ProjectEntry_get_name(e);
		struct capn_text d = ProjectEntry_get_description(e);
		struct capn_text c = ProjectEntry_get_cost(e);
		unsigned k = (unsigned)ProjectEntry_get_state(e);
		out("[%-6s] %-17.*s %.*s (%.*s)\n    %.*s\n",
		    k < 3 ? state[k] : "?", (int)id.len, id.str, (int)n.len,
		    n.str, (int)c.len, c.str, (int)d.len, d.str);
	}
}
