/* Calendar arithmetic for the wall clock: BCD decoding of CMOS fields and
 * conversion between civil dates (proleptic Gregorian, UTC) and seconds
 * since the Unix epoch. */
#ifndef CAPOS_LIB_CIVTIME_H
#define CAPOS_LIB_CIVTIME_H
#include <stdbool.h>
#include <stdint.h>

struct civil_time {
	int32_t year;
	uint8_t month, day, hour, minute, second;	/* month 1-12, day 1-31 */
};

/* Rejects out-of-range fields (month 13, February 30, hour 24...). */
bool civil_valid(const struct civil_time *t);
int64_t civil_to_unix(const struct civil_time *t);
struct civil_time civil_from_unix(int64_t secs);
uint8_t bcd_decode(uint8_t v);

#endif
