/* The Paperclips rules (lib/paperclips/) over the real content: every
 * refusal (and that it changes nothing), purchases, unlocks, projects,
 * the phase transitions, the JSON status line, hostile input, and the
 * content loader's checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/host/paperclips_content.h"

static struct pc_state st;
static struct pc_result res;

static int setup(void **state)
{
	(void)state;
	pc_state_init(&st, &pc_real);
	return 0;
}

/* Run a command; returns its text. */
static const char *cmd(const char *line)
{
	pc_execute(&st, &pc_real, line, strlen(line), &res);
	return res.buf;
}

/* A refused command: its text has `want`, and the state is unchanged. */
static void refused(const char *line, const char *want)
{
	struct pc_state before = st;
	const char *t = cmd(line);
	if (!strstr(t, want))
		fail_msg("%s: got \"%s\", want \"%s\"", line, t, want);
	assert_false(res.ok);
	assert_memory_equal(&before, &st, sizeof st);
}

static void ok(const char *line, const char *want)
{
	const char *t = cmd(line);
	if (!res.ok || !strstr(t, want))
		fail_msg("%s: got \"%s\", want \"%s\"", line, t, want);
}

static void test_content_is_real(void **state)
{
	(void)state;
	assert_true(pc_real.nprojects >= 10);
	int fin = pc_project_find(&pc_real, "final-conversion", 16);
	assert_true(fin >= 0);
	assert_int_equal(pc_real.project[fin].effect, PC_E_FINISH);
	assert_int_equal(st.price, pc_real.start_price);
	assert_int_equal(st.wire, pc_real.start_wire);
}

static void test_make(void **state)
{
	(void)state;
	ok("make", "made 1 clip");
	assert_int_equal(st.stock, 1);
	assert_int_equal(st.wire, pc_real.start_wire - 1);
	refused("make 100", "one clip at a time");
	refused("make 1", "one clip at a time");
	st.wire = 0;
	refused("make", "no wire left");
}

static void test_sell_and_cooldown(void **state)
{
	(void)state;
	refused("sell 5", "no clips in stock");
	ok("make", "made");
	ok("make", "made");
	refused("sell 0", "at least 1");
	refused("sell", "usage: sell");
	refused("sell x1", "usage: sell");
	ok("sell 1", "sold 1 clips at $0.25 for $0.25");
	assert_int_equal(st.funds, pc_real.start_funds + 25);
	refused("sell 1", "cooldown");
	pc_tick(&st, &pc_real);
	ok("sell 100", "sold 1 clips");
	assert_int_equal(st.stock, 0);
}

static void test_price_and_demand(void **state)
{
	(void)state;
	refused("price 0", "between 1 and");
	refused("price 100001", "between 1 and");
	refused("price 5000", "zero demand");
	assert_int_equal(pc_demand(&st, &pc_real, 5000), 0);
	assert_true(pc_demand(&st, &pc_real, 25) > 0);
	ok("price 30", "price set to $0.30");
	assert_int_equal(st.price, 30);
	/* A demand that fell to zero refuses the sale itself. */
	ok("make", "made");
	st.price = 5000;
	refused("sell 1", "no demand at $50.00");
}

static void test_buy_refusals(void **state)
{
	(void)state;
	refused("buy wire 0", "at least 1");
	refused("buy wire 1001", "at most 1000");
	refused("buy", "usage: buy");
	refused("buy gold", "usage: buy");
	refused("buy wire -1", "n is a count");
	refused("buy wire 99999999999999999999", "n is a count");
	refused("buy autoclipper", "locked (needs 25 clips made)");
	refused("buy drone", "locked (needs project ore-mapping)");
	refused("buy probe", "locked (needs the cosmic phase)");
	st.clips_made = 25;
	refused("buy autoclipper", "not enough funds: costs $6.00, you have "
		"$5.00");
	refused("buy wire", "not enough funds: costs $15.00");
	ok("make", "made");
	st.funds = 10000;
	ok("buy autoclipper", "bought 1 autoclipper");
	assert_int_equal(st.funds, 10000 - 600);
	assert_int_equal(pc_item_cost(&st, &pc_real, PC_AUTOCLIPPER, 1), 648);
	ok("buy wire 2", "bought 2 wire");
	assert_int_equal(st.wire, pc_real.start_wire - 1 + 2000);
}

static void test_wire_fronted_when_stuck(void **state)
{
	(void)state;
	st.wire = 0;
	st.stock = 0;
	st.funds = 300;
	ok("buy wire", "supplier fronts you a spool");
	assert_int_equal(st.funds, 0);
	assert_int_equal(st.wire, 1000);
	st.stock = 1;
	st.wire = 0;
	refused("buy wire", "not enough funds");
}

static void test_projects(void **state)
{
	(void)state;
	refused("project", "usage: project");
	refused("project no-such", "no project \"no-such\"");
	refused("project spool-splicer", "locked (needs 400 clips made)");
	refused("project final-conversion", "locked (needs project "
		"seed-launch, all cosmic matter converted)");
	st.clips_made = 400;
	refused("project spool-splicer", "cannot afford it: costs $30.00");
	st.funds = 3000;
	ok("project spool-splicer", "project spool-splicer done");
	assert_int_equal(st.funds, 0);
	refused("project spool-splicer", "already done");
	st.funds = 1500;
	st.stock = 1;
	ok("buy wire", "bought 1 wire");
	assert_int_equal(st.wire, pc_real.start_wire + 1500);
}

/* The scripted player until the phase changes; the project that changed
 * it printed the transition line. */
static void play_to_phase(unsigned phase, const char *line)
{
	for (unsigned t = 0; t < 50000 && st.phase < phase; t++) {
		struct pc_result r;
		pc_result_init(&r, &st);
		for (unsigned m = 0; m < 3 && st.phase < phase; m++) {
			for (unsigned i = 0; i < pc_real.nprojects; i++)
				if (pc_project_available(&st, &pc_real, i) &&
				    pc_project_affordable(&st, &pc_real, i) &&
				    (pc_real.project[i].effect == PC_E_AUTONOMOUS ||
				     pc_real.project[i].effect == PC_E_COSMIC)) {
					pc_act_project(&st, &pc_real, i, &r);
					assert_non_null(strstr(r.buf, line));
				}
			pc_autopilot_move(&st, &pc_real);
		}
		pc_tick(&st, &pc_real);
	}
	assert_int_equal(st.phase, phase);
}

static void test_phases_and_final_lock(void **state)
{
	(void)state;
	play_to_phase(PC_AUTONOMOUS, "== autonomous phase ==");
	assert_int_equal(st.owned[PC_DRONE] >= 2, 1);
	refused("sell 1", "no market after the business phase");
	play_to_phase(PC_COSMIC, "== cosmic phase ==");
	assert_true(st.owned[PC_PROBE] >= 1);
	refused("project final-conversion", "all cosmic matter converted");
	st.cosmic_matter = 0;
	st.ops = pc_real.project[pc_project_find(&pc_real, "final-conversion",
						 16)].ops;
	ok("project final-conversion", "== the end");
	assert_true(st.finished);
	refused("make", "the game is over");
}

static void test_status_json(void **state)
{
	(void)state;
	char buf[1024];
	struct fmt_buf b = fmt_buf_init(buf, sizeof buf);
	ok("make", "made");
	pc_status_json(&st, &pc_real, &b);
	assert_false(b.truncated);
	assert_null(strchr(buf, '\n'));
	assert_int_equal(buf[0], '{');
	assert_int_equal(buf[b.len - 1], '}');
	assert_non_null(strstr(buf, "\"phase\":\"business\""));
	assert_non_null(strstr(buf, "\"stock\":1,"));
	assert_non_null(strstr(buf, "\"items\":{\"wire\":0,\"autoclipper\":0"));
	assert_non_null(strstr(buf, "\"finished\":false}"));
}

static void test_hostile_lines(void **state)
{
	(void)state;
	char long_line[300];
	memset(long_line, 'a', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = 0;
	refused(long_line, "at most 200 printable");
	refused("make\x1b[2J", "printable");
	refused("make\n", "printable");
	refused("", "empty command");
	refused("   ", "empty command");
	refused("buy wire 1 2 3", "too many words");
	refused("frobnicate", "unknown command \"frobnicate\"");
	pc_execute(&st, &pc_real, "make", 2, &res);	/* "ma" */
	assert_false(res.ok);
	assert_non_null(strstr(res.buf, "unknown command \"ma\""));
}

static void test_saturation(void **state)
{
	(void)state;
	st.stock = UINT64_MAX;
	st.funds = UINT64_MAX - 1;
	st.boost[PC_B_DEMAND] = 1000000;
	st.owned[PC_MARKETING] = UINT64_MAX / 2;
	assert_true(pc_demand(&st, &pc_real, 1) > 0);
	ok("sell 1000000000000000", "sold");
	assert_int_equal(st.funds, UINT64_MAX);
	st.unit_m[PC_AUTOCLIPPER] = UINT64_MAX / 2;
	st.clips_made = UINT64_MAX;
	assert_true(pc_item_cost(&st, &pc_real, PC_AUTOCLIPPER, 1000) >
		    UINT64_MAX / 2);
	st.unit_m[PC_AUTOCLIPPER] = UINT64_MAX;	/* stays there, no wrap */
	assert_true(pc_item_cost(&st, &pc_real, PC_AUTOCLIPPER, 1000) >=
		    UINT64_MAX / 1000 * 1000);
	st.funds = UINT64_MAX / 4;
	refused("buy autoclipper 1000", "not enough funds");
	st.owned[PC_PROBE] = UINT64_MAX;
	st.phase = PC_COSMIC;
	pc_tick(&st, &pc_real);
	assert_int_equal(st.cosmic_matter, 0);
	assert_int_equal(st.stock, UINT64_MAX);
}

static void test_loader_refuses_bad_content(void **state)
{
	(void)state;
	static struct pc_content c;
	static unsigned char bad[1 << 16];
	char why[160];
	assert_int_not_equal(pc_content_load(&c, "garbage!", 8, why,
					     sizeof why), 0);
	assert_non_null(strstr(why, "content:"));
	assert_int_not_equal(pc_content_load(&c, pc_blob, pc_blob_len / 2, why,
					     sizeof why), 0);
	memcpy(bad, pc_blob, pc_blob_len);
	for (size_t i = 8; i < pc_blob_len; i += 7)
		bad[i] ^= 0x5a;
	pc_content_load(&c, bad, pc_blob_len, why, sizeof why);	/* no crash */
	assert_int_equal(pc_content_load(&c, pc_blob, pc_blob_len, why,
					 sizeof why), 0);
}

int main(void)
{
	pc_real_load();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_content_is_real, setup),
		cmocka_unit_test_setup(test_make, setup),
		cmocka_unit_test_setup(test_sell_and_cooldown, setup),
		cmocka_unit_test_setup(test_price_and_demand, setup),
		cmocka_unit_test_setup(test_buy_refusals, setup),
		cmocka_unit_test_setup(test_wire_fronted_when_stuck, setup),
		cmocka_unit_test_setup(test_projects, setup),
		cmocka_unit_test_setup(test_phases_and_final_lock, setup),
		cmocka_unit_test_setup(test_status_json, setup),
		cmocka_unit_test_setup(test_hostile_lines, setup),
		cmocka_unit_test_setup(test_saturation, setup),
		cmocka_unit_test_setup(test_loader_refuses_bad_content, setup),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
