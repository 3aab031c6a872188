/* Two threads mapping, writing, protecting and unmapping memory in a loop
 * while other processes run on the other CPUs: exercises TLB shootdowns
 * within one address space. Exit code: failures. */
#include "capos/memory.h"
#include "user/rt/rt.h"
#include "user/rt/thread.h"

static cap_handle_t vm;
static volatile int failures;

static int32_t vm_call(int op, uint64_t a, uint64_t b, uint32_t prot, uint64_t *out)
{
	uint8_t p[128], r[128];
	struct capn_call c;
	if (op == 0)
		VirtualMemory_map_prepare(&c, p, sizeof(p), 0, b, prot);
	else if (op == 1)
		VirtualMemory_unmap_prepare(&c, p, sizeof(p), a, b);
	else
		VirtualMemory_protect_prepare(&c, p, sizeof(p), a, b, prot);
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r res;
	if (op == 0 && !VirtualMemory_map_results(&m, &c, st, &res))
		*out = VirtualMemory_map_Results_get_addr(res);
	return st;
}

static void churn(void *arg)
{
	for (int i = 0; i < 150; i++) {
		uint64_t a = 0;
		if (vm_call(0, 0, 16 * 4096, 3, &a) < 0) {
			__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
			continue;
		}
		volatile uint64_t *p = (volatile uint64_t *)a;
		for (int k = 0; k < 16; k++)
			p[k * 512] = (uint64_t)i * 16 + (uint64_t)k;
		for (int k = 0; k < 16; k++)
			if (p[k * 512] != (uint64_t)i * 16 + (uint64_t)k)
				__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
		if (vm_call(2, a, 16 * 4096, 1, 0) < 0 || vm_call(1, a, 16 * 4096, 0, 0) < 0)
			__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	}
}

int main(void)
{
	vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	struct rt_thread t;
	if (rt_thread_start(&t, churn, 0))
		return 100;
	churn(0);
	rt_thread_join(&t);
	return failures;
}
