/* Spawned by captest with tight limits (pages 120, cap slots 8, and
 * either timers 2 / calls 8, or, when its CapSet has "mode-calls",
 * timers 8 / calls 2): every ledger item refuses with ERR_QUOTA at its
 * limit, the refusal leaves nothing behind, and the item works again once
 * something is returned. Exit code: number of failed checks. */
#include "capos/memory.h"
#include "capos/time.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("quotatest")

static cap_handle_t vm, frames, timer;

static int32_t vm_map(uint64_t size, uint64_t *addr)
{
	uint8_t params[128], results[128];
	struct capn_call c;
	VirtualMemory_map_prepare(&c, params, sizeof(params), 0, size, 3);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r r;
	if (!VirtualMemory_map_results(&m, &c, st, &r))
		*addr = VirtualMemory_map_Results_get_addr(r);
	return st;
}

static int32_t vm_unmap(uint64_t addr, uint64_t size)
{
	uint8_t params[128], results[128];
	struct capn_call c;
	VirtualMemory_unmap_prepare(&c, params, sizeof(params), addr, size);
	capn_call_set_results(&c, results, sizeof(results));
	return rt_call(vm, &c);
}

static int32_t mo_alloc(uint32_t pages, cap_handle_t *mo)
{
	static uint8_t params[128], results[256];
	struct capn_call c;
	FrameAllocator_allocate_prepare(&c, params, sizeof(params), pages, false);
	capn_call_set_results(&c, results, sizeof(results));
	struct ring_cqe cqe;
	int32_t st = rt_call_xfer(frames, &c, 0, 0, &cqe);
	*mo = st < 0 ? CAP_HANDLE_NONE
		     : rt_result_cap(&c, &cqe, 0, MemoryObject_IFACE_ID);
	return st;
}

static void test_pages(void)
{
	uint64_t a = 0, b = 0;
	int32_t r1 = vm_map(64 * 4096, &a), r2 = vm_map(64 * 4096, &b);
	CHECK("pages_quota", r1 >= 0 && r2 == ERR_QUOTA, "map %d then %d", r1, r2);
	cap_handle_t mo;
	int32_t r3 = mo_alloc(100, &mo);
	CHECK("memobj_pages_quota", r3 == ERR_QUOTA, "allocate %d", r3);
	int32_t r4 = vm_unmap(a, 64 * 4096), r5 = vm_map(64 * 4096, &b);
	CHECK("pages_returned", r4 >= 0 && r5 >= 0, "unmap %d, map %d", r4, r5);
	vm_unmap(b, 64 * 4096);
}

static void test_cap_slots(void)
{
	cap_handle_t mos[8];
	int n = 0;
	int32_t st = 0;
	while (n < 8 && (st = mo_alloc(1, &mos[n])) >= 0)
		n++;
	CHECK("cap_slots_quota", st == ERR_QUOTA && n == 4,
	      "%d objects before status %d", n, st);
	for (int i = 0; i < n; i++)
		rt_release(mos[i]);
	st = mo_alloc(1, &mos[0]);
	CHECK("cap_slots_returned", st >= 0, "status %d", st);
	rt_release(mos[0]);
}

static void sleep_submit(uint64_t ud)
{
	static uint8_t params[4][64], results[4][64];
	struct capn_call c;
	uint32_t i = (uint32_t)(ud & 3);
	Timer_sleep_prepare(&c, params[i], sizeof(params[i]), 30000000);
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = timer,
			      .method = c.method, .addr = (uint64_t)params[i],
			      .len = c.params_len, .user_data = ud,
			      .result_addr = (uint64_t)results[i],
			      .result_len = sizeof(results[i]) };
	rt_submit(&s);
}

/* Two sleeps in flight fit; the third is refused by whichever item is
 * limited to 2 in this run. */
static void test_in_flight(const char *item)
{
	sleep_submit(101), sleep_submit(102), sleep_submit(103);
	int32_t a = rt_wait(101).result, b = rt_wait(102).result;
	int32_t c = rt_wait(103).result;
	CHECK(item, a == 0 && b == 0 && c == ERR_QUOTA, "sleeps %d %d %d", a, b, c);
	sleep_submit(104);
	CHECK("in_flight_returned", rt_wait(104).result == 0, "fourth sleep failed");
}

int main(void)
{
	vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	frames = rt_cap_find("frames", FrameAllocator_IFACE_ID);
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	bool calls = rt_cap_find("mode-calls", Timer_IFACE_ID) != CAP_HANDLE_NONE;
	if (!calls) {
		test_pages();
		test_cap_slots();
	}
	test_in_flight(calls ? "calls_in_flight_quota" : "timers_quota");
	tcheck_summary();
	return tcheck_failed;
}
