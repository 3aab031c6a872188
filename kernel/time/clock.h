/* Time. The monotonic clock counts nanoseconds since kernel entry, from the
 * PIT-calibrated TSC. The wall clock is the CMOS RTC reading taken once at
 * boot plus the monotonic clock since then. */
#ifndef CAPOS_TIME_CLOCK_H
#define CAPOS_TIME_CLOCK_H
#include <stdint.h>

void clock_init(uint64_t entry_cycles, uint64_t tsc_hz);
uint64_t clock_monotonic_ns(void);
/* Nanoseconds since the Unix epoch; 0 if the RTC gave nothing usable. */
int64_t clock_wall_ns(void);
void clock_set_wall_at_boot(int64_t unix_secs, uint64_t mono_ns_then);

#endif
