/* The SMP benchmark driver, run as init by `make bench-smp`, once under
 * -smp 1 and once under -smp 2:
 *   (a) the Linux peer's CPU-bound workload: primes in 2..3,000,000 by
 *       trial division over N balanced ranges, one process per range
 *   (b) an IPC workload: N client/server pairs doing round trips
 * Workers are created and parked at the coordinator's barrier first, then
 * released together; each figure is the median of REPS runs. Prints
 * smp_primes_ms_w<N> and smp_ipc_rps_p<N> for N = 1, 2; tools/bench-smp
 * turns the two boots into speedups. */
#include "capos/console.h"
#include "capos/ipc.h"
#include "capos/process.h"
#include "capos/time.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"
#include "user/tests/smp_bench.h"

#define REPS 3
#define LIMIT 3000000u
#define EXPECT 216816u
#define ROUNDS 3000u

static cap_handle_t spawner, ctl, coord;

static int32_t spawn_worker(cap_handle_t svc, cap_handle_t *h)
{
	struct rt_grant g[] = { { "ctl", ctl, ClientEndpoint_IFACE_ID, false, false },
				{ "svc", svc, ClientEndpoint_IFACE_ID, false, false } };
	return rt_spawn(spawner, "smp_worker", "smp_worker", g, svc ? 2 : 1, 0, h);
}

/* One timed run; returns the coordinator's answer (count 0 on failure). */
static struct smp_done run_once(struct smp_job job, cap_handle_t *svcs)
{
	cap_handle_t w[SMP_MAX_WORKERS];
	struct smp_done d = { 0, 0 };
	for (uint32_t i = 0; i < job.workers; i++)
		if (spawn_worker(svcs ? svcs[i] : 0, &w[i]))
			return d;
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = ctl, .method = 2,
			      .addr = (uint64_t)&job, .len = sizeof(job),
			      .result_addr = (uint64_t)&d, .result_len = sizeof(d) };
	if (rt_submit_wait(&s).result != sizeof(d))
		d.count = 0;
	for (uint32_t i = 0; i < job.workers; i++) {
		struct rt_exit ex;
		rt_proc_wait(w[i], &ex);
		rt_release(w[i]);
	}
	return d;
}

static uint64_t median3(uint64_t a, uint64_t b, uint64_t c)
{
	return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

static bool bench_primes(uint32_t n)
{
	uint64_t t[REPS];
	for (int r = 0; r < REPS; r++) {
		struct smp_job job = { SMP_PRIMES, n, 2, LIMIT, 0, 0 };
		struct smp_done d = run_once(job, 0);
		if (d.count != EXPECT) {
			rt_printf("bench_smp: %u workers found %lu primes\n", n, d.count);
			return false;
		}
		t[r] = d.elapsed_ns;
	}
	rt_printf("BENCH name=smp_primes_ms_w%u value=%lu unit=ms\n", n,
		  median3(t[0], t[1], t[2]) / 1000000);
	return true;
}

static bool bench_ipc(uint32_t n)
{
	cap_handle_t servers[SMP_MAX_WORKERS], svcs[SMP_MAX_WORKERS];
	struct rt_grant g[] = { { "ep", 0, 0, false, true }, rt_grant_named("console"),
				rt_grant_named("timer") };
	for (uint32_t i = 0; i < n; i++)
		if (rt_spawn_facets(spawner, "ipc_server", "ipc_server", g, 3, 0,
				    &servers[i], &svcs[i], 1))
			return false;
	uint64_t rps[REPS];
	for (int r = 0; r < REPS; r++) {
		struct smp_job job = { SMP_PINGPONG, n, 0, 0, ROUNDS, 0 };
		struct smp_done d = run_once(job, svcs);
		if (d.count != (uint64_t)n * ROUNDS || !d.elapsed_ns)
			return false;
		rps[r] = d.count * 1000000000ull / d.elapsed_ns;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct rt_exit ex;
		rt_proc_kill(servers[i]);
		rt_proc_wait(servers[i], &ex);
		rt_release(servers[i]);
		rt_release(svcs[i]);
	}
	rt_printf("BENCH name=smp_ipc_rps_p%u value=%lu unit=calls/s\n", n,
		  median3(rps[0], rps[1], rps[2]));
	return true;
}

int main(void)
{
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	struct rt_grant g[] = { { "ep", 0, 0, false, true }, rt_grant_named("timer") };
	if (rt_spawn_facets(spawner, "smp_coord", "smp_coord", g, 2, 0, &coord, &ctl, 1))
		return 1;
	bool ok = bench_primes(1) && bench_primes(2) && bench_ipc(1) && bench_ipc(2);
	rt_proc_kill(coord);
	return ok ? 0 : 1;
}
