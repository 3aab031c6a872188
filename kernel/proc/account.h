/* A resource account: one process's ledger, outliving the process while
 * anything charged to it remains (a memory object its owner allocated and
 * gave away, for example). Reference counted. */
#ifndef CAPOS_PROC_ACCOUNT_H
#define CAPOS_PROC_ACCOUNT_H
#include "lib/ledger/ledger.h"

struct account {
	int refs;		/* atomic */
	struct ledger ledger;
};

struct account *account_new(void);
void account_get(struct account *a);
void account_put(struct account *a);
err_t account_charge(struct account *a, enum ledger_item item, uint64_t n);
void account_credit(struct account *a, enum ledger_item item, uint64_t n);

#endif
