/* Ring round-trip benchmarks, run as init by `make bench`:
 *   ring_nop_rtt   one NOP SQE, one cap_enter, one CQE: the same copy and
 *                  validate path a CALL takes, without a capability
 *   timer_now_rtt  one Timer.now CALL: encode, submit, dispatch through the
 *                  generated server code, decode the result
 * Each sample is one round trip timed with rdtsc; the TSC is converted to
 * ns against Timer.now over the whole run. Prints the median of each as a
 * BENCH line, and as comments: the same two timed as the Linux peer times
 * its null system call (bench.c, bench_null_syscall: 1000 whole round
 * trips back to back timed together, per call, the median of 201 such
 * loops; no rdtsc inside, which under TCG is a call into QEMU's clock),
 * what an rdtsc pair alone costs, and the pieces that can be timed apart:
 * the bare kernel entry and the user side of a Timer.now. */
#include "capos/time.h"
#include "user/rt/rt.h"

#define SAMPLES 20001
#define WARMUP 2000
#define LOOP 1000
#define LOOPS 201

static uint64_t samples[SAMPLES];
static cap_handle_t timer;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t timer_now(void)
{
	static uint8_t params[64], results[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(timer, &c);
	struct capn_msg m;
	Timer_now_Results_r r;
	return Timer_now_results(&m, &c, st, &r) ? 0 : Timer_now_Results_get_ns(r);
}

/* The user side of a Timer.now alone, for the breakdown: framing the
 * params, and decoding results a real call left in the buffer. */
static uint8_t enc_params[64], dec_results[64];
static struct capn_call dec_call;

static void timer_now_encode(void)
{
	struct capn_call c;
	Timer_now_prepare(&c, enc_params, sizeof(enc_params));
	capn_call_set_results(&c, dec_results, sizeof(dec_results));
	__asm__ volatile("" : : "r"(&c) : "memory");
}

static void timer_now_decode(void)
{
	struct capn_msg m;
	Timer_now_Results_r r;
	uint64_t ns = Timer_now_results(&m, &dec_call, 0, &r) ? 0
			: Timer_now_Results_get_ns(r);
	__asm__ volatile("" : : "r"(ns) : "memory");
}

static void nop_rtt(void)
{
	struct ring_sqe s = { .opcode = RING_OP_NOP, .user_data = 1 };
	struct ring_header *h = &rt_ring->hdr;
	rt_ring->sq[h->sq_tail & (RING_SQ_ENTRIES - 1)] = s;
	__atomic_store_n(&h->sq_tail, h->sq_tail + 1, __ATOMIC_RELEASE);
	rt_cap_enter(1, UINT64_MAX);
	__atomic_store_n(&h->cq_head, h->cq_head + 1, __ATOMIC_RELEASE);
}

/* An unknown system call: the kernel entry and exit alone. */
static void null_syscall(void)
{
	uint64_t ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(99ul) : "rcx", "r11", "memory");
}

static void sort(uint64_t *a, int n)
{
	for (int gap = n / 2; gap; gap /= 2)	/* shell sort: no libc */
		for (int i = gap; i < n; i++)
			for (int j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
				uint64_t t = a[j];
				a[j] = a[j - gap], a[j - gap] = t;
			}
}

static uint64_t median_cycles(void (*op)(void))
{
	for (int i = 0; i < WARMUP; i++)
		op();
	for (int i = 0; i < SAMPLES; i++) {
		uint64_t t0 = rdtsc();
		op();
		samples[i] = rdtsc() - t0;
	}
	sort(samples, SAMPLES);
	return samples[SAMPLES / 2];
}

static uint64_t median_loop_cycles(void (*op)(void))
{
	for (int i = 0; i < WARMUP; i++)
		op();
	for (int k = 0; k < LOOPS; k++) {
		uint64_t t0 = rdtsc();
		for (int i = 0; i < LOOP; i++)
			op();
		samples[k] = (rdtsc() - t0) / LOOP;
	}
	sort(samples, LOOPS);
	return samples[LOOPS / 2];
}

static void empty_op(void)
{
	__asm__ volatile("" ::: "memory");
}

static void timer_now_op(void)
{
	(void)timer_now();
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	uint64_t ns0 = timer_now(), c0 = rdtsc();
	uint64_t nop = median_cycles(nop_rtt);
	uint64_t now = median_cycles(timer_now_op);
	uint64_t nop_loop = median_loop_cycles(nop_rtt);
	uint64_t now_loop = median_loop_cycles(timer_now_op);
	uint64_t tsc = median_cycles(empty_op);
	uint64_t floor = median_cycles(null_syscall);
	Timer_now_prepare(&dec_call, enc_params, sizeof(enc_params));
	capn_call_set_results(&dec_call, dec_results, sizeof(dec_results));
	int32_t st = rt_call(timer, &dec_call);
	uint64_t enc = median_cycles(timer_now_encode);
	uint64_t dec = st >= 0 ? median_cycles(timer_now_decode) : 0;
	uint64_t ns1 = timer_now(), c1 = rdtsc();
	/* cycles per microsecond, from the whole run */
	uint64_t cyc_per_us = (c1 - c0) / ((ns1 - ns0) / 1000 ? (ns1 - ns0) / 1000 : 1);
	if (!cyc_per_us)
		cyc_per_us = 1;
	rt_printf("BENCH name=ring_nop_rtt value=%lu unit=ns\n", nop * 1000 / cyc_per_us);
	rt_printf("BENCH name=timer_now_rtt value=%lu unit=ns\n", now * 1000 / cyc_per_us);
	rt_printf("bench_ring: cycles nop=%lu now=%lu, %lu cycles/us\n", nop, now,
		  cyc_per_us);
	rt_printf("bench_ring: timed as the Linux peer times its null system "
		  "call (1000 back to back, per call): nop %lu ns, now %lu ns; "
		  "an rdtsc pair alone %lu ns\n", nop_loop * 1000 / cyc_per_us,
		  now_loop * 1000 / cyc_per_us, tsc * 1000 / cyc_per_us);
	rt_printf("bench_ring: kernel entry+exit alone (unknown syscall) %lu ns\n",
		  floor * 1000 / cyc_per_us);
	rt_printf("bench_ring: Timer.now user side: params framing %lu ns, "
		  "results decoding %lu ns (each alone, no kernel entry)\n",
		  enc * 1000 / cyc_per_us, dec * 1000 / cyc_per_us);
	return 0;
}
