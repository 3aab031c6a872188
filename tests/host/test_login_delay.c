/* lib/ident/delay: the login failure delay grows, caps, is measured from
 * the failure, refuses nothing once over, and resets on success. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "lib/ident/delay.h"

#define MS 1000000ull

static const struct login_delay_policy policy = { 250, 4000 };

static void test_grows_then_caps(void **state)
{
	const uint32_t want[] = { 0, 250, 500, 1000, 2000, 4000, 4000, 4000 };
	for (uint32_t n = 0; n < sizeof want / sizeof want[0]; n++)
		assert_int_equal(login_delay_for(&policy, n), want[n]);
	assert_int_equal(login_delay_for(&policy, UINT32_MAX), 4000);
}

static void test_no_overflow_at_large_values(void **state)
{
	const struct login_delay_policy big = { 0x80000000u, UINT32_MAX };
	assert_int_equal(login_delay_for(&big, 1), 0x80000000u);
	assert_int_equal(login_delay_for(&big, 2), UINT32_MAX);
	assert_int_equal(login_delay_for(&big, 1000), UINT32_MAX);
	const struct login_delay_policy odd = { 300, 100 };	/* cap below first */
	assert_int_equal(login_delay_for(&odd, 1), 300);
	assert_int_equal(login_delay_for(&odd, 5), 300);
	const struct login_delay_policy off = { 0, 4000 };
	assert_int_equal(login_delay_for(&off, 3), 0);
}

static void test_fail_schedules_from_now(void **state)
{
	struct login_delay d;
	login_delay_init(&d);
	uint64_t t = 1000 * MS;
	assert_int_equal(login_delay_remaining_ms(&d, t), 0);
	assert_int_equal(login_delay_fail(&d, &policy, t), 250);
	assert_int_equal(login_delay_remaining_ms(&d, t), 250);
	assert_int_equal(login_delay_remaining_ms(&d, t + 100 * MS), 150);
	assert_int_equal(login_delay_remaining_ms(&d, t + 249 * MS + 1), 1);
	assert_int_equal(login_delay_remaining_ms(&d, t + 250 * MS), 0);
	// The next failure doubles, measured from its own time.
	t += 300 * MS;
	assert_int_equal(login_delay_fail(&d, &policy, t), 500);
	assert_int_equal(login_delay_remaining_ms(&d, t + 1), 500);
	assert_int_equal(d.failures, 2);
}

static void test_refused_attempts_do_not_count(void **state)
{
	struct login_delay d;
	login_delay_init(&d);
	login_delay_fail(&d, &policy, 0);
	// SessionManager asks remaining_ms first and refuses; asking changes
	// nothing, however often.
	for (int i = 0; i < 10; i++)
		assert_true(login_delay_remaining_ms(&d, 10 * MS) > 0);
	assert_int_equal(d.failures, 1);
	assert_int_equal(login_delay_fail(&d, &policy, 300 * MS), 500);
}

static void test_success_resets(void **state)
{
	struct login_delay d;
	login_delay_init(&d);
	for (int i = 0; i < 6; i++)
		login_delay_fail(&d, &policy, (uint64_t)i * 10000 * MS);
	assert_int_equal(d.failures, 6);
	login_delay_success(&d);
	assert_int_equal(login_delay_remaining_ms(&d, 0), 0);
	assert_int_equal(login_delay_fail(&d, &policy, 0), 250);
}

static void test_time_near_the_end_saturates(void **state)
{
	struct login_delay d;
	login_delay_init(&d);
	assert_int_equal(login_delay_fail(&d, &policy, UINT64_MAX - 10), 250);
	assert_int_equal(d.until_ns, UINT64_MAX);
	assert_true(login_delay_remaining_ms(&d, UINT64_MAX - 10) >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_then_caps),
		cmocka_unit_test(test_no_overflow_at_large_values),
		cmocka_unit_test(test_fail_schedules_from_now),
		cmocka_unit_test(test_refused_attempts_do_not_count),
		cmocka_unit_test(test_success_resets),
		cmocka_unit_test(test_time_near_the_end_saturates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
