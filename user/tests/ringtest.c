/* ringtest: the first user program, run as init by test boots. It checks
 * Console and Timer through the ring, then attacks the ring: every hostile
 * entry must come back as an error completion naming the problem, and
 * the ring must keep working afterwards. Prints one line per case and a
 * summary; exits 0 only if every case passed. */
#include "capos/time.h"
#include "user/rt/rt.h"

static int passed, failed;
static cap_handle_t timer;

#define CHECK(name, cond, ...)                                                \
	do {                                                                  \
		if (cond) {                                                   \
			passed++;                                             \
			rt_printf("ringtest: %s ... ok\n", name);             \
		} else {                                                      \
			failed++;                                             \
			rt_printf("ringtest: %s ... FAILED: ", name);         \
			rt_printf(__VA_ARGS__);                               \
			rt_printf("\n");                                      \
		}                                                             \
	} while (0)

static int32_t submit(struct ring_sqe s)
{
	return rt_submit_wait(&s).result;
}

static uint64_t timer_now(int32_t *status)
{
	uint8_t params[64], results[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	*status = rt_call(timer, &c);
	struct capn_msg m;
	Timer_now_Results_r r;
	if (Timer_now_results(&m, &c, *status, &r))
		return 0;
	return Timer_now_Results_get_ns(r);
}

static void test_timer(void)
{
	int32_t st;
	uint64_t a = timer_now(&st), b = timer_now(&st);
	CHECK("timer_now_monotonic", st >= 0 && a > 0 && b >= a,
	      "status %d, %lu then %lu", st, a, b);
	uint8_t params[64], results[64];
	struct capn_call c;
	Timer_wallClock_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	st = rt_call(timer, &c);
	struct capn_msg m;
	Timer_wallClock_Results_r r;
	int64_t wall = Timer_wallClock_results(&m, &c, st, &r) ? 0
		       : Timer_wallClock_Results_get_unixNs(r);
	CHECK("timer_wall_clock", wall > 1704067200ll * 1000000000ll,
	      "status %d, unixNs %ld", st, wall);
}

static int32_t timer_sleep(uint64_t ns, uint64_t user_data, bool wait)
{
	uint8_t params[64];
	static uint8_t results[64];
	struct capn_call c;
	Timer_sleep_prepare(&c, params, sizeof(params), ns);
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = timer,
			      .method = c.method, .addr = (uint64_t)params,
			      .len = c.params_len, .user_data = user_data,
			      .result_addr = (uint64_t)results,
			      .result_len = sizeof(results) };
	rt_submit(&s);
	return wait ? rt_wait(user_data).result : 0;
}

/* A call that goes pending must complete exactly once even when its
 * result buffer is too small for even empty results. */
static void test_sleep_tiny_results(void)
{
	uint8_t params[64], results[8];
	struct capn_call c;
	Timer_sleep_prepare(&c, params, sizeof(params), 1000000);
	uint64_t ud = rt_next_user_data();
	struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = timer,
			      .method = c.method, .addr = (uint64_t)params,
			      .len = c.params_len, .user_data = ud,
			      .result_addr = (uint64_t)results,
			      .result_len = sizeof(results) };
	rt_submit(&s);
	int32_t r = rt_wait(ud).result;
	timer_sleep(5000000, rt_next_user_data(), true);	/* time to repeat */
	struct ring_cqe stray;
	bool twice = rt_take_parked_any(&stray);
	CHECK("pending_call_tiny_results_once", r >= 0 && !twice,
	      "status %d, second completion %s", r, twice ? "seen" : "none");
}

static void test_sleep(void)
{
	int32_t st;
	uint64_t t0 = timer_now(&st);
	int32_t r = timer_sleep(20000000, rt_next_user_data(), true);
	uint64_t t1 = timer_now(&st);
	CHECK("timer_sleep_20ms", r >= 0 && t1 - t0 >= 20000000,
	      "status %d after %lu ns", r, t1 - t0);
	r = timer_sleep(Timer_maxSleepNs + 1, rt_next_user_data(), true);
	CHECK("timer_sleep_too_long", r == ERR_TOO_LARGE, "status %d", r);
	uint64_t ud = rt_next_user_data();
	timer_sleep(5000000000ull, ud, false);
	r = submit((struct ring_sqe){ .opcode = RING_OP_CANCEL, .addr = ud });
	int32_t slept = rt_wait(ud).result;
	CHECK("cancel_pending_sleep", r == 0 && slept == ERR_CANCELLED,
	      "cancel %d, sleep %d", r, slept);
	r = submit((struct ring_sqe){ .opcode = RING_OP_CANCEL, .addr = 12345 });
	CHECK("cancel_unknown", r == ERR_NOT_FOUND, "status %d", r);
	test_sleep_tiny_results();
}

static void test_bad_entries(void)
{
	int32_t r = submit((struct ring_sqe){ .opcode = RING_OP_NOP });
	CHECK("nop", r == 0, "status %d", r);
	r = submit((struct ring_sqe){ .opcode = 99 });
	CHECK("bad_opcode", r == ERR_BAD_OPCODE, "status %d", r);
	r = submit((struct ring_sqe){ .opcode = RING_OP_PARK, .addr = 2 });
	CHECK("park_misaligned", r == ERR_BAD_ADDRESS, "status %d", r);
	r = submit((struct ring_sqe){ .opcode = RING_OP_NOP, .reserved0 = 1 });
	CHECK("reserved_field", r == ERR_RESERVED_FIELD, "status %d", r);
	r = submit((struct ring_sqe){ .opcode = RING_OP_NOP, .flags = 0x100 });
	CHECK("unknown_flags", r == ERR_BAD_FLAGS, "status %d", r);
	r = submit((struct ring_sqe){ .opcode = RING_OP_RECV, .cap = timer });
	CHECK("recv_on_timer", r == ERR_WRONG_INTERFACE, "status %d", r);
}

static struct ring_sqe now_call(void)
{
	static uint8_t params[64], results[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	return (struct ring_sqe){ .opcode = RING_OP_CALL, .cap = timer,
				  .method = c.method, .addr = (uint64_t)params,
				  .len = c.params_len,
				  .result_addr = (uint64_t)results,
				  .result_len = sizeof(results) };
}

static void test_bad_pointers(void)
{
	struct ring_sqe s = now_call();
	s.addr = 0xffff800000000000ull;
	int32_t r = submit(s);
	CHECK("params_kernel_address", r == ERR_BAD_ADDRESS, "status %d", r);
	s = now_call(), s.result_addr = 0xffffffff80100000ull;
	r = submit(s);
	CHECK("results_kernel_address", r == ERR_BAD_ADDRESS, "status %d", r);
	s = now_call(), s.addr = 0x10000000;	/* unmapped user memory */
	r = submit(s);
	CHECK("params_unmapped", r == ERR_BAD_ADDRESS, "status %d", r);
	s = now_call(), s.result_addr = (uint64_t)&test_bad_pointers;
	r = submit(s);
	CHECK("results_into_text", r == ERR_BAD_ADDRESS, "status %d", r);
	s = now_call(), s.addr = USER_TOP - 8, s.len = 64;
	r = submit(s);
	CHECK("params_cross_user_top", r == ERR_BAD_ADDRESS, "status %d", r);
	static const uint8_t garbage[64] = { 0xff, 0xff, 0xff, 0x7f, 1, 2, 3 };
	s = now_call(), s.addr = (uint64_t)garbage, s.len = sizeof(garbage);
	r = submit(s);
	CHECK("garbage_params", r < 0, "status %d", r);
	s = now_call(), s.method = 77;
	r = submit(s);
	CHECK("unknown_method", r < 0, "status %d", r);
}

/* Buffers in the ring's scratch area are reached through the direct map
 * (kernel/ipc/ring.h); these pin down that it answers exactly as a user
 * copy would, at its edges too. Results that arrive later (an IPC reply)
 * are written there by the page walk: every rt_call of ipctest's goes
 * that way. */
static struct ring_sqe scratch_now_call(uint32_t params_off, uint32_t results_off,
					uint32_t results_len)
{
	uint8_t params[64];
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	uint8_t *scratch = rt_ring->scratch;
	for (uint32_t i = 0; i < c.params_len && params_off + i < RING_SCRATCH_SIZE; i++)
		scratch[params_off + i] = params[i];
	return (struct ring_sqe){ .opcode = RING_OP_CALL, .cap = timer,
				  .method = c.method,
				  .addr = (uint64_t)scratch + params_off,
				  .len = c.params_len,
				  .result_addr = (uint64_t)scratch + results_off,
				  .result_len = results_len };
}

static uint64_t scratch_now_value(uint32_t results_off, int32_t st)
{
	struct capn_call c = { .results = rt_ring->scratch + results_off,
			       .results_cap = 64 };
	struct capn_msg m;
	Timer_now_Results_r r;
	return Timer_now_results(&m, &c, st, &r) ? 0 : Timer_now_Results_get_ns(r);
}

static void test_scratch(void)
{
	int32_t st;
	uint64_t before = timer_now(&st);
	/* results at the very end of the scratch, params at its start */
	uint32_t last = RING_SCRATCH_SIZE - 64;
	int32_t r = submit(scratch_now_call(0, last, 64));
	uint64_t got = scratch_now_value(last, r);
	CHECK("scratch_params_and_results", r > 0 && got >= before,
	      "status %d, %lu after %lu", r, got, before);
	/* results that run past the page (what the kernel writes does, not
	 * just the room offered): a user copy, which faults on the page
	 * after (no second thread, so no ring mapped there) */
	r = submit(scratch_now_call(0, RING_SCRATCH_SIZE - 8, 64));
	CHECK("scratch_results_past_page", r == ERR_BAD_ADDRESS, "status %d", r);
	struct ring_sqe s = scratch_now_call(RING_SCRATCH_SIZE - 8, 256, 64);
	r = submit(s);
	CHECK("scratch_params_past_page", r == ERR_BAD_ADDRESS, "status %d", r);
	/* results over the CQ: the user's own ring page, so allowed, by the
	 * user copy; the kernel never trusts what it reads back from it */
	s = scratch_now_call(0, 256, 64);
	s.result_addr = (uint64_t)&rt_ring->cq[RING_CQ_ENTRIES - 2];
	r = submit(s);
	CHECK("results_into_own_cq", r > 0, "status %d", r);
	r = submit(scratch_now_call(0, 128, 64));
	CHECK("ring_works_after_scratch", r > 0, "status %d", r);
	/* params and results larger than the kernel's scratch halves go
	 * through heap buffers (and turn interrupts on) */
	static uint8_t big_params[4096], big_results[4096];
	s = now_call();
	for (uint32_t i = 0; i < s.len; i++)
		big_params[i] = ((const uint8_t *)s.addr)[i];
	s.addr = (uint64_t)big_params, s.len = sizeof(big_params);
	s.result_addr = (uint64_t)big_results, s.result_len = sizeof(big_results);
	r = submit(s);
	CHECK("large_params_and_results", r > 0 && big_results[4] != 0,
	      "status %d", r);
}

static void test_bad_handles(void)
{
	struct ring_sqe s = now_call();
	s.cap = CAP_HANDLE(200, 1);
	int32_t r = submit(s);
	CHECK("forged_handle", r == ERR_BAD_HANDLE, "status %d", r);
	s.cap = CAP_HANDLE_NONE;
	r = submit(s);
	CHECK("none_handle", r == ERR_BAD_HANDLE, "status %d", r);
	s.cap = CAP_HANDLE(CAP_HANDLE_SLOT(timer), CAP_HANDLE_GEN(timer) + 1);
	r = submit(s);
	CHECK("wrong_generation", r == ERR_STALE_HANDLE, "status %d", r);
}

static void test_ring_corruption(void)
{
	struct ring_header *h = &rt_ring->hdr;
	uint32_t head = h->sq_head;
	h->sq_tail = head + 1000;
	rt_cap_enter(0, 0);
	struct ring_cqe c = rt_wait(0);
	CHECK("sq_tail_corrupt", c.result == ERR_INVALID && h->sq_head == h->sq_tail,
	      "status %d, head %u tail %u", c.result, h->sq_head, h->sq_tail);
	uint32_t good = h->cq_head;
	h->cq_head = good + 100000;
	struct ring_sqe nop = { .opcode = RING_OP_NOP, .user_data = 4242 };
	rt_submit(&nop);
	rt_cap_enter(0, 0);
	bool stalled = h->sq_head != h->sq_tail;
	h->cq_head = good;
	int32_t r = rt_wait(4242).result;
	CHECK("cq_head_corrupt", stalled && r == 0, "stalled %d, status %d",
	      stalled, r);
	uint64_t avail = rt_cap_enter(1, 1000000);
	CHECK("cap_enter_timeout", avail == 0, "%lu completions", avail);
}

static void test_release(void)
{
	struct ring_sqe s = { .opcode = RING_OP_RELEASE, .cap = timer };
	int32_t r = submit(s);
	int32_t again = submit(s);
	struct ring_sqe call = now_call();
	int32_t used = submit(call);
	CHECK("release_then_stale", r == 0 && again == ERR_STALE_HANDLE &&
	      used == ERR_STALE_HANDLE, "release %d, again %d, call %d", r,
	      again, used);
}

int main(void)
{
	rt_printf("ringtest: started\n");
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	CHECK("capset_has_timer", timer != CAP_HANDLE_NONE, "no timer");
	test_timer();
	test_sleep();
	test_bad_entries();
	test_bad_pointers();
	test_scratch();
	test_bad_handles();
	test_ring_corruption();
	test_release();
	rt_printf("ringtest: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
