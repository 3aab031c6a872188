/* KernelDiag: totals for tests that check every resource returns to its
 * baseline. Granted only to test manifests. */
#include "capos/diag.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/cap_util.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kmap.h"
#include "kernel/proc/process.h"

static int diag_totals(void *self, KernelDiag_totals_Params_r p,
		       KernelDiag_totals_Results_b r)
{
	Totals_b t = KernelDiag_totals_Results_init_totals(r);
	struct heap_stats h = kheap_stats();
	struct process_totals pt = process_totals();
	Totals_set_framesFree(t, frame_free_count());
	Totals_set_framesTotal(t, frame_total_count());
	Totals_set_heapUsed(t, h.bytes_in_use);
	Totals_set_heapTotal(t, (h.slab_pages + h.large_pages) * 4096);
	Totals_set_processes(t, pt.processes);
	Totals_set_threads(t, (uint32_t)pt.threads);
	Totals_set_capSlots(t, pt.cap_slots);
	Totals_set_mappedPages(t, pt.pages);
	Totals_set_callsInFlight(t, (uint32_t)pt.calls);
	Totals_set_timers(t, (uint32_t)pt.timers);
	Totals_set_cachedPages(t, kstack_cached_pages());
	Totals_set_addressSpaceSwitches(t, __atomic_load_n(&arch_as_switches,
							   __ATOMIC_RELAXED));
	return 0;
}

static const struct KernelDiag_server diag_server = { .totals = diag_totals };

int diag_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(KernelDiag, &diag_server, c);
}
