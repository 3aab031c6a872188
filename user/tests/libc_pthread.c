/* pthreads through musl on capOS (issue 9), run as init: one line per
 * check ("pthread: NAME ok" or "pthread: NAME FAILED: why"), then a
 * summary; the exit code says whether all passed. Also spawns
 * libc_pthexit, whose main thread leaves first.
 *
 * The quota check runs first, while no other thread exists, so that the
 * count is exact: 63 threads besides main under the default limit of 64.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capos/console.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/rt/rt.h"
#include "user/rt/spawn.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_PRIVATE 128

static int passed, failed;

#define CHECK(name, cond, ...)                                             \
	do {                                                               \
		if (cond) {                                                \
			passed++;                                          \
			printf("pthread: %s ok\n", name);                  \
		} else {                                                   \
			failed++;                                          \
			printf("pthread: %s FAILED: ", name);              \
			printf(__VA_ARGS__);                               \
			printf("\n");                                      \
		}                                                          \
	} while (0)

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	nanosleep(&t, 0);
}

static long futex(volatile int *w, int op, int val, const void *ts,
		  volatile int *w2, int val3)
{
	return syscall(SYS_futex, w, op, val, ts, w2, val3);
}

/* ---- the thread quota ---------------------------------------------- */

static pthread_mutex_t gate_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_c = PTHREAD_COND_INITIALIZER;
static int gate_open;

static void *wait_at_gate(void *arg)
{
	pthread_mutex_lock(&gate_m);
	while (!gate_open)
		pthread_cond_wait(&gate_c, &gate_m);
	pthread_mutex_unlock(&gate_m);
	return arg;
}

static void *quick_return(void *arg)
{
	return arg;
}

static void test_quota(void)
{
	static pthread_t t[80];
	pthread_attr_t a;
	int n = 0, err = 0, ok = 0;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 32 * 1024);
	gate_open = 0;
	while (n < 80 && !(err = pthread_create(&t[n], &a, wait_at_gate,
						(void *)(intptr_t)n)))
		n++;
	pthread_mutex_lock(&gate_m);
	gate_open = 1;
	pthread_cond_broadcast(&gate_c);
	pthread_mutex_unlock(&gate_m);
	for (int i = 0; i < n; i++) {
		void *r;
		ok += !pthread_join(t[i], &r) && r == (void *)(intptr_t)i;
	}
	CHECK("quota_eagain_then_join_all", n == 63 && err == EAGAIN && ok == n,
	      "%d threads, then %s, %d joined", n, strerror(err), ok);
	/* with 62 threads parked the quota has one slot: it must be free
	 * again the moment each join returns, with no retry */
	int held = 0, cycles = 0;
	gate_open = 0;
	while (held < 62 && !pthread_create(&t[held], &a, wait_at_gate, 0))
		held++;
	for (int i = 0; i < 500; i++) {
		pthread_t one;
		void *r = 0;
		err = pthread_create(&one, &a, quick_return, (void *)(intptr_t)i);
		if (err || pthread_join(one, &r) || r != (void *)(intptr_t)i)
			break;
		cycles++;
	}
	pthread_mutex_lock(&gate_m);
	gate_open = 1;
	pthread_cond_broadcast(&gate_c);
	pthread_mutex_unlock(&gate_m);
	for (int i = 0; i < held; i++)
		pthread_join(t[i], 0);
	pthread_attr_destroy(&a);
	CHECK("quota_slot_free_at_join", held == 62 && cycles == 500,
	      "%d held, %d of 500 create+join at a full quota (%s)", held,
	      cycles, strerror(err));
}

/* ---- create, join, ids ----------------------------------------------- */

struct ids {
	int index;
	long tid;
	pid_t pid;
	pthread_t self;
};

static void *report_ids(void *arg)
{
	struct ids *x = arg;
	x->tid = syscall(SYS_gettid);
	x->pid = getpid();
	x->self = pthread_self();
	return (void *)(intptr_t)(x->index * x->index + 1);
}

static void test_create_join(void)
{
	pthread_t t[8];
	struct ids x[8];
	int ok = 0, distinct = 1, same_pid = 1;
	long main_tid = syscall(SYS_gettid);
	for (int i = 0; i < 8; i++) {
		x[i].index = i;
		if (pthread_create(&t[i], 0, report_ids, &x[i]))
			t[i] = 0;
	}
	for (int i = 0; i < 8; i++) {
		void *r = 0;
		if (t[i] && !pthread_join(t[i], &r) &&
		    r == (void *)(intptr_t)(i * i + 1) && x[i].self == t[i])
			ok++;
	}
	for (int i = 0; i < 8; i++) {
		distinct &= x[i].tid > 0 && x[i].tid != main_tid;
		for (int j = 0; j < i; j++)
			distinct &= x[i].tid != x[j].tid;
		same_pid &= x[i].pid == getpid();
	}
	CHECK("create_join_results", ok == 8, "%d of 8 joined right", ok);
	CHECK("thread_ids_distinct", distinct, "gettid repeats or is main's");
	CHECK("getpid_same_in_threads", same_pid, "getpid differs");
}

/* ---- detached threads ------------------------------------------------ */

static sem_t detached_done;
static volatile int detached_ran;

static void *detached_body(void *arg)
{
	__atomic_fetch_add(&detached_ran, 1, __ATOMIC_SEQ_CST);
	sem_post(&detached_done);
	return 0;
}

static void test_detached(void)
{
	pthread_attr_t a;
	int made = 0;
	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int round = 0; round < 25; round++) {
		int k = 0;
		for (int i = 0; i < 8; i++) {
			pthread_t t;
			int err = i % 2 ? pthread_create(&t, &a, detached_body, 0)
				: pthread_create(&t, 0, detached_body, 0);
			if (err)
				continue;
			if (i % 2 == 0)
				pthread_detach(t);
			k++;
		}
		for (int i = 0; i < k; i++)
			sem_wait(&detached_done);
		made += k;
	}
	pthread_attr_destroy(&a);
	CHECK("detached_200", made == 200 && detached_ran == 200,
	      "made %d, ran %d", made, detached_ran);
}

/* ---- mutex stress ---------------------------------------------------- */

#define STRESS_THREADS 4
#define STRESS_ITERS 20000

static pthread_mutex_t stress_m = PTHREAD_MUTEX_INITIALIZER;
static volatile long stress_counter;

static void *stress_body(void *arg)
{
	for (int i = 0; i < STRESS_ITERS; i++) {
		pthread_mutex_lock(&stress_m);
		long v = stress_counter;
		for (volatile int k = 0; k < 10; k++)
			;
		stress_counter = v + 1;
		pthread_mutex_unlock(&stress_m);
	}
	return 0;
}

static void test_mutex_stress(void)
{
	pthread_t t[STRESS_THREADS];
	for (int i = 0; i < STRESS_THREADS; i++)
		pthread_create(&t[i], 0, stress_body, 0);
	for (int i = 0; i < STRESS_THREADS; i++)
		pthread_join(t[i], 0);
	CHECK("mutex_stress_exact", stress_counter == STRESS_THREADS * STRESS_ITERS,
	      "counter %ld", stress_counter);
}

/* ---- producer/consumer on a bounded queue ---------------------------- */

#define QSIZE 8
#define PRODUCERS 2
#define CONSUMERS 2
#define ITEMS 5000

static struct {
	pthread_mutex_t m;
	pthread_cond_t not_full, not_empty;
	long items[QSIZE];
	int head, len;
} q = { .m = PTHREAD_MUTEX_INITIALIZER,
	.not_full = PTHREAD_COND_INITIALIZER,
	.not_empty = PTHREAD_COND_INITIALIZER };

static void q_put(long v)
{
	pthread_mutex_lock(&q.m);
	while (q.len == QSIZE)
		pthread_cond_wait(&q.not_full, &q.m);
	q.items[(q.head + q.len++) % QSIZE] = v;
	pthread_cond_signal(&q.not_empty);
	pthread_mutex_unlock(&q.m);
}

static long q_get(void)
{
	pthread_mutex_lock(&q.m);
	while (q.len == 0)
		pthread_cond_wait(&q.not_empty, &q.m);
	long v = q.items[q.head];
	q.head = (q.head + 1) % QSIZE, q.len--;
	pthread_cond_signal(&q.not_full);
	pthread_mutex_unlock(&q.m);
	return v;
}

static void *producer(void *arg)
{
	for (long i = 1; i <= ITEMS; i++)
		q_put(i);
	return 0;
}

struct tally {
	long sum, count;
};

static void *consumer(void *arg)
{
	struct tally *t = arg;
	long v;
	while ((v = q_get()) != 0)
		t->sum += v, t->count++;
	return 0;
}

static void test_producer_consumer(void)
{
	pthread_t p[PRODUCERS], c[CONSUMERS];
	struct tally t[CONSUMERS] = { { 0, 0 } };
	for (int i = 0; i < CONSUMERS; i++)
		pthread_create(&c[i], 0, consumer, &t[i]);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_create(&p[i], 0, producer, 0);
	for (int i = 0; i < PRODUCERS; i++)
		pthread_join(p[i], 0);
	for (int i = 0; i < CONSUMERS; i++)
		q_put(0);		/* one end marker each */
	long sum = 0, count = 0;
	for (int i = 0; i < CONSUMERS; i++) {
		pthread_join(c[i], 0);
		sum += t[i].sum, count += t[i].count;
	}
	long want = (long)PRODUCERS * ITEMS * (ITEMS + 1) / 2;
	CHECK("condvar_queue_exact", sum == want && count == PRODUCERS * ITEMS,
	      "sum %ld of %ld, count %ld", sum, want, count);
}

/* ---- pthread_once ---------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs, once_seen_done;

static void once_init(void)
{
	sleep_ms(20);		/* the others arrive meanwhile and wait */
	__atomic_fetch_add(&once_runs, 1, __ATOMIC_SEQ_CST);
}

static void *call_once(void *arg)
{
	pthread_once(&once, once_init);
	if (__atomic_load_n(&once_runs, __ATOMIC_SEQ_CST) == 1)
		__atomic_fetch_add(&once_seen_done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void test_once(void)
{
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], 0, call_once, 0);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], 0);
	CHECK("pthread_once", once_runs == 1 && once_seen_done == 8,
	      "ran %d times, %d saw it done", once_runs, once_seen_done);
}

/* ---- thread-local storage -------------------------------------------- */

static __thread int tls_int = 42;
static _Thread_local long tls_zero[4];

static void *tls_body(void *arg)
{
	int i = (int)(intptr_t)arg;
	int fresh = tls_int == 42 && tls_zero[3] == 0;
	tls_int = 1000 + i;
	tls_zero[3] = -i;
	sleep_ms(10);		/* the others write theirs meanwhile */
	int kept = tls_int == 1000 + i && tls_zero[3] == -i;
	return (void *)(intptr_t)(fresh && kept);
}

static void test_tls(void)
{
	pthread_t t[6];
	int ok = 0;
	tls_int = 7;
	for (int i = 0; i < 6; i++)
		pthread_create(&t[i], 0, tls_body, (void *)(intptr_t)i);
	for (int i = 0; i < 6; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok += r == (void *)1;
	}
	CHECK("thread_local_distinct", ok == 6 && tls_int == 7 && tls_zero[3] == 0,
	      "%d of 6 threads kept their own, main %d", ok, tls_int);
}

/* ---- many threads blocked at once ------------------------------------ */

#define BLOCKERS 16

static pthread_mutex_t many_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t many_c = PTHREAD_COND_INITIALIZER;
static pthread_cond_t many_arrived = PTHREAD_COND_INITIALIZER;
static int many_waiting, many_go, many_woke;

static void *block_on_cond(void *arg)
{
	pthread_mutex_lock(&many_m);
	many_waiting++;
	pthread_cond_signal(&many_arrived);
	while (!many_go)
		pthread_cond_wait(&many_c, &many_m);
	many_woke++;
	pthread_mutex_unlock(&many_m);
	return 0;
}

static void test_many_blocked(void)
{
	pthread_t t[BLOCKERS];
	for (int i = 0; i < BLOCKERS; i++)
		pthread_create(&t[i], 0, block_on_cond, 0);
	pthread_mutex_lock(&many_m);
	while (many_waiting < BLOCKERS)
		pthread_cond_wait(&many_arrived, &many_m);
	pthread_mutex_unlock(&many_m);
	sleep_ms(20);		/* all of them parked in the kernel */
	pthread_mutex_lock(&many_m);
	many_go = 1;
	pthread_cond_broadcast(&many_c);
	pthread_mutex_unlock(&many_m);
	for (int i = 0; i < BLOCKERS; i++)
		pthread_join(t[i], 0);
	CHECK("broadcast_wakes_16", many_woke == BLOCKERS, "%d woke", many_woke);
}

/* ---- barrier -------------------------------------------------------- */

#define BARRIER_THREADS 4
#define BARRIER_ROUNDS 20

static pthread_barrier_t barrier;
static volatile int serial_count, round_seen[BARRIER_ROUNDS];

static void *barrier_body(void *arg)
{
	for (int r = 0; r < BARRIER_ROUNDS; r++) {
		__atomic_fetch_add(&round_seen[r], 1, __ATOMIC_SEQ_CST);
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
		/* nobody passes round r before all arrived at it */
		if (__atomic_load_n(&round_seen[r], __ATOMIC_SEQ_CST) != BARRIER_THREADS)
			return (void *)1;
	}
	return 0;
}

static void test_barrier(void)
{
	pthread_t t[BARRIER_THREADS];
	int bad = 0;
	pthread_barrier_init(&barrier, 0, BARRIER_THREADS);
	for (int i = 0; i < BARRIER_THREADS; i++)
		pthread_create(&t[i], 0, barrier_body, 0);
	for (int i = 0; i < BARRIER_THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		bad += r != 0;
	}
	pthread_barrier_destroy(&barrier);
	CHECK("barrier_rounds", !bad && serial_count == BARRIER_ROUNDS,
	      "%d early, %d serial of %d", bad, serial_count, BARRIER_ROUNDS);
}

/* ---- timeouts -------------------------------------------------------- */

static void test_timeouts(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 30000000;
	if (at.tv_nsec >= 1000000000)
		at.tv_sec++, at.tv_nsec -= 1000000000;
	uint64_t t0 = now_ns();
	pthread_mutex_lock(&m);
	int r = pthread_cond_timedwait(&c, &m, &at);
	pthread_mutex_unlock(&m);
	uint64_t dt = now_ns() - t0;
	CHECK("cond_timedwait_times_out", r == ETIMEDOUT && dt >= 29000000,
	      "%s after %llu ns", strerror(r), (unsigned long long)dt);

	pthread_t t;
	gate_open = 0;
	pthread_create(&t, 0, wait_at_gate, 0);
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 20000000;
	if (at.tv_nsec >= 1000000000)
		at.tv_sec++, at.tv_nsec -= 1000000000;
	r = pthread_timedjoin_np(t, 0, &at);
	pthread_mutex_lock(&gate_m);
	gate_open = 1;
	pthread_cond_broadcast(&gate_c);
	pthread_mutex_unlock(&gate_m);
	int r2 = pthread_join(t, 0);
	CHECK("timedjoin_times_out_then_join", r == ETIMEDOUT && r2 == 0,
	      "timedjoin %d, join %d", r, r2);
}

/* ---- the futex system call itself ------------------------------------ */

static volatile int fw_a, fw_b, fw_parked;

static void *futex_waiter(void *arg)
{
	__atomic_fetch_add(&fw_parked, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&fw_a, __ATOMIC_SEQ_CST) == 0)
		futex(&fw_a, FUTEX_WAIT | FUTEX_PRIVATE, 0, 0, 0, 0);
	return 0;
}

static void test_futex_calls(void)
{
	static volatile int w = 5;
	struct timespec ms20 = { 0, 20000000 }, zero = { 0, 0 }, bad = { 0, -1 };
	long r = futex(&w, FUTEX_WAIT, 4, 0, 0, 0);
	CHECK("futex_wait_value_changed", r == -1 && errno == EAGAIN, "%ld %d", r, errno);
	uint64_t t0 = now_ns();
	r = futex(&w, FUTEX_WAIT | FUTEX_PRIVATE, 5, &ms20, 0, 0);
	uint64_t dt = now_ns() - t0;
	CHECK("futex_wait_timeout", r == -1 && errno == ETIMEDOUT && dt >= 20000000,
	      "%ld %d after %llu", r, errno, (unsigned long long)dt);
	r = futex(&w, FUTEX_WAIT, 5, &zero, 0, 0);
	CHECK("futex_wait_zero_timeout", r == -1 && errno == ETIMEDOUT, "%ld %d", r, errno);
	r = futex(&w, FUTEX_WAIT, 5, &bad, 0, 0);
	CHECK("futex_wait_bad_timeout", r == -1 && errno == EINVAL, "%ld %d", r, errno);
	r = futex((volatile int *)((char *)&w + 1), FUTEX_WAKE, 1, 0, 0, 0);
	CHECK("futex_misaligned", r == -1 && errno == EINVAL, "%ld %d", r, errno);
	CHECK("futex_wake_nobody", futex(&w, FUTEX_WAKE, 1, 0, 0, 0) == 0, "woke");
	r = futex(&w, FUTEX_WAKE_OP, 1, 0, &w, 0);
	CHECK("futex_wake_op_enosys", r == -1 && errno == ENOSYS, "%ld %d", r, errno);
	r = futex(&w, FUTEX_CMP_REQUEUE, 1, (void *)1, &fw_b, 4);
	CHECK("futex_cmp_requeue_mismatch", r == -1 && errno == EAGAIN, "%ld %d", r, errno);

	/* four waiters on a: wake one, move three to b, then wake b. The
	 * word changes first, so that the one woken leaves instead of
	 * parking on a again; parked waiters do not look at it. */
	pthread_t t[4];
	fw_a = 0, fw_parked = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], 0, futex_waiter, 0);
	while (__atomic_load_n(&fw_parked, __ATOMIC_SEQ_CST) < 4)
		sleep_ms(1);
	sleep_ms(20);
	__atomic_store_n(&fw_a, 1, __ATOMIC_SEQ_CST);
	long moved = futex(&fw_a, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE, 1,
			   (void *)3, &fw_b, 1);
	long rest = futex(&fw_b, FUTEX_WAKE, INT_MAX, 0, 0, 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	CHECK("futex_requeue", moved == 4 && rest == 3, "requeue %ld, then woke %ld",
	      moved, rest);

	r = syscall(SYS_clone, 17 /* SIGCHLD: fork */, 0, 0, 0, 0);
	CHECK("clone_fork_enosys", r == -1 && errno == ENOSYS, "%ld %d", r, errno);
}

/* ---- a process whose main thread leaves first ------------------------ */

static void test_main_exits_first(void)
{
	const struct { const char *name; uint64_t iface; } names[] = {
		{ "console", Console_IFACE_ID }, { "thread", ThreadControl_IFACE_ID },
		{ "threads", ThreadSpawner_IFACE_ID }, { "park", ParkSpace_IFACE_ID },
		{ "vm", VirtualMemory_IFACE_ID }, { "timer", Timer_IFACE_ID },
	};
	struct rt_grant g[6];
	for (int i = 0; i < 6; i++)
		g[i] = (struct rt_grant){ .name = names[i].name, .iface = names[i].iface,
					  .cap = rt_cap_find(names[i].name, names[i].iface) };
	cap_handle_t spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	cap_handle_t h;
	struct rt_exit ex = { .kind = -1 };
	fflush(stdout);
	int32_t st = rt_spawn(spawner, "pthexit", "libc_pthexit", g, 6, 0, &h);
	if (st == 0) {
		st = rt_proc_wait(h, &ex);
		rt_release(h);
	}
	CHECK("main_exits_first_process_ends_0",
	      st == 0 && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d, kind %d, code %lld", (int)st, ex.kind, (long long)ex.code);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_quota();
	test_create_join();
	test_detached();
	test_mutex_stress();
	test_producer_consumer();
	test_once();
	test_tls();
	test_many_blocked();
	test_barrier();
	test_timeouts();
	test_futex_calls();
	test_main_exits_first();
	printf("pthread: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
