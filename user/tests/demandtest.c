/* demandtest: demand-zero memory (the user stack and VirtualMemory maps),
 * run as init with `diag`. The same binary, spawned as `demandtest` with
 * one argument, is the child of the stack checks:
 *   deep      reads most of its fresh stack (all zero), then recurses
 *             through it; exit 0 if every frame kept its bytes
 *   overflow  recurses without end into the guard page below the stack
 *   idle      sleeps (holds its pages while the parent measures)
 * KernelDiag totals (frames, heap, ledger pages, caps, calls, timers,
 * processes) are back at their baseline after each group. */
#include "capos/diag.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/time.h"
#include "lib/ring/abi.h"
#include "user/rt/spawn.h"
#include "user/rt/thread.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("demandtest")

#define PAGE 4096ull
#define STACK_LO (USER_STACK_TOP - USER_STACK_PAGES * PAGE)
#define FRAME_PAD 1000

static cap_handle_t console, timer, vm, spawner, diag;
static uint8_t params[512], results[512];

/* ---- the child ---- */

static volatile uint64_t deep_max;

static uint64_t deep(uint64_t floor, uint64_t n)
{
	volatile char pad[FRAME_PAD];
	for (int i = 0; i < FRAME_PAD; i += 64)
		pad[i] = (char)n;
	uint64_t ok = 0;
	if (n > deep_max)
		deep_max = n;
	if ((uint64_t)pad > floor && n < 100000000)
		ok = deep(floor, n + 1);
	for (int i = 0; i < FRAME_PAD; i += 64)
		if (pad[i] != (char)n)
			return 0;
	return ok + 1;
}

static int child_deep(void)
{
	/* the lower 24 pages are untouched so far: reading faults them in */
	for (uint64_t a = STACK_LO; a < STACK_LO + 24 * PAGE; a += 8)
		if (*(volatile uint64_t *)a)
			return 2;
	/* leave 4 KiB: a frame may be a little larger than its pad */
	uint64_t got = deep(STACK_LO + PAGE, 1);
	return got == deep_max && got > 100 ? 0 : 3;
}

static int child_main(const char *mode)
{
	if (!__builtin_strcmp(mode, "deep"))
		return child_deep();
	if (!__builtin_strcmp(mode, "overflow"))
		return (int)deep(0, 1);
	if (!__builtin_strcmp(mode, "idle"))
		return rt_sleep_ns(20ull * 1000000000ull) ? 4 : 0;
	return 9;
}

/* ---- KernelDiag ---- */

struct totals {
	uint64_t frames, pages, cap_slots, calls, timers, heap_used;
	uint32_t processes;
};

static struct totals totals(void)
{
	struct capn_call c;
	KernelDiag_totals_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(diag, &c);
	struct capn_msg m;
	KernelDiag_totals_Results_r r;
	struct totals t = { 0 };
	if (KernelDiag_totals_results(&m, &c, st, &r))
		return t;
	Totals_r x = KernelDiag_totals_Results_get_totals(r);
	/* frames in use = not free, not the heap's, not cached stacks */
	t.frames = Totals_get_framesTotal(x) - Totals_get_framesFree(x) -
		   Totals_get_heapTotal(x) / 4096 - Totals_get_cachedPages(x);
	t.heap_used = Totals_get_heapUsed(x);
	t.pages = Totals_get_mappedPages(x);
	t.cap_slots = Totals_get_capSlots(x);
	t.calls = Totals_get_callsInFlight(x);
	t.timers = Totals_get_timers(x);
	t.processes = Totals_get_processes(x);
	return t;
}

static bool totals_equal(struct totals a, struct totals b)
{
	return a.frames == b.frames && a.pages == b.pages &&
	       a.heap_used == b.heap_used && a.cap_slots == b.cap_slots &&
	       a.calls == b.calls && a.timers == b.timers &&
	       a.processes == b.processes;
}

/* An ended child's last frees may land a moment after its parent heard. */
static void check_baseline(const char *name, struct totals a)
{
	struct totals b = totals();
	for (int i = 0; i < 40 && !totals_equal(a, b); i++) {
		rt_sleep_ns(5 * 1000000ull);
		b = totals();
	}
	CHECK(name, totals_equal(a, b),
	      "frames %lu->%lu heap %lu->%lu pages %lu->%lu caps %lu->%lu "
	      "calls %lu->%lu timers %lu->%lu procs %u->%u", a.frames, b.frames,
	      a.heap_used, b.heap_used, a.pages, b.pages, a.cap_slots,
	      b.cap_slots, a.calls, b.calls, a.timers, b.timers, a.processes,
	      b.processes);
}

/* ---- VirtualMemory ---- */

static int32_t vm_map_at(uint64_t hint, uint64_t size, uint32_t prot,
			 uint64_t *addr)
{
	struct capn_call c;
	VirtualMemory_map_prepare(&c, params, sizeof(params), hint, size, prot);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r r;
	*addr = 0;
	if (!VirtualMemory_map_results(&m, &c, st, &r))
		*addr = VirtualMemory_map_Results_get_addr(r);
	return st < 0 ? st : 0;
}

static int32_t vm_op(int method, uint64_t addr, uint64_t size, uint32_t prot)
{
	struct capn_call c;
	if (method == 1)
		VirtualMemory_unmap_prepare(&c, params, sizeof(params), addr,
					    size);
	else if (method == 2)
		VirtualMemory_protect_prepare(&c, params, sizeof(params), addr,
					      size, prot);
	else if (method == 4)
		VirtualMemory_commit_prepare(&c, params, sizeof(params), addr,
					     size, prot);
	else
		VirtualMemory_decommit_prepare(&c, params, sizeof(params), addr,
					       size);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	return st < 0 ? st : 0;
}

static int32_t vm_reserve(uint64_t size, uint64_t *addr)
{
	struct capn_call c;
	VirtualMemory_reserve_prepare(&c, params, sizeof(params), 0, size);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_reserve_Results_r r;
	*addr = 0;
	if (!VirtualMemory_reserve_results(&m, &c, st, &r))
		*addr = VirtualMemory_reserve_Results_get_addr(r);
	return st < 0 ? st : 0;
}

/* The kernel writes Timer.now's results at addr (a user copy). */
static int32_t kernel_writes_to(uint64_t addr)
{
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, (void *)addr, 64);
	return rt_call_direct(timer, &c);
}

static bool all_zero(uint64_t addr, uint64_t bytes)
{
	for (uint64_t a = addr; a < addr + bytes; a += 8)
		if (*(volatile uint64_t *)a)
			return false;
	return true;
}

/* ---- the stack, through children ---- */

static int32_t spawn_child(const char *mode, const struct rt_limits *lim,
			   cap_handle_t *h)
{
	struct rt_grant g[] = {
		{ "timer", timer, Timer_IFACE_ID, false, false },
	};
	const char *argv[] = { mode };
	struct rt_spawn_req q = { .name = mode, .binary = "demandtest",
				  .grants = g, .n = 1, .limits = lim,
				  .argv = argv, .argc = 1 };
	return rt_spawn_req(spawner, &q, h, 0, 0);
}

static int32_t run_child(const char *mode, const struct rt_limits *lim,
			 struct rt_exit *ex)
{
	cap_handle_t h;
	int32_t st = spawn_child(mode, lim, &h);
	if (st)
		return st;
	st = rt_proc_wait(h, ex);
	rt_release(h);
	return st;
}

static void test_stack(void)
{
	struct totals base = totals();
	struct rt_exit ex = { 9, 9, 0, 0 };
	int32_t st = run_child("deep", 0, &ex);
	CHECK("stack_deep_recursion", !st && ex.kind == RT_EXIT_CODE &&
	      ex.code == 0, "wait %d kind %d code %ld", st, ex.kind, ex.code);
	ex = (struct rt_exit){ 9, 9, 0, 0 };
	st = run_child("overflow", 0, &ex);
	CHECK("stack_guard_page_kills", !st && ex.kind == RT_EXIT_FAULT &&
	      ex.vector == 14 && ex.addr >= STACK_LO - PAGE &&
	      ex.addr < STACK_LO, "wait %d kind %d vector %u addr 0x%lx", st,
	      ex.kind, ex.vector, ex.addr);

	/* a sleeping child holds far fewer pages than its 32-page stack */
	struct totals before = totals();
	cap_handle_t h;
	st = spawn_child("idle", 0, &h);
	rt_sleep_ns(50 * 1000000ull);
	struct totals during = totals();
	int32_t k = st ? st : rt_proc_kill(h);
	int32_t w = st ? st : rt_proc_wait(h, &ex);
	if (!st)
		rt_release(h);
	CHECK("stack_not_committed_at_spawn", !st && k >= 0 && !w &&
	      during.pages - before.pages < USER_STACK_PAGES,
	      "spawn %d kill %d wait %d: child holds %lu pages", st, k, w,
	      during.pages - before.pages);
	check_baseline("stack_baseline", base);
}

/* The spawner lowers a child's limits after loading it, so a page
 * quota of 1 lets the child start but not grow its stack: it dies at the
 * first fault that needs a page (a #PF inside the stack, not the guard
 * page), reported, with everything returned. */
static void test_stack_quota(void)
{
	struct totals base = totals();
	struct rt_limits lim = { 0, 1, 0, 0, 0 };
	struct rt_exit ex = { 9, 9, 0, 0 };
	int32_t st = run_child("deep", &lim, &ex);
	CHECK("stack_quota_fault_kills", !st && ex.kind == RT_EXIT_FAULT &&
	      ex.vector == 14 && ex.addr >= STACK_LO &&
	      ex.addr < USER_STACK_TOP, "status %d kind %d vector %u "
	      "addr 0x%lx", st, ex.kind, ex.vector, ex.addr);
	check_baseline("stack_quota_baseline", base);
}

/* ---- anonymous maps: prepaid, filled at first touch ---- */

static void test_map_ledger(void)
{
	struct totals base = totals();
	uint64_t a, b, r;
	int32_t st = vm_map_at(0, 16384 * PAGE, 3, &a);
	struct totals mapped = totals();
	CHECK("map_charges_quota_takes_no_frames", !st &&
	      mapped.pages - base.pages == 16384 &&
	      mapped.frames == base.frames,
	      "map %d: pages +%lu frames +%lu", st, mapped.pages - base.pages,
	      mapped.frames - base.frames);
	/* everything is charged at map time: no overcommit */
	int32_t big = vm_map_at(0, 65536 * PAGE, 3, &b);
	CHECK("map_over_quota_refused", big == ERR_QUOTA, "status %d", big);
	bool zero = !st && all_zero(a, 8 * PAGE) &&
		    all_zero(a + 300 * PAGE, PAGE);
	volatile uint64_t *w = (volatile uint64_t *)a;
	if (!st)
		w[1] = 77;
	CHECK("map_zero_on_first_touch", zero && w[1] == 77,
	      "not zero or not written");
	struct totals touched = totals();
	CHECK("map_touch_takes_frames_only", touched.pages == mapped.pages &&
	      touched.frames > mapped.frames, "pages %lu->%lu frames %lu->%lu",
	      mapped.pages, touched.pages, mapped.frames, touched.frames);
	vm_op(1, a, 16384 * PAGE, 0);
	/* reserve takes nothing; commit charges; decommit gives it back */
	st = vm_reserve(64 * PAGE, &r);
	struct totals reserved = totals();
	int32_t cst = st ? st : vm_op(4, r, 64 * PAGE, 3);
	struct totals committed = totals();
	for (int i = 0; !cst && i < 8; i++)
		((volatile uint8_t *)r)[i * PAGE] = 1;
	struct totals used = totals();
	int32_t dst = cst ? cst : vm_op(5, r, 64 * PAGE, 0);
	struct totals decommitted = totals();
	CHECK("commit_prepaid_decommit_returns", !st && !cst && !dst &&
	      committed.pages - reserved.pages == 64 &&
	      committed.frames == reserved.frames &&
	      used.frames - committed.frames >= 8 &&
	      decommitted.pages == reserved.pages,
	      "reserve %d commit %d decommit %d pages %lu/%lu/%lu", st, cst,
	      dst, reserved.pages, committed.pages, decommitted.pages);
	vm_op(1, r, 64 * PAGE, 0);
	check_baseline("map_ledger_baseline", base);
}

static void test_map_protect_and_copies(void)
{
	struct totals base = totals();
	uint64_t a;
	int32_t st = vm_map_at(0, 4 * PAGE, 3, &a);
	CHECK("map_four_pages", !st, "status %d", st);
	if (st)
		return;
	/* the kernel fills an untouched page it writes into */
	int32_t w = kernel_writes_to(a + PAGE);
	CHECK("kernel_copy_fills_fresh_page", w > 0 && !all_zero(a + PAGE, 24),
	      "status %d", w);
	/* read-only before the first touch: the kernel may not write it, a
	 * read sees zeros, and after protect RW it is writable */
	int32_t p = vm_op(2, a + 2 * PAGE, PAGE, 1);
	int32_t kw = kernel_writes_to(a + 2 * PAGE);
	bool zero = all_zero(a + 2 * PAGE, PAGE);
	int32_t p2 = vm_op(2, a + 2 * PAGE, PAGE, 3);
	((volatile uint64_t *)(a + 2 * PAGE))[3] = 5;
	CHECK("readonly_fresh_page", !p && kw == ERR_BAD_ADDRESS && zero &&
	      !p2 &&
	      ((volatile uint64_t *)(a + 2 * PAGE))[3] == 5,
	      "protect %d kernel write %d zero %d protect %d", p, kw, zero, p2);
	vm_op(1, a, 4 * PAGE, 0);

	/* an asynchronous completion (ProcessHandle.wait) is written
	 * through the frames (aspace_write) into a page nobody touched */
	uint64_t buf;
	st = vm_map_at(0, PAGE, 3, &buf);
	cap_handle_t h;
	int32_t sp = st ? st : spawn_child("idle", 0, &h);
	int32_t ws = ERR_INTERNAL;
	if (!sp) {
		struct capn_call c;
		ProcessHandle_wait_prepare(&c, params, sizeof(params));
		capn_call_set_results(&c, (void *)buf, PAGE);
		uint64_t ud = rt_next_user_data();
		struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = h,
				      .method = c.method,
				      .addr = (uint64_t)c.params,
				      .len = c.params_len, .user_data = ud,
				      .result_addr = buf, .result_len = PAGE };
		rt_submit(&s);
		rt_sleep_ns(20 * 1000000ull);	/* the wait is pending */
		rt_proc_kill(h);
		struct ring_cqe cqe = rt_wait(ud);
		struct capn_msg m;
		ProcessHandle_wait_Results_r r;
		ws = cqe.result;
		if (!ProcessHandle_wait_results(&m, &c, cqe.result, &r))
			ws = (int)ExitStatus_which(
				ProcessHandle_wait_Results_get_status(r)) ==
				     RT_EXIT_KILLED ? 0 : ERR_INTERNAL;
		rt_release(h);
	}
	CHECK("async_result_fills_fresh_page", !st && !sp && ws == 0,
	      "map %d spawn %d wait %d", st, sp, ws);
	vm_op(1, buf, PAGE, 0);
	check_baseline("copies_baseline", base);
}

/* ---- two threads on one fresh page at once ---- */

#define RACE_PAGES 256
#define RACE_HINT 0x200000000000ull	/* 2 MiB-aligned, one page table */

struct race {
	uint64_t base;			/* first page */
	uint64_t pages;
	volatile uint32_t ready, go, done;
};

static void race_touch(uint64_t base, uint64_t pages, int slot, uint64_t v)
{
	for (uint64_t i = 0; i < pages; i++)
		((volatile uint64_t *)(base + i * PAGE))[slot] = v + i;
}

static void race_helper(void *arg)
{
	struct race *r = arg;
	for (;;) {
		__atomic_add_fetch(&r->ready, 1, __ATOMIC_ACQ_REL);
		while (!__atomic_load_n(&r->go, __ATOMIC_ACQUIRE))
			__builtin_ia32_pause();
		if (r->go == 2)
			return;
		race_touch(r->base, r->pages, 1, 0x2000000);
		__atomic_store_n(&r->go, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	}
}

/* Main thread and helper write slot 0 and slot 1 of the same fresh pages
 * in the same order from the same instant; every page must keep both
 * words and cost exactly one frame (and, for the stack, one ledger page). */
static bool race_round(struct race *r, uint64_t base, uint64_t pages,
		       const char *name, bool charged)
{
	while (__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE) == 0)
		__builtin_ia32_pause();
	r->ready = 0;
	r->base = base, r->pages = pages, r->done = 0;
	struct totals a = totals();
	__atomic_store_n(&r->go, 1, __ATOMIC_RELEASE);
	race_touch(base, pages, 0, 0x1000000);
	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
	struct totals b = totals();
	uint64_t bad = 0;
	for (uint64_t i = 0; i < pages; i++) {
		volatile uint64_t *w = (volatile uint64_t *)(base + i * PAGE);
		bad += w[0] != 0x1000000 + i || w[1] != 0x2000000 + i ||
		       !all_zero(base + i * PAGE + 16, PAGE - 16);
	}
	CHECK(name, !bad && b.frames - a.frames == pages &&
	      b.pages - a.pages == (charged ? pages : 0),
	      "%lu pages lost a write; frames +%lu pages +%lu for %lu pages",
	      bad, b.frames - a.frames, b.pages - a.pages, pages);
	return !bad;
}

static void test_race(void)
{
	struct totals base = totals();
	static struct race r;
	static struct rt_thread t;
	uint64_t a;
	/* main built this region's page tables: the race costs frames only */
	int32_t st = vm_map_at(RACE_HINT, 512 * PAGE, 3, &a);
	int32_t ts = st ? st : rt_thread_start(&t, race_helper, &r);
	CHECK("race_setup", !st && a == RACE_HINT && !ts,
	      "map %d at 0x%lx thread %d", st, a, ts);
	if (st || ts)
		return;
	race_round(&r, a, RACE_PAGES, "race_same_map_page", false);
	/* pages of our own stack far below anything main has used */
	race_round(&r, STACK_LO + 2 * PAGE, 8, "race_same_stack_page", true);
	while (__atomic_load_n(&r.ready, __ATOMIC_ACQUIRE) == 0)
		__builtin_ia32_pause();
	__atomic_store_n(&r.go, 2, __ATOMIC_RELEASE);
	int64_t code = rt_thread_join(&t);
	CHECK("race_helper_joined", code == 0, "join %ld", code);
	vm_op(1, a, 512 * PAGE, 0);
	/* the 8 stack pages stay mapped until we exit */
	base.pages += 8, base.frames += 8;
	check_baseline("race_baseline", base);
}

/* Commit the stack main's callees will use (their growth would show in
 * the baselines), far above the pages the race uses. */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char buf[6 * PAGE];
	for (uint64_t i = 0; i < sizeof(buf); i += PAGE)
		buf[i] = 0;
}

int main(void)
{
	if (rt_argc() >= 1)
		return child_main(rt_argv(0));
	console = rt_capset->entries[0].handle;
	(void)console;
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	diag = rt_cap_find("diag", KernelDiag_IFACE_ID);
	CHECK("capset_complete", diag != CAP_HANDLE_NONE &&
	      spawner != CAP_HANDLE_NONE && vm != CAP_HANDLE_NONE,
	      "missing capabilities");
	/* warm the kernel's caches (stacks, slabs), our stack and our page
	 * tables (they stay until exit) for the areas the tests map, so
	 * baselines compare like with like */
	prefault_stack();
	struct rt_exit ex;
	run_child("deep", 0, &ex);
	uint64_t w;
	if (!vm_map_at(0, 64 * PAGE, 3, &w)) {
		((volatile uint8_t *)w)[0] = 1;
		vm_op(1, w, 64 * PAGE, 0);
	}
	if (!vm_map_at(RACE_HINT, 512 * PAGE, 3, &w)) {
		((volatile uint8_t *)w)[511 * PAGE] = 1;
		vm_op(1, w, 512 * PAGE, 0);
	}
	test_stack();
	test_stack_quota();
	test_map_ledger();
	test_map_protect_and_copies();
	test_race();
	return tcheck_summary();
}
