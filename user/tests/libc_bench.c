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
 *   thread_create_join   ns per pthread_create + pthread_join of a thread
 *                        that returns at once (stack mmap and commit,
 *                        ThreadSpawner.spawn, exit, unmap): the median
 *                        over batches
 *   park_pingpong_rtt    ns per round trip of two threads handing a turn
 *                        back and forth with futex WAIT/WAKE only (PARK
 *                        and UNPARK on their rings), the Linux peer's
 *                        futex_thread_rtt loop: the median over batches
 *
 * Times come from clock_gettime(CLOCK_MONOTONIC), i.e. Timer.now, read
 * only around whole loops. Stays under the console's per-process burst
 * (500 lines) so that the BENCH lines themselves are not dropped.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PAIRS 200000
#define WINDOW 64
#define LINES 200
#define FUTEX_WAIT 0		/* Linux values; musl has no header */
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE 128
#define BATCHES 15
#define CREATE_PER_BATCH 20
#define RTT_PER_BATCH 200

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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

static void *return_at_once(void *arg)
{
	return arg;
}

static double bench_create_join(void)
{
	double per[BATCHES];
	for (int b = -1; b < BATCHES; b++) {	/* batch -1 warms up */
		uint64_t t0 = now_ns();
		for (int i = 0; i < CREATE_PER_BATCH; i++) {
			pthread_t t;
			if (pthread_create(&t, NULL, return_at_once, NULL))
				return -1;
			pthread_join(t, NULL);
		}
		if (b >= 0)
			per[b] = (double)(now_ns() - t0) / CREATE_PER_BATCH;
	}
	return median(per, BATCHES);
}

/* The Linux peer's ping-pong (bench.c, fx_child_loop / fx_parent_rt). */
static struct {
	volatile int a, pad[15], b;
	long total;
} fx;

static void futex_wait(volatile int *w)
{
	syscall(SYS_futex, w, FUTEX_WAIT | FUTEX_PRIVATE, 0, NULL, NULL, 0);
}

static void futex_wake(volatile int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE | FUTEX_PRIVATE, 1, NULL, NULL, 0);
}

static void *fx_child(void *arg)
{
	for (long i = 0; i < fx.total; i++) {
		while (__atomic_load_n(&fx.a, __ATOMIC_ACQUIRE) == 0)
			futex_wait(&fx.a);
		__atomic_store_n(&fx.a, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&fx.b, 1, __ATOMIC_RELEASE);
		futex_wake(&fx.b);
	}
	return NULL;
}

static void fx_round_trip(void)
{
	__atomic_store_n(&fx.a, 1, __ATOMIC_RELEASE);
	futex_wake(&fx.a);
	while (__atomic_load_n(&fx.b, __ATOMIC_ACQUIRE) == 0)
		futex_wait(&fx.b);
	__atomic_store_n(&fx.b, 0, __ATOMIC_RELAXED);
}

static double bench_futex_rtt(void)
{
	double per[BATCHES];
	pthread_t t;
	fx.total = (long)(BATCHES + 1) * RTT_PER_BATCH;
	if (pthread_create(&t, NULL, fx_child, NULL))
		return -1;
	for (int b = -1; b < BATCHES; b++) {
		uint64_t t0 = now_ns();
		for (int i = 0; i < RTT_PER_BATCH; i++)
			fx_round_trip();
		if (b >= 0)
			per[b] = (double)(now_ns() - t0) / RTT_PER_BATCH;
	}
	pthread_join(t, NULL);
	return median(per, BATCHES);
}

int main(void)
{
	double mf = bench_malloc_free();
	double pl = bench_printf_line();
	double cj = bench_create_join();
	double rtt = bench_futex_rtt();
	printf("BENCH name=malloc_free value=%.1f unit=ns\n", mf);
	printf("BENCH name=printf_console_line value=%.0f unit=ns\n", pl);
	printf("BENCH name=thread_create_join value=%.0f unit=ns\n", cj);
	printf("BENCH name=park_pingpong_rtt value=%.0f unit=ns\n", rtt);
	return 0;
}
