/* Fuzz the Paperclips engine with what a hostile client can send: the
 * input is read as a content message (the loader must refuse or accept
 * without fault), then as command lines split at '\n' against a small
 * built-in content, with a tick or an autopilot move after some lines.
 *
 * Invariants, trapping on violation: a refused command changes nothing;
 * the transcript never overflows its buffer; the sale cooldown holds (no
 * two sales without a tick between). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/paperclips/paperclips.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static struct pc_content c;

static void content_small(void)
{
	memset(&c, 0, sizeof c);
	c.start_funds = 500, c.start_wire = 30, c.start_price = 25;
	c.max_price = 100000, c.demand_base = 1000, c.marketing = 600;
	c.local_matter = 5000, c.cosmic_matter = 1000000;
	c.ops_per_processor = 10, c.ops_per_memory = 1000;
	c.autoclipper_rate = 1, c.drone_rate = 40, c.factory_rate = 60;
	c.probe_rate = 1000, c.probe_copy = 12, c.probe_cap = 1000000;
	for (unsigned i = 0; i < PC_ITEMS; i++)
		c.buy[i] = (struct pc_buyable){ .present = true, .base_cost = 1 + i,
						.growth = 1000 + 50 * i, .amount = 10,
						.currency = i >= PC_DRONE };
	c.nprojects = 3;
	c.project[0] = (struct pc_project){ .id = "go", .name = "Go",
					    .effect = PC_E_AUTONOMOUS, .amount = 2 };
	c.project[1] = (struct pc_project){ .id = "up", .name = "Up", .ops = 0,
					    .effect = PC_E_COSMIC, .amount = 1 };
	c.project[2] = (struct pc_project){ .id = "end", .name = "End",
					    .effect = PC_E_FINISH, .nconds = 1,
					    .cond = { { .kind = PC_C_COSMIC_GONE } } };
}

static void run_line(struct pc_state *s, const char *line, size_t len)
{
	static struct pc_result r;
	struct pc_state before = *s;
	pc_execute(s, &c, line, len, &r);
	CHECK(r.text.len < sizeof r.buf);
	if (!r.ok)
		CHECK(!memcmp(&before, s, sizeof before));
	if (r.ok && before.sold)
		CHECK(memcmp(line, "sell", 4) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct pc_content loaded;
	char why[160];
	struct pc_state s;
	pc_content_load(&loaded, data, n, why, sizeof why);
	content_small();
	pc_state_init(&s, &c);
	size_t at = 0;
	for (unsigned k = 0; at < n; k++) {
		const uint8_t *nl = memchr(data + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - data) - at : n - at;
		run_line(&s, (const char *)data + at, len);
		at += len + 1;
		if (k % 3 == 1)
			pc_tick(&s, &c);
		else if (k % 3 == 2)
			pc_autopilot_move(&s, &c);
	}
	return 0;
}
