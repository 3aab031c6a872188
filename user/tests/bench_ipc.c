/* IPC benchmarks between two processes, run as init under -smp 1:
 *   ipc_rtt                 one CALL with Cap'n Proto params the server
 *                           decodes, one RETURN: median round trip
 *   ipc_rtt_xfer            the same carrying a copied capability
 *   ipc_batch16_throughput  16 calls in flight through one cap_enter, the
 *                           server draining them: calls per second
 * Address-space switches per call (KernelDiag) are printed beside them. */
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"

#define N 4001
#define BATCHES 300

static cap_handle_t timer, svc, diag;
static uint64_t samples[N];
static uint8_t params[128], results[16][128];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t as_switches(void)
{
	uint8_t p[64], r[512];
	struct capn_call c;
	KernelDiag_totals_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(diag, &c);
	struct capn_msg m;
	KernelDiag_totals_Results_r res;
	return KernelDiag_totals_results(&m, &c, st, &res) ? 0
	       : Totals_get_addressSpaceSwitches(KernelDiag_totals_Results_get_totals(res));
}

static uint32_t frame_params(uint64_t v)
{
	struct capn_builder b;
	capn_build_init(&b, params, sizeof(params));
	Timer_now_Results_b w = { capn_b_root(&b, Timer_now_Results_DATA_WORDS,
					      Timer_now_Results_PTR_COUNT) };
	Timer_now_Results_set_ns(w, v);
	return (uint32_t)capn_build_finish(&b);
}

static struct ring_sqe add_sqe(uint32_t len, uint16_t method, uint64_t ud,
			       const struct ring_xfer *x, int slot)
{
	return (struct ring_sqe){ .opcode = RING_OP_CALL, .cap = svc, .method = method,
				  .addr = (uint64_t)params, .len = len,
				  .result_addr = (uint64_t)results[slot],
				  .result_len = sizeof(results[slot]), .user_data = ud,
				  .xfer_addr = x ? (uint64_t)x : 0, .xfer_count = x ? 1 : 0 };
}

static void sort(uint64_t *a, int n)
{
	for (int gap = n / 2; gap; gap /= 2)
		for (int i = gap; i < n; i++)
			for (int j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
				uint64_t t = a[j];
				a[j] = a[j - gap], a[j - gap] = t;
			}
}

/* Median cycles of one round trip; *sw gets address-space switches per call. */
static uint64_t rtt(const struct ring_xfer *x, uint16_t method, uint64_t *sw)
{
	uint32_t len = frame_params(41);
	uint64_t s0 = as_switches();
	for (int i = 0; i < N; i++) {
		struct ring_sqe s = add_sqe(len, method, 1 + (uint64_t)i, x, 0);
		uint64_t t0 = rdtsc();
		rt_submit(&s);
		struct ring_cqe c = rt_wait(s.user_data);
		samples[i] = rdtsc() - t0;
		if (c.result < 0)
			return 0;
	}
	*sw = (as_switches() - s0) * 100 / N;	/* hundredths */
	sort(samples, N);
	return samples[N / 2];
}

static uint64_t batch16(uint64_t *sw, uint64_t per_us)
{
	uint32_t len = frame_params(7);
	uint64_t s0 = as_switches(), t0 = rdtsc();
	for (int b = 0; b < BATCHES; b++) {
		for (int i = 0; i < 16; i++) {
			struct ring_sqe s = add_sqe(len, 7, 100 + (uint64_t)i, 0, i);
			rt_submit(&s);
		}
		for (int i = 0; i < 16; i++)
			if (rt_wait(100 + (uint64_t)i).result < 0)
				return 0;
	}
	uint64_t cycles = rdtsc() - t0;
	*sw = (as_switches() - s0) * 100 / (BATCHES * 16);
	return (uint64_t)BATCHES * 16 * per_us * 1000000 / cycles;
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	diag = rt_cap_find("diag", KernelDiag_IFACE_ID);
	cap_handle_t spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID), h;
	struct rt_grant g[] = {
		{ "ep", 0, 0, false, true },
		{ "console", rt_cap_find("console", Console_IFACE_ID), Console_IFACE_ID, false, false },
		{ "timer", timer, Timer_IFACE_ID, false, false },
	};
	if (rt_spawn_facets(spawner, "ipc_server", "ipc_server", g, 3, 0, &h, &svc, 1))
		return 1;
	uint64_t ns0 = rt_time_now(), c0 = rdtsc();
	uint64_t sw1, sw2, sw3;
	struct ring_xfer x = { timer, RING_XFER_COPY, 0 };
	uint64_t plain = rtt(0, 7, &sw1), xfer = rtt(&x, 8, &sw2);
	uint64_t ns1 = rt_time_now(), c1 = rdtsc();
	uint64_t per_us = (c1 - c0) / ((ns1 - ns0) / 1000);
	uint64_t tput = batch16(&sw3, per_us);
	if (!plain || !xfer || !tput || !per_us)
		return 1;
	rt_printf("BENCH name=ipc_rtt value=%lu unit=ns\n", plain * 1000 / per_us);
	rt_printf("bench_ipc: ipc_rtt address-space switches per call %lu.%02lu\n",
		  sw1 / 100, sw1 % 100);
	rt_printf("BENCH name=ipc_rtt_xfer value=%lu unit=ns\n", xfer * 1000 / per_us);
	rt_printf("bench_ipc: ipc_rtt_xfer address-space switches per call %lu.%02lu\n",
		  sw2 / 100, sw2 % 100);
	rt_printf("BENCH name=ipc_batch16_throughput value=%lu unit=calls/s\n", tput);
	rt_printf("bench_ipc: batch16 address-space switches per call %lu.%02lu\n",
		  sw3 / 100, sw3 % 100);
	rt_proc_kill(h);
	return 0;
}
