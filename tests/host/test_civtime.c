/* Calendar conversions against known instants and the host's timegm. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>
#include "lib/util/civtime.h"

static void test_known_instants(void **state)
{
	struct civil_time epoch = { 1970, 1, 1, 0, 0, 0 };
	assert_int_equal(civil_to_unix(&epoch), 0);
	struct civil_time leap = { 2024, 2, 29, 12, 34, 56 };
	assert_int_equal(civil_to_unix(&leap), 1709210096);
	struct civil_time y2038 = { 2038, 1, 19, 3, 14, 8 };
	assert_int_equal(civil_to_unix(&y2038), 2147483648ll);
}

static void test_round_trip_against_libc(void **state)
{
	for (int64_t s = 0; s < 8000000000ll; s += 86400 * 37 + 3671) {
		struct civil_time t = civil_from_unix(s);
		assert_true(civil_valid(&t));
		assert_int_equal(civil_to_unix(&t), s);
		time_t tt = (time_t)s;
		struct tm tm;
		gmtime_r(&tt, &tm);
		assert_int_equal(t.year, tm.tm_year + 1900);
		assert_int_equal(t.month, tm.tm_mon + 1);
		assert_int_equal(t.day, tm.tm_mday);
		assert_int_equal(t.hour, tm.tm_hour);
	}
}

static void test_validation(void **state)
{
	struct civil_time bad[] = {
		{ 2023, 2, 29, 0, 0, 0 }, { 2024, 13, 1, 0, 0, 0 },
		{ 2024, 0, 1, 0, 0, 0 }, { 2024, 4, 31, 0, 0, 0 },
		{ 2024, 1, 1, 24, 0, 0 }, { 2024, 1, 1, 0, 60, 0 },
		{ 1969, 12, 31, 0, 0, 0 }, { 2100, 2, 29, 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(civil_valid(&bad[i]));
	struct civil_time ok = { 2000, 2, 29, 23, 59, 59 };
	assert_true(civil_valid(&ok));
}

static void test_bcd(void **state)
{
	assert_int_equal(bcd_decode(0x59), 59);
	assert_int_equal(bcd_decode(0x00), 0);
	assert_int_equal(bcd_decode(0x12), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_instants),
		cmocka_unit_test(test_round_trip_against_libc),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_bcd),
	};
	return cmocka_run_group_tests_name("civtime", tests, NULL, NULL);
}
