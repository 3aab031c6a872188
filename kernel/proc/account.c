#include "kernel/mm/heap.h"
#include "kernel/proc/account.h"

struct account *account_new(void)
{
	struct account *a = kzalloc(sizeof(*a));
	if (a) {
		a->refs = 1;
		ledger_init_defaults(&a->ledger);
	}
	return a;
}

void account_get(struct account *a)
{
	__atomic_fetch_add(&a->refs, 1, __ATOMIC_RELAXED);
}

void account_put(struct account *a)
{
	if (a && __atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(a);
}

/* A NULL account (the kernel's own work) is never limited. */
err_t account_charge(struct account *a, enum ledger_item item, uint64_t n)
{
	return a ? ledger_charge(&a->ledger, item, n) : ERR_OK;
}

void account_credit(struct account *a, enum ledger_item item, uint64_t n)
{
	if (a)
		ledger_credit(&a->ledger, item, n);
}
