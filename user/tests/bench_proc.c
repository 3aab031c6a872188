/* Process and memory benchmarks, run as init by `make bench`:
 *   spawn_exit_wait   spawn the `hello` binary with no grants (a fresh
 *                     address space each time), wait for its exit status,
 *                     release the handle: median of one such cycle
 *   anon_first_touch  map 64 MiB of anonymous memory and write one byte
 *                     per page, timed from before the map call to after
 *                     the last touch, per 4 KiB page
 * Times come from the TSC, converted against Timer.now over the run. */
#include "capos/boot.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/time.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"

#define SPAWNS 101
#define TOUCH_BYTES ((uint64_t)64 << 20)

static cap_handle_t timer, spawner, vm, boot;
static uint64_t samples[SPAWNS];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t hello_size(void)
{
	static uint8_t params[128], results[256];
	struct capn_call c;
	BootPackage_blob_prepare(&c, params, sizeof(params), "hello", 5);
	capn_call_set_results(&c, results, sizeof(results));
	struct ring_cqe cqe;
	if (rt_call_xfer(boot, &c, 0, 0, &cqe) < 0)
		return 0;
	cap_handle_t blob = rt_result_cap(&c, &cqe, 0, Blob_IFACE_ID);
	Blob_info_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(blob, &c);
	struct capn_msg m;
	Blob_info_Results_r r;
	uint64_t size = Blob_info_results(&m, &c, st, &r) ? 0 : Blob_info_Results_get_size(r);
	rt_release(blob);
	return size;
}

static void sort(uint64_t *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			uint64_t t = a[j];
			a[j] = a[j - 1], a[j - 1] = t;
		}
}

static uint64_t spawn_cycle(void)
{
	cap_handle_t h;
	struct rt_exit ex;
	uint64_t t0 = rdtsc();
	if (rt_spawn(spawner, "hello", "hello", 0, 0, 0, &h) ||
	    rt_proc_wait(h, &ex) || ex.code != 0)
		return 0;
	rt_release(h);
	return rdtsc() - t0;
}

static uint64_t touch_cycles(void)
{
	static uint8_t params[128], results[128];
	struct capn_call c;
	uint64_t t0 = rdtsc();
	VirtualMemory_map_prepare(&c, params, sizeof(params), 0, TOUCH_BYTES, 3);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r r;
	if (VirtualMemory_map_results(&m, &c, st, &r))
		return 0;
	volatile uint8_t *p = (volatile uint8_t *)VirtualMemory_map_Results_get_addr(r);
	for (uint64_t off = 0; off < TOUCH_BYTES; off += 4096)
		p[off] = 1;
	uint64_t cycles = rdtsc() - t0;
	VirtualMemory_unmap_prepare(&c, params, sizeof(params), (uint64_t)p, TOUCH_BYTES);
	capn_call_set_results(&c, results, sizeof(results));
	rt_call(vm, &c);
	return cycles;
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	boot = rt_cap_find("boot", BootPackage_IFACE_ID);
	uint64_t ns0 = rt_time_now(), c0 = rdtsc();
	for (int i = 0; i < SPAWNS; i++)
		samples[i] = spawn_cycle();
	sort(samples, SPAWNS);
	uint64_t spawn = samples[SPAWNS / 2];
	uint64_t touch = touch_cycles();
	uint64_t ns1 = rt_time_now(), c1 = rdtsc();
	uint64_t per_us = (c1 - c0) / ((ns1 - ns0) / 1000);
	if (!spawn || !touch || !per_us) {
		rt_printf("bench_proc: a step failed (spawn %lu, touch %lu)\n", spawn, touch);
		return 1;
	}
	rt_printf("BENCH name=spawn_exit_wait value=%lu unit=ns\n", spawn * 1000 / per_us);
	rt_printf("bench_proc: spawned binary `hello`, %lu bytes\n", hello_size());
	rt_printf("BENCH name=anon_first_touch value=%lu unit=ns\n",
		  touch * 1000 / per_us / (TOUCH_BYTES / 4096));
	return 0;
}
