/* `make bench` figures for the C library (run as init by tools/bench-user):
 *
 *   malloc_free          ns per malloc+free pair: a window of 64 live
 *                        blocks, each pair frees one at random and
 *                        allocates a size from a mixed pattern (16 B to
 *                        8 KiB, mostly small), so musl's allocator and,
 *                        when groups come and go, the mmap path both run
 *   printf_console_line  ns per printf of one formatted line (integers,
 *                        a float, a string) on a line-buffered stdout:
 *                        formatting, the layer and one Console.write
 *
 * Times come from clock_gettime(CLOCK_MONOTONIC), i.e. Timer.now, read
 * only around whole loops. Stays under the console's per-process burst
 * (500 lines) so that the BENCH lines themselves are not dropped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PAIRS 200000
#define WINDOW 64
#define LINES 200

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint32_t rng = 1;
static uint32_t next(void)
{
	rng = rng * 1664525u + 1013904223u;
	return rng >> 8;
}

static const size_t sizes[] = { 16, 24, 32, 48, 64, 100, 128, 200, 256,
				500, 1000, 2048, 4000, 8192, 40, 80 };

static double bench_malloc_free(void)
{
	static void *live[WINDOW];
	for (int i = 0; i < WINDOW; i++)
		live[i] = malloc(sizes[i % 16]);
	uint64_t t0 = now_ns();
	for (int i = 0; i < PAIRS; i++) {
		uint32_t v = next();
		uint32_t slot = v % WINDOW;
		free(live[slot]);
		live[slot] = malloc(sizes[(v >> 8) % 16]);
		*(volatile char *)live[slot] = 1;
	}
	uint64_t t1 = now_ns();
	for (int i = 0; i < WINDOW; i++)
		free(live[i]);
	return (double)(t1 - t0) / PAIRS;
}

static double bench_printf_line(void)
{
	setvbuf(stdout, NULL, _IOLBF, 1024);	/* one write per line */
	uint64_t t0 = now_ns();
	for (int i = 0; i < LINES; i++)
		printf("libc_bench: line %d of %d: %8.3f %s\n", i, LINES,
		       i * 1.25, "formatted");
	return (double)(now_ns() - t0) / LINES;
}

int main(void)
{
	double mf = bench_malloc_free();
	double pl = bench_printf_line();
	printf("BENCH name=malloc_free value=%.1f unit=ns\n", mf);
	printf("BENCH name=printf_console_line value=%.0f unit=ns\n", pl);
	return 0;
}
