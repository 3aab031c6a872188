/* Messages between the SMP benchmark's driver, coordinator and workers. */
#ifndef CAPOS_USER_TESTS_SMP_BENCH_H
#define CAPOS_USER_TESTS_SMP_BENCH_H
#include <stdint.h>

#define SMP_MAX_WORKERS 8
enum { SMP_PRIMES = 1, SMP_PINGPONG = 2 };

struct smp_job {
	uint32_t kind, workers;
	uint32_t lo, hi;	/* primes: the range; driver: hi = the limit */
	uint32_t rounds;	/* ping-pong: round trips per worker */
	uint32_t reserved;
};

struct smp_done {
	uint64_t count;		/* primes found, or round trips done */
	uint64_t elapsed_ns;	/* to the driver: release to last done */
};

#endif
