/* captest: the kernel capabilities of the first wave, run as init with
 * `diag`. Each capability is called normally and with hostile arguments;
 * KernelDiag checks that frames, mapped pages, capability slots, calls and
 * timers are back at their baseline after each group. */
#include <string.h>
#include "capos/boot.h"
#include "capos/diag.h"
#include "capos/entropy.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/rt/spawn.h"
#include "user/rt/thread.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("captest")

static cap_handle_t console, timer, vm, frames, boot, spawner, entropy,
	thread, diag;
static uint8_t params[1024], results[1024];

/* frames_free counts frames the heap holds as used; a heap that keeps a
 * spare slab is not a leak, so frames are compared together with the
 * heap's pages, and the heap's bytes in use are compared exactly. */
struct totals {
	uint64_t frames_free, pages, cap_slots, calls, timers, heap_used;
	uint32_t processes;
};

static struct totals diag_totals(void)
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
	t.frames_free = Totals_get_framesFree(x) + Totals_get_heapTotal(x) / 4096 +
				   Totals_get_cachedPages(x);
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
	return a.frames_free == b.frames_free && a.pages == b.pages &&
	       a.heap_used == b.heap_used && a.cap_slots == b.cap_slots &&
	       a.calls == b.calls && a.timers == b.timers &&
	       a.processes == b.processes;
}

/* On several CPUs the last frees of an ended child can finish a moment
 * after its parent was told: allow them 200 ms to land. */
static void check_baseline(const char *name, struct totals a)
{
	struct totals b = diag_totals();
	for (int i = 0; i < 40 && !totals_equal(a, b); i++) {
		rt_sleep_ns(5 * 1000000ull);
		b = diag_totals();
	}
	CHECK(name, a.frames_free == b.frames_free && a.pages == b.pages &&
	      a.heap_used == b.heap_used &&
	      a.cap_slots == b.cap_slots && a.calls == b.calls &&
	      a.timers == b.timers && a.processes == b.processes,
	      "frames %lu->%lu heap %lu->%lu pages %lu->%lu caps %lu->%lu "
	      "calls %lu->%lu procs %u->%u", a.frames_free, b.frames_free,
	      a.heap_used, b.heap_used, a.pages, b.pages,
	      a.cap_slots, b.cap_slots, a.calls, b.calls, a.processes,
	      b.processes);
}

static int32_t vm_call(int method, uint64_t a, uint64_t b, uint32_t prot,
		       uint64_t *out)
{
	struct capn_call c;
	if (method == 0)
		VirtualMemory_map_prepare(&c, params, sizeof(params), a, b, prot);
	else if (method == 1)
		VirtualMemory_unmap_prepare(&c, params, sizeof(params), a, b);
	else
		VirtualMemory_protect_prepare(&c, params, sizeof(params), a, b, prot);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(vm, &c);
	struct capn_msg m;
	VirtualMemory_map_Results_r r;
	if (method == 0 && out && !VirtualMemory_map_results(&m, &c, st, &r))
		*out = VirtualMemory_map_Results_get_addr(r);
	return st < 0 ? st : 0;
}

/* Ask the kernel to write Timer.now results at addr: a probe of whether
 * addr is mapped writable, without risking our own life. */
static int32_t kernel_writes_to(uint64_t addr)
{
	struct capn_call c;
	Timer_now_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, (void *)addr, 64);
	return rt_call_direct(timer, &c);
}

static void test_vm(void)
{
	uint64_t a = 0, b = 0;
	/* page tables stay until the process ends: build them first (pages
	 * are demand-zero, so a table appears only when a page is touched) */
	if (vm_call(0, 0, 1 << 20, 3, &a) == 0)
		*(volatile uint8_t *)a = 0;
	vm_call(1, a, 1 << 20, 0, 0);
	struct totals base = diag_totals();
	int32_t st = vm_call(0, 0, 1 << 20, 3, &a);
	CHECK("vm_map", st >= 0 && a, "status %d addr 0x%lx", st, a);
	volatile uint64_t *p = (volatile uint64_t *)a;
	p[0] = 0x1234, p[(1 << 20) / 8 - 1] = 0x5678;
	CHECK("vm_map_zeroed_and_writable", p[0] == 0x1234 && p[1] == 0 &&
	      p[(1 << 20) / 8 - 1] == 0x5678, "contents wrong");
	CHECK("vm_protect_readonly", vm_call(2, a, 4096, 1, 0) == 0 &&
	      kernel_writes_to(a) == ERR_BAD_ADDRESS && p[0] == 0x1234,
	      "read-only page still writable");
	CHECK("vm_unmap_middle", vm_call(1, a + 8192, 4096, 0, 0) == 0 &&
	      kernel_writes_to(a + 8192) == ERR_BAD_ADDRESS &&
	      kernel_writes_to(a + 12288) >= 0, "unmap of one page wrong");
	CHECK("vm_unaligned", vm_call(0, 0, 4097, 3, &b) == ERR_UNALIGNED &&
	      vm_call(1, a + 1, 4096, 0, 0) == ERR_UNALIGNED, "not refused");
	CHECK("vm_zero_size", vm_call(0, 0, 0, 3, &b) == ERR_INVALID, "not refused");
	CHECK("vm_huge", vm_call(0, 0, 1ull << 46, 3, &b) == ERR_TOO_LARGE,
	      "not refused");
	CHECK("vm_write_exec_refused", vm_call(0, 0, 4096, 6, &b) == ERR_DENIED &&
	      vm_call(2, a, 4096, 6, 0) == ERR_DENIED, "W+X allowed");
	CHECK("vm_unknown_prot", vm_call(0, 0, 4096, 9, &b) == ERR_INVALID,
	      "unknown prot bits accepted");
	/* read-only image pages are the boot module's own frames, shared by
	 * every process of the binary: never made writable */
	static const char rodata[] = "shared with every captest";
	uint64_t ro = (uint64_t)rodata & ~4095ull;
	uint64_t text = (uint64_t)&main & ~4095ull;
	CHECK("vm_shared_image_never_writable",
	      vm_call(2, ro, 4096, 3, 0) == ERR_DENIED &&
	      vm_call(2, text, 4096, 3, 0) == ERR_DENIED &&
	      kernel_writes_to(ro) == ERR_BAD_ADDRESS && rodata[0] == 's',
	      "a shared image page could be made writable");
	CHECK("vm_protect_unmapped", vm_call(2, a + 8192, 4096, 1, 0) == ERR_NOT_MAPPED &&
	      vm_call(1, 0x300000000000ull, 4096, 0, 0) == ERR_NOT_MAPPED,
	      "unmapped range accepted");
	CHECK("vm_kernel_range", vm_call(1, 0xffff800000000000ull, 4096, 0, 0) < 0,
	      "kernel range accepted");
	st = vm_call(0, a, 4096, 3, &b);	/* hint overlaps: placed elsewhere */
	CHECK("vm_hint_overlap", st >= 0 && b != a, "status %d addr 0x%lx", st, b);
	vm_call(1, b, 4096, 0, 0);
	CHECK("vm_unmap_all", vm_call(1, a, 1 << 20, 0, 0) == ERR_NOT_MAPPED &&
	      vm_call(1, a, 8192, 0, 0) == 0 &&
	      vm_call(1, a + 12288, (1 << 20) - 12288, 0, 0) == 0, "unmap failed");
	check_baseline("vm_baseline", base);
}

static cap_handle_t mo_alloc(uint32_t pages, bool contig, int32_t *st)
{
	struct capn_call c;
	FrameAllocator_allocate_prepare(&c, params, sizeof(params), pages, contig);
	capn_call_set_results(&c, results, sizeof(results));
	struct ring_cqe cqe;
	*st = rt_call_xfer(frames, &c, 0, 0, &cqe);
	return *st < 0 ? CAP_HANDLE_NONE
		       : rt_result_cap(&c, &cqe, 0, MemoryObject_IFACE_ID);
}

static uint64_t mo_map(cap_handle_t mo, uint32_t first, uint32_t pages,
		       int32_t *st)
{
	struct capn_call c;
	MemoryObject_map_prepare(&c, params, sizeof(params), 0, first, pages, 3);
	capn_call_set_results(&c, results, sizeof(results));
	*st = rt_call(mo, &c);
	struct capn_msg m;
	MemoryObject_map_Results_r r;
	return MemoryObject_map_results(&m, &c, *st, &r) ? 0
	       : MemoryObject_map_Results_get_addr(r);
}

static void test_memobj(void)
{
	struct totals base = diag_totals();
	int32_t st, st2;
	cap_handle_t mo = mo_alloc(4, false, &st);
	CHECK("frames_allocate", mo != CAP_HANDLE_NONE, "status %d", st);
	uint64_t a = mo_map(mo, 0, 4, &st), b = mo_map(mo, 2, 2, &st2);
	volatile uint32_t *pa = (volatile uint32_t *)a, *pb = (volatile uint32_t *)b;
	if (a && b)
		pa[2 * 1024] = 0xabcdef;
	CHECK("memobj_shared_mappings", a && b && pb[0] == 0xabcdef,
	      "map %d/%d, second view sees 0x%x", st, st2, b ? pb[0] : 0);
	mo_map(mo, 3, 2, &st);
	CHECK("memobj_map_past_end", st == ERR_INVALID, "status %d", st);
	cap_handle_t c = mo_alloc(3, true, &st);
	CHECK("frames_contiguous", c != CAP_HANDLE_NONE, "status %d", st);
	rt_release(c);
	mo_alloc(0, false, &st);
	CHECK("frames_zero_pages", st == ERR_INVALID, "status %d", st);
	mo_alloc(1u << 20, false, &st);
	CHECK("frames_huge", st == ERR_TOO_LARGE, "status %d", st);
	/* the object lives while mapped: release the cap, memory stays */
	rt_release(mo);
	CHECK("memobj_outlives_cap", pa[2 * 1024] == 0xabcdef, "mapping lost");
	vm_call(1, a, 4 * 4096, 0, 0);
	vm_call(1, b, 2 * 4096, 0, 0);
	check_baseline("memobj_baseline", base);
}

static void test_bootpkg(void)
{
	struct capn_call c;
	BootPackage_blob_prepare(&c, params, sizeof(params), "hello", 5);
	capn_call_set_results(&c, results, sizeof(results));
	struct ring_cqe cqe;
	int32_t st = rt_call_xfer(boot, &c, 0, 0, &cqe);
	cap_handle_t blob = st < 0 ? CAP_HANDLE_NONE
				   : rt_result_cap(&c, &cqe, 0, Blob_IFACE_ID);
	CHECK("boot_blob", blob != CAP_HANDLE_NONE, "status %d", st);
	Blob_read_prepare(&c, params, sizeof(params), 0, 4);
	capn_call_set_results(&c, results, sizeof(results));
	st = rt_call(blob, &c);
	struct capn_msg m;
	Blob_read_Results_r r;
	struct capn_data d = { 0, 0 };
	if (!Blob_read_results(&m, &c, st, &r))
		d = Blob_read_Results_get_data(r);
	CHECK("blob_read_elf_magic", d.len == 4 && d.ptr[0] == 0x7f && d.ptr[1] == 'E',
	      "status %d len %u", st, d.len);
	Blob_read_prepare(&c, params, sizeof(params), 1ull << 40, 4);
	capn_call_set_results(&c, results, sizeof(results));
	CHECK("blob_read_past_end", rt_call(blob, &c) == ERR_INVALID, "accepted");
	BootPackage_blob_prepare(&c, params, sizeof(params), "nosuch", 6);
	capn_call_set_results(&c, results, sizeof(results));
	CHECK("boot_unknown_blob", rt_call(boot, &c) == ERR_NOT_FOUND, "accepted");
	rt_release(blob);
}

static void test_spawn(void)
{
	struct totals base = diag_totals();
	cap_handle_t h;
	struct rt_exit ex;
	struct rt_grant g[] = { { "console", console, 0xae89b33c9cec9ec4ull, false, false } };
	g[0].iface = 0;
	g[0].iface = rt_capset->entries[0].interface_id;	/* console */
	CHECK("spawn_unknown_binary", rt_spawn(spawner, "x", "nosuch", g, 1, 0, &h)
	      == ERR_NOT_FOUND, "accepted");
	struct rt_grant forged[] = { { "console", CAP_HANDLE(90, 1), g[0].iface, false, false } };
	CHECK("spawn_grant_not_held", rt_spawn(spawner, "x", "hello", forged, 1, 0, &h)
	      == ERR_BAD_HANDLE, "accepted");
	struct rt_grant wrong[] = { { "console", timer, g[0].iface, false, false } };
	CHECK("spawn_grant_wrong_interface", rt_spawn(spawner, "x", "hello", wrong,
	      1, 0, &h) == ERR_WRONG_INTERFACE, "accepted");
	/* arguments: at most ARGS_MAX strings, ARGS_BYTES in all */
	static const char *many[ARGS_MAX + 1];
	static char big[ARGS_BYTES];
	for (int i = 0; i <= ARGS_MAX; i++)
		many[i] = "x";
	memset(big, 'a', sizeof(big) - 1);
	const char *too_big[] = { big, "b" };
	struct rt_spawn_req q = { "x", "hello", g, 1, 0, many, ARGS_MAX + 1,
				  CAP_HANDLE_NONE };
	int32_t many_st = rt_spawn_req(spawner, &q, &h, 0, 0);
	q.argv = too_big, q.argc = 2;
	CHECK("spawn_args_bounded", many_st == ERR_TOO_LARGE &&
	      rt_spawn_req(spawner, &q, &h, 0, 0) == ERR_TOO_LARGE,
	      "%d args or %zu bytes accepted", ARGS_MAX + 1, sizeof(big) + 2);
	int32_t st = rt_spawn(spawner, "hello", "hello", g, 1, 0, &h);
	int32_t w = st ? st : rt_proc_wait(h, &ex);
	CHECK("spawn_wait_exit0", !w && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d wait %d kind %d code %ld", st, w, ex.kind, ex.code);
	CHECK("wait_twice", rt_proc_wait(h, &ex) == ERR_ALREADY_WAITED, "accepted");
	CHECK("kill_exited", rt_proc_kill(h) == ERR_EXITED, "accepted");
	rt_release(h);
	struct rt_grant tg[] = { { "timer", timer, Timer_IFACE_ID, false, false } };
	st = rt_spawn(spawner, "sleeper", "sleeper", tg, 1, 0, &h);
	int32_t k = st ? st : rt_proc_kill(h);
	w = st ? st : rt_proc_wait(h, &ex);
	CHECK("kill_sleeping_child", k >= 0 && !w && ex.kind == RT_EXIT_KILLED,
	      "spawn %d kill %d wait %d kind %d", st, k, w, ex.kind);
	rt_release(h);
	st = rt_spawn(spawner, "faulter", "fault_null", g, 1, 0, &h);
	w = st ? st : rt_proc_wait(h, &ex);
	CHECK("child_fault_status", !w && ex.kind == RT_EXIT_FAULT &&
	      ex.vector == 14 && ex.addr == 0, "spawn %d wait %d kind %d vec %u",
	      st, w, ex.kind, ex.vector);
	rt_release(h);
	check_baseline("spawn_baseline", base);
}

/* Fill the kernel's caches (stack cache, heap slabs) once, so that later
 * baselines compare like with like: anything still missing afterwards is
 * a leak. */
static void warm_up(void)
{
	struct rt_grant g[] = { { "console", console, rt_capset->entries[0].interface_id,
				  false, false }, { "timer", timer, Timer_IFACE_ID, false, false } };
	cap_handle_t h[3];
	struct rt_exit ex;
	for (int i = 0; i < 3; i++)
		rt_spawn(spawner, "warmup", "hello", g, 1, 0, &h[i]);
	for (int i = 0; i < 3; i++) {
		rt_proc_wait(h[i], &ex);
		rt_release(h[i]);
	}
}

static void test_quota_children(void)
{
	struct totals base = diag_totals();
	uint64_t ids[] = { rt_capset->entries[0].interface_id, Timer_IFACE_ID,
			   VirtualMemory_IFACE_ID, FrameAllocator_IFACE_ID };
	struct rt_grant g[] = {
		{ "console", console, ids[0], false, false }, { "timer", timer, ids[1], false, false },
		{ "vm", vm, ids[2], false, false }, { "frames", frames, ids[3], false, false },
		{ "mode-calls", timer, ids[1], false, false },
	};
	struct rt_limits timers = { 8, 120, 0, 8, 2 }, calls = { 8, 120, 0, 2, 8 };
	cap_handle_t h;
	struct rt_exit ex;
	int32_t st = rt_spawn(spawner, "quota-timers", "quotatest", g, 4, &timers, &h);
	int32_t w = st ? st : rt_proc_wait(h, &ex);
	CHECK("quota_child_timers", !w && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d wait %d kind %d code %ld", st, w, ex.kind, ex.code);
	rt_release(h);
	st = rt_spawn(spawner, "quota-calls", "quotatest", g, 5, &calls, &h);
	w = st ? st : rt_proc_wait(h, &ex);
	CHECK("quota_child_calls", !w && ex.kind == RT_EXIT_CODE && ex.code == 0,
	      "spawn %d wait %d kind %d code %ld", st, w, ex.kind, ex.code);
	rt_release(h);
	check_baseline("quota_baseline", base);
}

static void test_hostile_beside_bystander(void)
{
	struct totals base = diag_totals();
	struct rt_grant g[] = {
		{ "console", console, rt_capset->entries[0].interface_id, false, false },
		{ "timer", timer, Timer_IFACE_ID, false, false },
	};
	cap_handle_t hb, hr;
	struct rt_exit eb = { 9, 9, 0, 0 }, er = { 9, 9, 0, 0 };
	int32_t s1 = rt_spawn(spawner, "bystander", "bystander", g, 2, 0, &hb);
	int32_t s2 = rt_spawn(spawner, "ringtest", "ringtest", g, 2, 0, &hr);
	if (!s2)
		rt_proc_wait(hr, &er);
	if (!s1)
		rt_proc_wait(hb, &eb);
	CHECK("ring_suite_beside_bystander", !s1 && !s2 && er.kind == 0 &&
	      er.code == 0 && eb.kind == 0 && eb.code == 0,
	      "spawn %d/%d ringtest %d/%ld bystander %d/%ld", s1, s2, er.kind,
	      er.code, eb.kind, eb.code);
	rt_release(hb);
	rt_release(hr);
	check_baseline("hostile_baseline", base);
}

static void test_entropy_thread(void)
{
	struct capn_call c;
	uint8_t first[16];
	EntropySource_fill_prepare(&c, params, sizeof(params), 16);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t st = rt_call(entropy, &c);
	struct capn_msg m;
	EntropySource_fill_Results_r r;
	struct capn_data d = { 0, 0 };
	if (!EntropySource_fill_results(&m, &c, st, &r))
		d = EntropySource_fill_Results_get_data(r);
	if (d.len == 16)
		__builtin_memcpy(first, d.ptr, 16);
	st = rt_call(entropy, &c);
	bool differ = !EntropySource_fill_results(&m, &c, st, &r) &&
		      __builtin_memcmp(first, EntropySource_fill_Results_get_data(r).ptr, 16);
	EntropySource_Source src = EntropySource_fill_Results_get_source(r);
	CHECK("entropy_fill", d.len == 16 && differ &&
	      (src == EntropySource_Source_rdseed || src == EntropySource_Source_rdrand),
	      "len %u differ %d source %d", d.len, differ, (int)src);
	EntropySource_fill_prepare(&c, params, sizeof(params), 5000);
	capn_call_set_results(&c, results, sizeof(results));
	CHECK("entropy_too_many", rt_call(entropy, &c) == ERR_TOO_LARGE, "accepted");
	/* the runtime finds its thread through FS: step aside while FS
	 * points somewhere else */
	bool owned = rt_fs_owned;
	rt_fs_owned = false;
	ThreadControl_setFsBase_prepare(&c, params, sizeof(params), 0x7f0000001000ull);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t set = rt_call(thread, &c);
	ThreadControl_getFsBase_prepare(&c, params, sizeof(params));
	capn_call_set_results(&c, results, sizeof(results));
	int32_t got = rt_call(thread, &c);
	ThreadControl_getFsBase_Results_r fr;
	uint64_t fs = ThreadControl_getFsBase_results(&m, &c, got, &fr) ? 0
		      : ThreadControl_getFsBase_Results_get_base(fr);
	ThreadControl_setFsBase_prepare(&c, params, sizeof(params), 0xffff800000000000ull);
	capn_call_set_results(&c, results, sizeof(results));
	int32_t bad = rt_call(thread, &c);
	ThreadControl_setFsBase_prepare(&c, params, sizeof(params),
					(uint64_t)&rt_main_thread);
	capn_call_set_results(&c, results, sizeof(results));
	rt_call(thread, &c);
	rt_fs_owned = owned;
	CHECK("fs_base", set >= 0 && fs == 0x7f0000001000ull &&
	      bad == ERR_BAD_ADDRESS, "set %d fs 0x%lx", set, fs);
}

int main(void)
{
	console = rt_capset->entries[0].handle;
	timer = rt_cap_find("timer", Timer_IFACE_ID);
	vm = rt_cap_find("vm", VirtualMemory_IFACE_ID);
	frames = rt_cap_find("frames", FrameAllocator_IFACE_ID);
	boot = rt_cap_find("boot", BootPackage_IFACE_ID);
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	entropy = rt_cap_find("entropy", EntropySource_IFACE_ID);
	thread = rt_cap_find("thread", ThreadControl_IFACE_ID);
	diag = rt_cap_find("diag", KernelDiag_IFACE_ID);
	CHECK("capset_complete", diag != CAP_HANDLE_NONE && spawner != CAP_HANDLE_NONE,
	      "missing capabilities");
	warm_up();
	test_vm();
	test_memobj();
	test_bootpkg();
	test_spawn();
	test_quota_children();
	test_hostile_beside_bystander();
	test_entropy_thread();
	return tcheck_summary();
}
