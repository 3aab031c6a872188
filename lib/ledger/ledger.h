/* A process's resource ledger: what it holds of each kernel resource and
 * the most it may hold. Every charge is checked before the resource is
 * taken (a refused charge changes nothing) and every resource is credited
 * back when released, so a process that ends returns everything and the
 * totals go back to where they were. Pure bookkeeping, safe to call
 * concurrently (atomic updates). */
#ifndef CAPOS_LIB_LEDGER_H
#define CAPOS_LIB_LEDGER_H
#include <stdint.h>
#include "capos/err.h"

enum ledger_item {
	LEDGER_CAP_SLOTS,	/* capability table entries */
	LEDGER_PAGES,		/* frames allocated and pages mapped */
	LEDGER_THREADS,
	LEDGER_CALLS,		/* calls in flight (pending completions) */
	LEDGER_TIMERS,		/* pending timer sleeps */
	LEDGER_ITEMS
};

struct ledger {
	uint64_t used[LEDGER_ITEMS];
	uint64_t limit[LEDGER_ITEMS];
};

/* Kernel defaults (the manifest may lower or raise them within the
 * schema's maxima). */
#define LEDGER_DEFAULT_CAP_SLOTS 256
#define LEDGER_DEFAULT_PAGES 65536	/* 256 MiB */
#define LEDGER_DEFAULT_THREADS 64
#define LEDGER_DEFAULT_CALLS 256
#define LEDGER_DEFAULT_TIMERS 64

void ledger_init_defaults(struct ledger *l);
/* ERR_QUOTA if used + n would pass the limit (nothing changes then). */
err_t ledger_charge(struct ledger *l, enum ledger_item item, uint64_t n);
/* Return n; more than is held is clamped (and a kernel bug). */
void ledger_credit(struct ledger *l, enum ledger_item item, uint64_t n);
const char *ledger_item_name(enum ledger_item item);

#endif
