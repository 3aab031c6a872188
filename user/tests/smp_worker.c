/* An SMP benchmark worker: announce itself to the coordinator ("ctl"),
 * wait for the release, do its share, report. Prime counting by trial
 * division, or round trips to its own echo server ("svc"). */
#include "capos/ipc.h"
#include "user/rt/rt.h"
#include "user/tests/smp_bench.h"

static bool is_prime(uint32_t n)
{
	if (n < 2)
		return false;
	for (uint32_t d = 2; d * d <= n; d++)
		if (n % d == 0)
			return false;
	return true;
}

static uint64_t pingpong(cap_handle_t svc, uint32_t rounds)
{
	uint64_t ok = 0;
	uint8_t res[64];
	for (uint32_t i = 0; i < rounds; i++) {
		struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = svc,
				      .addr = (uint64_t)&i, .len = 4,
				      .result_addr = (uint64_t)res, .result_len = sizeof(res) };
		ok += rt_submit_wait(&s).result == 4;
	}
	return ok;
}

int main(void)
{
	cap_handle_t ctl = rt_cap_find("ctl", ClientEndpoint_IFACE_ID);
	struct smp_job job;
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = ctl, .method = 0,
			      .result_addr = (uint64_t)&job, .result_len = sizeof(job) };
	if (rt_submit_wait(&s).result != sizeof(job))
		return 1;
	struct smp_done d = { 0, 0 };
	if (job.kind == SMP_PRIMES)
		for (uint32_t n = job.lo; n < job.hi; n++)
			d.count += is_prime(n);
	else
		d.count = pingpong(rt_cap_find("svc", ClientEndpoint_IFACE_ID), job.rounds);
	s = (struct ring_sqe){ .opcode = RING_OP_CALL, .cap = ctl, .method = 1,
			       .addr = (uint64_t)&d, .len = sizeof(d) };
	return rt_submit_wait(&s).result < 0;
}
