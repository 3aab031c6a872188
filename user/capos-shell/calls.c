/* Ring and CapSet helpers for the shell: asynchronous CALLs, error text
 * for failed calls, cancelling an operation, looking up the shell's own
 * capabilities. */
#include <string.h>
#include "capos/exception.h"
#include "capos/interfaces.h"
#include "lib/fmt/fmt.h"
#include "user/capos-shell/shell.h"

/* The params and result buffers must outlive the call: the kernel copies
 * the params when it consumes the entry, at the next cap_enter. */
uint64_t call_submit(cap_handle_t cap, const struct capn_call *c)
{
	struct ring_sqe q = {
		.opcode = RING_OP_CALL, .cap = cap, .method = c->method,
		.addr = (uint64_t)c->params, .len = c->params_len,
		.result_addr = (uint64_t)c->results, .result_len = c->results_cap,
		.user_data = rt_next_user_data(),
	};
	rt_submit(&q);
	return q.user_data;
}

const char *call_error(const struct capn_call *c, int32_t st, char *buf,
		       size_t cap)
{
	return rt_call_error(c, st, buf, cap);
}

void call_cancel(uint64_t ud)
{
	struct ring_sqe q = { .opcode = RING_OP_CANCEL, .addr = ud };
	if (ud)
		rt_submit_wait(&q);
}

/* What the shell holds: its session's bundle (from the broker), then its
 * CapSet (from init) minus names the bundle shadows. Bundle entries are
 * client facets: `reserved` says so. */
uint32_t held_count(void)
{
	uint32_t n = sh.nbundle;
	for (uint32_t i = 0; rt_capset && rt_capset->magic == CAPSET_MAGIC &&
	     i < rt_capset->count && i < CAPSET_MAX; i++)
		n += !bundle_find(rt_capset->entries[i].name);
	return n;
}

const struct capset_entry *held_at(uint32_t k)
{
	if (k < sh.nbundle)
		return &sh.bundle[k];
	k -= sh.nbundle;
	for (uint32_t i = 0; rt_capset && i < rt_capset->count &&
	     i < CAPSET_MAX; i++) {
		const struct capset_entry *e = &rt_capset->entries[i];
		if (bundle_find(e->name))
			continue;
		if (k-- == 0)
			return e;
	}
	return 0;
}

const struct capset_entry *bundle_find(const char *name)
{
	for (uint32_t i = 0; i < sh.nbundle; i++)
		if (!strncmp(sh.bundle[i].name, name, CAPSET_NAME_MAX))
			return &sh.bundle[i];
	return 0;
}

const struct capset_entry *capset_find(const char *name)
{
	const struct capset_entry *b = bundle_find(name);
	if (b || !rt_capset || rt_capset->magic != CAPSET_MAGIC)
		return b;
	for (uint32_t i = 0; i < rt_capset->count && i < CAPSET_MAX; i++) {
		const struct capset_entry *e = &rt_capset->entries[i];
		if (!strncmp(e->name, name, CAPSET_NAME_MAX))
			return e;
	}
	return 0;
}

const char *iface_name(uint64_t id)
{
	const struct capos_iface *f = capos_iface_by_id(id);
	return f ? f->name : "unknown interface";
}
