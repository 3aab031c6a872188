/* TSC calibration against PIT channel 2: count TSC ticks across a known
 * PIT interval. Under QEMU's TCG the TSC follows the host clock, which is
 * what makes it usable as the monotonic source even though TCG never
 * reports an invariant TSC. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/x86_64/cpufeat.h"
#include "kernel/arch/x86_64/pit.h"
#include "kernel/arch/arch.h"

#define CAL_US 10000u
#define SPIN_BOUND 100000000u

static uint64_t tsc_hz;

static uint64_t tsc_measure_once(void)
{
	pit_oneshot_start(CAL_US);
	uint64_t start = rdtsc();
	for (uint32_t i = 0; !pit_oneshot_done() && i < SPIN_BOUND; i++)
		cpu_pause();
	uint64_t ticks = rdtsc() - start;
	pit_oneshot_stop();
	return ticks * (1000000 / CAL_US);
}

void arch_tsc_calibrate(void)
{
	/* best of three: a host preemption can only make a run longer */
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		uint64_t hz = tsc_measure_once();
		if (hz < best)
			best = hz;
	}
	tsc_hz = best;
}

uint64_t arch_tsc_hz(void)
{
	return tsc_hz;
}

bool arch_tsc_invariant(void)
{
	return cpu_features.invtsc;
}
