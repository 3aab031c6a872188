/* Day counting uses the era-based method (400-year cycles of 146097 days),
 * which needs no tables and is exact for any year. */
#include "lib/util/civtime.h"

static bool is_leap(int32_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static uint8_t days_in_month(int32_t y, uint8_t m)
{
	static const uint8_t dm[12] = { 31, 28, 31, 30, 31, 30,
					31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

bool civil_valid(const struct civil_time *t)
{
	return t->year >= 1970 && t->year < 10000 && t->month >= 1 &&
	       t->month <= 12 && t->day >= 1 &&
	       t->day <= days_in_month(t->year, t->month) && t->hour < 24 &&
	       t->minute < 60 && t->second < 60;
}

static int64_t days_from_civil(int32_t y, uint8_t m, uint8_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t civil_to_unix(const struct civil_time *t)
{
	return days_from_civil(t->year, t->month, t->day) * 86400 +
	       t->hour * 3600 + t->minute * 60 + t->second;
}

struct civil_time civil_from_unix(int64_t secs)
{
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t rem = secs - days * 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct civil_time t;
	t.day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
	t.month = (uint8_t)(mp < 10 ? mp + 3 : mp - 9);
	t.year = (int32_t)(yoe + era * 400 + (t.month <= 2));
	t.hour = (uint8_t)(rem / 3600);
	t.minute = (uint8_t)(rem / 60 % 60);
	t.second = (uint8_t)(rem % 60);
	return t;
}

uint8_t bcd_decode(uint8_t v)
{
	return (uint8_t)((v >> 4) * 10 + (v & 0xF));
}
