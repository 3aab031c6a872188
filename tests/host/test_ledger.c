#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "lib/ledger/ledger.h"

static void test_charge_to_limit_then_refuse(void **state)
{
	struct ledger l;
	ledger_init_defaults(&l);
	l.limit[LEDGER_TIMERS] = 3;
	assert_int_equal(ledger_charge(&l, LEDGER_TIMERS, 2), ERR_OK);
	assert_int_equal(ledger_charge(&l, LEDGER_TIMERS, 2), ERR_QUOTA);
	assert_int_equal(l.used[LEDGER_TIMERS], 2);	/* refusal changed nothing */
	assert_int_equal(ledger_charge(&l, LEDGER_TIMERS, 1), ERR_OK);
	assert_int_equal(ledger_charge(&l, LEDGER_TIMERS, 1), ERR_QUOTA);
	ledger_credit(&l, LEDGER_TIMERS, 3);
	assert_int_equal(l.used[LEDGER_TIMERS], 0);
}

static void test_overflowing_charges(void **state)
{
	struct ledger l;
	ledger_init_defaults(&l);
	assert_int_equal(ledger_charge(&l, LEDGER_PAGES, UINT64_MAX), ERR_QUOTA);
	assert_int_equal(ledger_charge(&l, LEDGER_PAGES, 10), ERR_OK);
	assert_int_equal(ledger_charge(&l, LEDGER_PAGES, UINT64_MAX - 5), ERR_QUOTA);
	assert_int_equal(ledger_charge(&l, LEDGER_ITEMS, 1), ERR_INVALID);
	ledger_credit(&l, LEDGER_PAGES, 100);		/* clamped, never wraps */
	assert_int_equal(l.used[LEDGER_PAGES], 0);
	assert_string_equal(ledger_item_name(LEDGER_CALLS), "calls in flight");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charge_to_limit_then_refuse),
		cmocka_unit_test(test_overflowing_charges),
	};
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
