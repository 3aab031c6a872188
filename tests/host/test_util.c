/* Rate limiter, symbol lookup and command-line parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lib/util/cmdline.h"
#include "lib/util/ratelimit.h"
#include "lib/util/symtab.h"

static void test_ratelimit_burst_then_refill(void **state)
{
	struct ratelimit rl = RATELIMIT_INIT(10, 3);
	uint64_t dropped;
	for (int i = 0; i < 3; i++)
		assert_true(ratelimit_allow(&rl, 100, &dropped));
	assert_false(ratelimit_allow(&rl, 105, &dropped));
	assert_false(ratelimit_allow(&rl, 109, &dropped));
	assert_true(ratelimit_allow(&rl, 110, &dropped));
	assert_int_equal(dropped, 2);
	assert_false(ratelimit_allow(&rl, 111, &dropped));
	/* a long quiet spell refills only up to the burst */
	for (int i = 0; i < 3; i++)
		assert_true(ratelimit_allow(&rl, 100000, &dropped));
	assert_false(ratelimit_allow(&rl, 100000, &dropped));
}

static void test_ratelimit_clock_backwards(void **state)
{
	struct ratelimit rl = RATELIMIT_INIT(10, 1);
	assert_true(ratelimit_allow(&rl, 1000, NULL));
	assert_false(ratelimit_allow(&rl, 1001, NULL));
	assert_true(ratelimit_allow(&rl, 5, NULL));	/* restarts full */
}

static const struct symtab_entry entries[] = {
	{ 0x1000, 0 }, { 0x1010, 6 }, { 0x1100, 12 },
};
static const char names[] = "alpha\0beta_\0gamma";

static struct symtab st(void)
{
	return (struct symtab){ entries, 3, names, sizeof(names), 0x1200 };
}

static void test_symtab_lookup(void **state)
{
	struct symtab t = st();
	struct symtab_hit h = symtab_lookup(&t, 0x1000);
	assert_string_equal(h.name, "alpha");
	assert_int_equal(h.offset, 0);
	h = symtab_lookup(&t, 0x100f);
	assert_string_equal(h.name, "alpha");
	assert_int_equal(h.offset, 0xf);
	h = symtab_lookup(&t, 0x1050);
	assert_string_equal(h.name, "beta_");
	h = symtab_lookup(&t, 0x11ff);
	assert_string_equal(h.name, "gamma");
	assert_null(symtab_lookup(&t, 0xfff).name);
	assert_null(symtab_lookup(&t, 0x1200).name);
}

static void test_symtab_damaged(void **state)
{
	const struct symtab_entry bad[] = { { 0x1000, 999 } };
	struct symtab t = { bad, 1, names, sizeof(names), 0x2000 };
	assert_null(symtab_lookup(&t, 0x1004).name);
	struct symtab empty = { bad, 0, names, sizeof(names), 0x2000 };
	assert_null(symtab_lookup(&empty, 0x1004).name);
}

static void test_cmdline(void **state)
{
	const char *c = "kernel.elf  test=selftest:heap halt x=1 x=2 t";
	struct cmdline_value v, rest;
	assert_true(cmdline_get(c, "test", &v));
	assert_true(cmdline_value_prefix(v, "selftest", &rest));
	assert_true(cmdline_value_eq(rest, ":heap"));
	assert_true(cmdline_get(c, "halt", &v));
	assert_int_equal(v.len, 0);
	assert_true(cmdline_get(c, "x", &v));
	assert_true(cmdline_value_eq(v, "2"));
	assert_false(cmdline_get(c, "tes", &v));
	assert_true(cmdline_get(c, "t", &v));
	assert_false(cmdline_get(NULL, "t", &v));
	assert_false(cmdline_get("", "t", &v));
	assert_false(cmdline_value_prefix(v, "longer", &rest));
	assert_false(cmdline_value_eq((struct cmdline_value){ "ab", 2 }, "abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratelimit_burst_then_refill),
		cmocka_unit_test(test_ratelimit_clock_backwards),
		cmocka_unit_test(test_symtab_lookup),
		cmocka_unit_test(test_symtab_damaged),
		cmocka_unit_test(test_cmdline),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
