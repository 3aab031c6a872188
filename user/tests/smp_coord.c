/* The SMP benchmark's coordinator: a start barrier and a stopwatch over
 * IPC. The driver calls `run` (method 2) with the number of workers and
 * the job; the coordinator holds every worker's `ready` call (method 0)
 * until all have arrived -- created and parked first -- then answers them
 * all at once with their share of the work, and answers the driver with
 * the time from that release to the last `done` (method 1).
 *
 * Messages are small fixed structs (struct smp_job / smp_done below);
 * the driver and workers share this layout through smp_bench.h. */
#include "capos/ipc.h"
#include "capos/time.h"
#include "user/rt/ipc.h"
#include "user/tests/smp_bench.h"

static cap_handle_t ep, timer;
static uint8_t buf[512];
/* Workers may check in before the driver's `run` arrives: keep them. */
static uint32_t ready[SMP_MAX_WORKERS], nready;

/* Balanced ranges for trial division: cost grows like sqrt(n). */
static void split(struct smp_job *jobs, uint32_t n, uint32_t limit)
{
	uint64_t total = 0, root = 1;
	for (uint32_t v = 2; v < limit; v += 1000) {
		while ((root + 1) * (root + 1) <= v)
			root++;
		total += 1 + root;
	}
	uint64_t share = total / n, acc = 0;
	uint32_t lo = 2, i = 0;
	root = 1;
	for (uint32_t v = 2; v < limit && i + 1 < n; v += 1000) {
		while ((root + 1) * (root + 1) <= v)
			root++;
		acc += 1 + root;
		if (acc >= share * (i + 1)) {
			jobs[i].lo = lo, jobs[i].hi = v;
			lo = v, i++;
		}
	}
	jobs[n - 1].lo = lo, jobs[n - 1].hi = limit;
}

static void run(uint32_t driver_call, const struct smp_job *req)
{
	uint32_t ndone = 0;
	struct smp_job jobs[SMP_MAX_WORKERS];
	uint32_t n = req->workers > SMP_MAX_WORKERS ? SMP_MAX_WORKERS : req->workers;
	for (uint32_t i = 0; i < n; i++)
		jobs[i] = *req;
	if (req->kind == SMP_PRIMES)
		split(jobs, n, req->hi);
	struct smp_done total = { 0, 0 };
	uint64_t t0 = 0;
	bool released = false;
	while (ndone < n) {
		if (!released && nready >= n) {
			t0 = rt_time_now();
			for (uint32_t i = 0; i < n; i++)
				rt_return(ep, ready[i], &jobs[i], sizeof(jobs[i]), 0, 0, false);
			nready = 0;
			released = true;
			continue;
		}
		struct rt_incoming in = rt_recv(ep, buf, sizeof(buf));
		if (in.status < 0)
			return;
		if (in.hdr->method == 0 && nready < SMP_MAX_WORKERS) {
			ready[nready++] = in.hdr->call_id;
		} else if (in.hdr->method == 1) {
			struct smp_done d;
			__builtin_memcpy(&d, in.params, sizeof(d));
			total.count += d.count;
			ndone++;
			rt_return(ep, in.hdr->call_id, 0, 0, 0, 0, false);
		}
	}
	total.elapsed_ns = rt_time_now() - t0;
	rt_return(ep, driver_call, &total, sizeof(total), 0, 0, false);
}

int main(void)
{
	ep = rt_cap_find("ep", Endpoint_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	for (;;) {
		struct rt_incoming in = rt_recv(ep, buf, sizeof(buf));
		if (in.status < 0)
			return 1;
		if (in.hdr->method == 2) {
			struct smp_job req;
			__builtin_memcpy(&req, in.params, sizeof(req));
			run(in.hdr->call_id, &req);
		} else if (in.hdr->method == 0 && nready < SMP_MAX_WORKERS) {
			ready[nready++] = in.hdr->call_id;
		}
	}
}
