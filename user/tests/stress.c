/* stress: everything at once on every CPU, for a bounded amount of work:
 * IPC servers with several clients each, memory churn with threads,
 * threads whose last exit ends their process, and the ring hostile suite.
 * Every child must exit cleanly and KernelDiag totals must come back to
 * their baseline. Rounds repeat the mix. */
#include "capos/console.h"
#include "capos/diag.h"
#include "capos/ipc.h"
#include "capos/memory.h"
#include "capos/process.h"
#include "capos/thread.h"
#include "capos/time.h"
#include "user/rt/spawn.h"
#include "user/tests/tcheck.h"

TCHECK_DEFINE("stress")

#define ROUNDS 3
#define MAXJOBS 16

static cap_handle_t spawner, diag;

struct snap { uint64_t frames, heap, caps, pages, calls; uint32_t procs, threads; };

static struct snap snap(void)
{
	uint8_t p[64], r[512];
	struct capn_call c;
	KernelDiag_totals_prepare(&c, p, sizeof(p));
	capn_call_set_results(&c, r, sizeof(r));
	int32_t st = rt_call(diag, &c);
	struct capn_msg m;
	KernelDiag_totals_Results_r res;
	struct snap s = { 0, 0, 0, 0, 0, 0, 0 };
	if (!KernelDiag_totals_results(&m, &c, st, &res)) {
		Totals_r x = KernelDiag_totals_Results_get_totals(res);
		s = (struct snap){ Totals_get_framesFree(x) + Totals_get_heapTotal(x) / 4096 +
				   Totals_get_cachedPages(x),
				   Totals_get_heapUsed(x), Totals_get_capSlots(x),
				   Totals_get_mappedPages(x), Totals_get_callsInFlight(x),
				   Totals_get_processes(x), Totals_get_threads(x) };
	}
	return s;
}

static bool snap_eq(struct snap a, struct snap b)
{
	return a.frames == b.frames && a.heap == b.heap && a.caps == b.caps &&
	       a.pages == b.pages && a.calls == b.calls && a.procs == b.procs &&
	       a.threads == b.threads;
}

struct job { cap_handle_t h; const char *what; };

static int round_once(int round)
{
	struct job jobs[MAXJOBS];
	int n = 0, bad = 0;
	cap_handle_t servers[2], facets[2];
	struct rt_grant sg[] = { { "ep", 0, 0, false, true },
				 rt_grant_named("console"), rt_grant_named("timer") };
	for (int s = 0; s < 2; s++)
		if (rt_spawn_facets(spawner, "ipc_server", "ipc_server", sg, 3, 0,
				    &servers[s], &facets[s], 1))
			return 100;
	for (int k = 0; k < 4; k++) {
		struct rt_grant cg[] = { { "svc", facets[k % 2], ClientEndpoint_IFACE_ID, false, false } };
		if (!rt_spawn(spawner, "ipc_client", "ipc_client", cg, 1, 0, &jobs[n].h))
			jobs[n++].what = "ipc_client";
	}
	struct rt_grant vg[] = { rt_grant_named("console"), rt_grant_named("vm"),
				 rt_grant_named("thread"), rt_grant_named("threads") };
	for (int k = 0; k < 2; k++)
		if (!rt_spawn(spawner, "vmstress", "vmstress", vg, 4, 0, &jobs[n].h))
			jobs[n++].what = "vmstress";
	struct rt_grant tg[] = { rt_grant_named("console"), rt_grant_named("timer"),
				 rt_grant_named("vm"), rt_grant_named("thread"),
				 rt_grant_named("threads") };
	if (!rt_spawn(spawner, "threadexit", "threadexit", tg, 5, 0, &jobs[n].h))
		jobs[n++].what = "threadexit";
	struct rt_grant rg[] = { rt_grant_named("console"), rt_grant_named("timer") };
	if (!rt_spawn(spawner, "ringtest", "ringtest", rg, 2, 0, &jobs[n].h))
		jobs[n++].what = "ringtest";
	for (int j = 0; j < n; j++) {
		struct rt_exit ex;
		int32_t w = rt_proc_wait(jobs[j].h, &ex);
		int64_t want = !__builtin_strcmp(jobs[j].what, "threadexit") ? 7 : 0;
		if (w || ex.kind != RT_EXIT_CODE || ex.code != want) {
			bad++;
			rt_printf("stress: round %d: %s ended %d/%ld\n", round, jobs[j].what,
				  ex.kind, ex.code);
		}
		rt_release(jobs[j].h);
	}
	for (int s = 0; s < 2; s++) {
		struct rt_exit ex;
		rt_proc_kill(servers[s]);
		rt_proc_wait(servers[s], &ex);
		rt_release(servers[s]);
		rt_release(facets[s]);
	}
	return bad + (n == 8 ? 0 : 50);
}

int main(void)
{
	spawner = rt_cap_find("spawner", ProcessSpawner_IFACE_ID);
	diag = rt_cap_find("diag", KernelDiag_IFACE_ID);
	round_once(-1);			/* warm the kernel's caches */
	struct snap base = snap();
	for (int r = 0; r < ROUNDS; r++) {
		int bad = round_once(r);
		CHECK(r == 0 ? "round_0" : r == 1 ? "round_1" : "round_2", bad == 0,
		      "%d jobs went wrong", bad);
	}
	struct snap end = snap();
	for (int i = 0; i < 40 && !snap_eq(base, end); i++) {
		rt_sleep_ns(5 * 1000000ull);
		end = snap();
	}
	CHECK("totals_back_to_baseline", snap_eq(base, end),
	      "frames %lu->%lu heap %lu->%lu caps %lu->%lu pages %lu->%lu "
	      "calls %lu->%lu procs %u->%u threads %u->%u", base.frames, end.frames,
	      base.heap, end.heap, base.caps, end.caps, base.pages, end.pages,
	      base.calls, end.calls, base.procs, end.procs, base.threads, end.threads);
	return tcheck_summary();
}
