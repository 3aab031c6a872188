/* threadtest: threads and park, run as init. Threads are started with the
 * runtime's rt_thread_start (ThreadSpawner, own ring each) and joined
 * through their ThreadHandles; waiting uses the PARK/UNPARK ring opcodes
 * and the ParkSpace capability. */
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/rt/spawn.h"
#include "user/rt/thread.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("threadtest")

#define NT 8

static struct rt_thread threads[64];
static volatile uint32_t word, word_b, parked_count;
static cap_handle_t timer;

static int32_t park(volatile uint32_t *w, uint32_t expected, uint64_t timeout)
{
	struct ring_sqe s = { .opcode = RING_OP_PARK, .addr = (uint64_t)w,
			      .len = expected, .result_addr = timeout };
	return rt_submit_wait(&s).result;
}

static int32_t unpark(volatile uint32_t *w, uint32_t n)
{
	struct ring_sqe s = { .opcode = RING_OP_UNPARK, .addr = (uint64_t)w, .len = n };
	return rt_submit_wait(&s).result;
}

static void exit_with_index(void *arg)
{
	rt_thread_exit((int64_t)(uintptr_t)arg * 10);
}

static void test_create_join(void)
{
	int ok = 0;
	for (int i = 0; i < 4; i++)
		rt_thread_start(&threads[i], exit_with_index, (void *)(uintptr_t)(i + 1));
	for (int i = 0; i < 4; i++)
		ok += rt_thread_join(&threads[i]) == (i + 1) * 10;
	CHECK("create_join_exit_codes", ok == 4, "%d of 4 joins right", ok);
}

static void park_until_word(void *arg)
{
	__atomic_fetch_add(&parked_count, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		park(&word, 0, 0);
}

static void wait_parked(uint32_t n)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	while (__atomic_load_n(&parked_count, __ATOMIC_SEQ_CST) < n) {
		Timer_sleep_prepare(&c, p, sizeof(p), 1000000);
		capn_call_set_results(&c, r, sizeof(r));
		rt_call(timer, &c);
	}
	Timer_sleep_prepare(&c, p, sizeof(p), 5000000);	/* into PARK */
	capn_call_set_results(&c, r, sizeof(r));
	rt_call(timer, &c);
}

static void test_park_many(void)
{
	word = 0, parked_count = 0;
	for (int i = 0; i < NT; i++)
		rt_thread_start(&threads[i], park_until_word, 0);
	wait_parked(NT);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	int32_t woken = unpark(&word, 100);
	int ok = 0;
	for (int i = 0; i < NT; i++)
		ok += rt_thread_join(&threads[i]) == 0;
	CHECK("park_many_threads_woken", woken == NT && ok == NT,
	      "woken %d, joined %d", woken, ok);
}

static void test_park_edges(void)
{
	uint64_t t0 = rt_time_now();
	int32_t r = park(&word_b, 0, 20000000);
	uint64_t dt = rt_time_now() - t0;
	CHECK("park_timeout", r == 1 && dt >= 20000000, "result %d after %lu ns", r, dt);
	r = park(&word_b, 5, 0);
	CHECK("park_value_changed", r == 2, "result %d", r);
	r = park((volatile uint32_t *)((uintptr_t)&word_b + 1), 0, 0);
	CHECK("park_misaligned_refused", r == ERR_BAD_ADDRESS, "result %d", r);
	CHECK("unpark_nobody", unpark(&word_b, 5) == 0, "woke someone");
	struct ring_sqe s = { .opcode = RING_OP_PARK, .addr = (uint64_t)&word_b,
			      .user_data = 991 };
	rt_submit(&s);
	struct ring_sqe cancel = { .opcode = RING_OP_CANCEL, .addr = 991 };
	int32_t cr = rt_submit_wait(&cancel).result;
	CHECK("park_cancel", cr == 0 && rt_wait(991).result == ERR_CANCELLED,
	      "cancel %d", cr);
}

static void park_on_b(void *arg)
{
	__atomic_fetch_add(&parked_count, 1, __ATOMIC_SEQ_CST);
	park(&word, 0, 0);
}

static void test_requeue(void)
{
	word = 0, parked_count = 0;
	for (int i = 0; i < 4; i++)
		rt_thread_start(&threads[i], park_on_b, 0);
	wait_parked(4);
	uint8_t p[128], r[128];
	struct capn_call c;
	ParkSpace_requeue_prepare(&c, p, sizeof(p), (uint64_t)&word, (uint64_t)&word_b, 1, 3);
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(rt_cap_find("park", ParkSpace_IFACE_ID), &c);
	struct capn_msg m;
	ParkSpace_requeue_Results_r res;
	uint32_t woken = 0, moved = 0;
	if (!ParkSpace_requeue_results(&m, &c, st, &res))
		woken = ParkSpace_requeue_Results_get_woken(res),
		moved = ParkSpace_requeue_Results_get_moved(res);
	int32_t rest = unpark(&word_b, 10);
	int ok = 0;
	for (int i = 0; i < 4; i++)
		ok += rt_thread_join(&threads[i]) == 0;
	CHECK("requeue", woken == 1 && moved == 3 && rest == 3 && ok == 4,
	      "woken %u moved %u rest %d joined %d", woken, moved, rest, ok);
}

/* A futex-style mutex on PARK/UNPARK: 0 free, 1 locked, 2 contended. */
static volatile uint32_t mutex;
static volatile uint64_t counter;

static void mutex_lock(void)
{
	uint32_t c = 0;
	if (__atomic_compare_exchange_n(&mutex, &c, 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&mutex, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		park(&mutex, 2, 0);
		c = __atomic_exchange_n(&mutex, 2, __ATOMIC_ACQUIRE);
	}
}

static void mutex_unlock(void)
{
	if (__atomic_fetch_sub(&mutex, 1, __ATOMIC_RELEASE) != 1) {
		__atomic_store_n(&mutex, 0, __ATOMIC_RELEASE);
		unpark(&mutex, 1);
	}
}

static void mutex_worker(void *arg)
{
	for (int i = 0; i < 20000; i++) {
		mutex_lock();
		uint64_t v = counter;
		for (volatile int k = 0; k < 20; k++)
			;
		counter = v + 1;
		mutex_unlock();
	}
}

static void test_mutex_stress(void)
{
	counter = 0, mutex = 0;
	for (int i = 0; i < 4; i++)
		rt_thread_start(&threads[i], mutex_worker, 0);
	for (int i = 0; i < 4; i++)
		rt_thread_join(&threads[i]);
	CHECK("mutex_stress", counter == 80000, "counter %lu", counter);
}

static void test_thread_quota(void)
{
	word = 0, parked_count = 0;
	int n = 0;
	while (n < 64 && rt_thread_start(&threads[n], park_until_word, 0) == 0)
		n++;
	int32_t st = n < 64 ? rt_thread_start(&threads[63], park_until_word, 0) : 0;
	wait_parked((uint32_t)n);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	unpark(&word, 100);
	int ok = 0;
	for (int i = 0; i < n; i++)
		ok += rt_thread_join(&threads[i]) == 0;
	CHECK("thread_quota", n == 63 && st == ERR_QUOTA && ok == n,
	      "%d threads, next %d, joined %d", n, st, ok);
}

/* Cross-CPU time: read the highest time any thread has published, then
 * the clock: the clock must not be behind it. Sleeps never end early. */
static volatile uint64_t time_seen;
static volatile int time_bad;

static void time_worker(void *arg)
{
	uint8_t p[64], r[64];
	struct capn_call c;
	for (int i = 0; i < 300; i++) {
		uint64_t before = __atomic_load_n(&time_seen, __ATOMIC_SEQ_CST);
		uint64_t t = rt_time_now();
		if (t < before)
			__atomic_fetch_add(&time_bad, 1, __ATOMIC_RELAXED);
		uint64_t cur = before;
		while (t > cur && !__atomic_compare_exchange_n(&time_seen, &cur, t, false,
							       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			;
		if (i % 50 == 0) {
			uint64_t s0 = rt_time_now();
			Timer_sleep_prepare(&c, p, sizeof(p), 2000000);
			capn_call_set_results(&c, r, sizeof(r));
			rt_call(timer, &c);
			if (rt_time_now() - s0 < 2000000)
				__atomic_fetch_add(&time_bad, 100, __ATOMIC_RELAXED);
		}
	}
}

static void test_time_across_cpus(void)
{
	time_seen = 0, time_bad = 0;
	for (int i = 0; i < 4; i++)
		rt_thread_start(&threads[i], time_worker, 0);
	for (int i = 0; i < 4; i++)
		rt_thread_join(&threads[i]);
	CHECK("clock_and_sleeps_on_every_cpu", time_bad == 0, "%d violations", time_bad);
}

static void test_last_thread_exit(void)
{
	cap_handle_t h;
	struct rt_exit ex;
	const struct capset_entry *e = rt_capset->entries;
	struct rt_grant g[8];
	uint32_t n = 0;
	for (uint32_t i = 0; i < rt_capset->count && n < 8; i++)
		if (!__builtin_strcmp(e[i].name, "console") || !__builtin_strcmp(e[i].name, "timer") ||
		    !__builtin_strcmp(e[i].name, "vm") || !__builtin_strcmp(e[i].name, "thread") ||
		    !__builtin_strcmp(e[i].name, "threads"))
			g[n++] = (struct rt_grant){ e[i].name, e[i].handle, e[i].interface_id,
						    false, false };
	int32_t st = rt_spawn(rt_cap_find("spawner", ProcessSpawner_IFACE_ID),
			      "threadexit", "threadexit", g, n, 0, &h);
	int32_t w = st ? st : rt_proc_wait(h, &ex);
	CHECK("last_thread_exit_ends_process", !w && ex.kind == RT_EXIT_CODE &&
	      ex.code == 7, "spawn %d wait %d kind %d code %ld", st, w, ex.kind,
	      ex.code);
	rt_release(h);
}

int main(void)
{
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	CHECK("runtime_owns_fs", rt_fs_owned, "no ThreadControl");
	test_create_join();
	test_park_many();
	test_park_edges();
	test_requeue();
	test_mutex_stress();
	test_thread_quota();
	test_time_across_cpus();
	test_last_thread_exit();
	return tcheck_summary();
}
