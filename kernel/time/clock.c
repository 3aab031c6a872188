/* ns = (cycles * mult) >> 32 with mult = 10^9 * 2^32 / tsc_hz: one
 * multiply per read, no division. The 128-bit product compiles to a single
 * mul instruction. */
#include <stdbool.h>
#include "kernel/arch/arch.h"
#include "kernel/time/clock.h"

uint64_t clock_base_cycles;
uint64_t clock_mult;
static int64_t wall_at_boot_ns;	/* wall time at monotonic 0; 0 = unknown */

void clock_init(uint64_t entry_cycles, uint64_t tsc_hz)
{
	clock_base_cycles = entry_cycles;
	if (tsc_hz)
		clock_mult = (1000000000ull << 32) / tsc_hz;	/* fits: < 2^62 */
}

void clock_set_wall_at_boot(int64_t unix_secs, uint64_t mono_ns_then)
{
	wall_at_boot_ns = unix_secs * 1000000000ll - (int64_t)mono_ns_then;
}

int64_t clock_wall_ns(void)
{
	if (!wall_at_boot_ns)
		return 0;
	return wall_at_boot_ns + (int64_t)clock_monotonic_ns();
}
