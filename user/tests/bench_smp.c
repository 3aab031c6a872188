/* SMP scaling, run as init by `make bench`: count the primes in
 * 2..3,000,000 by trial division (the Linux peer's workload), first with
 * one worker thread, then split over two in balanced contiguous ranges.
 * Each time is the wall clock from release to the last worker done; the
 * prime count is checked (216816). Booted with -smp 1 and -smp 2, the
 * tool takes the 1->2 speedup from the two boots. */
#include "capos/time.h"
#include "user/rt/rt.h"
#include "user/rt/thread.h"

#define LIMIT 3000000u
#define EXPECT 216816u

struct part { uint32_t lo, hi, count; };

static cap_handle_t timer;

static uint64_t now(void)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	Timer_now_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(timer, &c);
	struct capn_msg m;
	Timer_now_Results_r res;
	return Timer_now_results(&m, &c, st, &res) ? 0 : Timer_now_Results_get_ns(res);
}

static bool is_prime(uint32_t n)
{
	if (n < 2)
		return false;
	for (uint32_t d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

static uint64_t isqrt(uint64_t n)
{
	uint64_t r = 0;
	while ((r + 1) * (r + 1) <= n)
		r++;
	return r;
}

static void count(void *arg)
{
	struct part *p = arg;
	for (uint32_t n = p->lo; n < p->hi; n++)
		p->count += is_prime(n);
}

/* Balanced split: trial division costs about sqrt(n), so ranges shrink
 * toward the top; equal work per worker by a cost walk. */
static void split(struct part *parts, int k)
{
	uint64_t total = 0, root = 1;
	for (uint32_t n = 2; n < LIMIT; n += 1000) {
		while ((root + 1) * (root + 1) <= n)
			root++;
		total += 1 + root;
	}
	uint64_t share = total / (uint64_t)k, acc = 0;
	uint32_t lo = 2;
	int i = 0;
	root = 1;
	for (uint32_t n = 2; n < LIMIT && i < k - 1; n += 1000) {
		root = isqrt(n) > root ? isqrt(n) : root;
		acc += 1 + root;
		if (acc >= share * (uint64_t)(i + 1)) {
			parts[i] = (struct part){ lo, n, 0 };
			lo = n, i++;
		}
	}
	parts[k - 1] = (struct part){ lo, LIMIT, 0 };
}

static uint64_t run(int k, uint32_t *primes)
{
	struct part parts[2];
	struct rt_thread t[2];
	split(parts, k);
	uint64_t t0 = now();
	for (int i = 0; i < k; i++)
		rt_thread_start(&t[i], count, &parts[i]);
	*primes = 0;
	for (int i = 0; i < k; i++) {
		rt_thread_join(&t[i]);
		*primes += parts[i].count;
	}
	return now() - t0;
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	uint32_t p1, p2;
	uint64_t one = run(1, &p1), two = run(2, &p2);
	if (p1 != EXPECT || p2 != EXPECT) {
		rt_printf("bench_smp: wrong prime counts %u %u\n", p1, p2);
		return 1;
	}
	rt_printf("BENCH name=smp_primes_1worker value=%lu unit=ms\n", one / 1000000);
	rt_printf("BENCH name=smp_primes_2workers value=%lu unit=ms\n", two / 1000000);
	return 0;
}
