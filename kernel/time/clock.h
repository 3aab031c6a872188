/* Time. The monotonic clock counts nanoseconds since kernel entry, from the
 * PIT-calibrated TSC. The wall clock is the CMOS RTC reading taken once at
 * boot plus the monotonic clock since then. */
#ifndef CAPOS_TIME_CLOCK_H
#define CAPOS_TIME_CLOCK_H
#include <stdint.h>

#include "kernel/arch/arch.h"

void clock_init(uint64_t entry_cycles, uint64_t tsc_hz);

/* Set once by clock_init, before any other CPU runs; read-only after. */
extern uint64_t clock_base_cycles, clock_mult;

/* Inline: Timer.now and every timer arm read it. */
static inline uint64_t clock_monotonic_ns(void)
{
	uint64_t c = arch_cycles() - clock_base_cycles;
	return (uint64_t)(((unsigned __int128)c * clock_mult) >> 32);
}
/* Nanoseconds since the Unix epoch; 0 if the RTC gave nothing usable. */
int64_t clock_wall_ns(void);
void clock_set_wall_at_boot(int64_t unix_secs, uint64_t mono_ns_then);

#endif
