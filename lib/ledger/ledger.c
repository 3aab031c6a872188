#include "lib/ledger/ledger.h"

void ledger_init_defaults(struct ledger *l)
{
	*l = (struct ledger){
		.limit = {
			[LEDGER_CAP_SLOTS] = LEDGER_DEFAULT_CAP_SLOTS,
			[LEDGER_PAGES] = LEDGER_DEFAULT_PAGES,
			[LEDGER_THREADS] = LEDGER_DEFAULT_THREADS,
			[LEDGER_CALLS] = LEDGER_DEFAULT_CALLS,
			[LEDGER_TIMERS] = LEDGER_DEFAULT_TIMERS,
		},
	};
}

/* Lock-free: charges come from different threads of a process (and from
 * interrupt context for timers), so each item is updated with a
 * compare-and-swap that re-checks the limit against the value it swaps. */
err_t ledger_charge(struct ledger *l, enum ledger_item item, uint64_t n)
{
	if (item >= LEDGER_ITEMS)
		return ERR_INVALID;
	uint64_t limit = l->limit[item];
	uint64_t used = __atomic_load_n(&l->used[item], __ATOMIC_RELAXED);
	do {
		if (n > limit || used > limit - n)
			return ERR_QUOTA;
	} while (!__atomic_compare_exchange_n(&l->used[item], &used, used + n,
					      true, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return ERR_OK;
}

void ledger_credit(struct ledger *l, enum ledger_item item, uint64_t n)
{
	if (item >= LEDGER_ITEMS)
		return;
	uint64_t used = __atomic_load_n(&l->used[item], __ATOMIC_RELAXED);
	uint64_t next;
	do {
		next = used - (n > used ? used : n);
	} while (!__atomic_compare_exchange_n(&l->used[item], &used, next, true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
}

const char *ledger_item_name(enum ledger_item item)
{
	static const char *const names[LEDGER_ITEMS] = {
		"capability slots", "pages", "threads", "calls in flight",
		"timers",
	};
	return item < LEDGER_ITEMS ? names[item] : "?";
}
