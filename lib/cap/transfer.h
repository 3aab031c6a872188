/* Capability transfer: the authority that rides on CALL and RETURN (and
 * on the grants a parent makes to a child it spawns). A batch of up to
 * RING_XFER_MAX descriptors, each copying or moving one capability from a
 * source table into a destination table, either happens completely or
 * not at all. See transfer.c for the phases. */
#ifndef CAPOS_LIB_CAP_TRANSFER_H
#define CAPOS_LIB_CAP_TRANSFER_H
#include <stdint.h>
#include "capos/err.h"
#include "lib/cap/captable.h"
#include "lib/ring/ring.h"

/* The kernel's object reference counts. A copy takes one reference
 * (ref may refuse, e.g. ERR_QUOTA); a move takes none, because the
 * source slot's reference passes to the destination. unref only undoes a
 * ref of this same transfer. Both run with the transfer's locks held:
 * they must not block or take a process lock. */
struct cap_xfer_ops {
	void *ctx;
	err_t (*ref)(void *ctx, uint32_t type, void *obj);
	void (*unref)(void *ctx, uint32_t type, void *obj);
};

/* Test hook: every step that changes something (a reservation, a
 * reference, an insert) first counts ++step, and the step numbered
 * fail_at fails with err (ERR_INTERNAL if 0) instead, so a test can
 * reach every rollback path. The kernel passes NULL. */
struct cap_xfer_hook {
	int fail_at;
	int step;
	err_t err;
};

/* Transfer scopes (schema/identity.capnp TransferScope, ring_xfer.scope)
 * say how far a capability may travel. Sessions are opaque tags here:
 * equal pointers are the same session.
 *   - A descriptor's nonzero scope is recorded in the new slot; 0 keeps
 *     the source slot's scope (shareable unless a transfer set one).
 *   - A sameSession slot is bound to the receiver's session, and only a
 *     transfer into that same session may take it further.
 *   - A serviceRegrantOnly slot may be passed on only by a sender of the
 *     system session.
 * So a sameSession slot is always bound to its holder's own session. */
struct cap_xfer_sessions {
	const void *src;	/* the sender's session */
	const void *dst;	/* the receiver's session */
	bool src_system;	/* the sender belongs to the system session */
};

/* Transfer n descriptors from src to dst (which may be the same table).
 *
 * Context: kernel, with src's and dst's process locks held for the whole
 * call (one lock when src == dst; two in the kernel's process lock order
 * otherwise). May block: no. desc[] and out[] are kernel memory: the
 * caller copies the descriptors in from user space first.
 *
 * On success out[i] holds descriptor i's new handle in dst and its
 * interface id (reserved = 0); moved handles are gone from src. On
 * failure both tables and every reference count are as before, and out[]
 * handles, if written, are CAP_HANDLE_NONE. Errors, first found wins:
 *   ERR_TOO_LARGE        n > RING_XFER_MAX
 *   ERR_BAD_TRANSFER     unknown mode or scope, or a slot moved twice or
 *                        both moved and copied (copying one twice is fine)
 *   ERR_BAD_HANDLE, ERR_STALE_HANDLE, ERR_BUSY   from captable_lookup
 *   ERR_NOT_TRANSFERABLE the slot has CAP_SLOT_NO_TRANSFER, or is copied
 *                        and has CAP_SLOT_MOVE_ONLY
 *   ERR_DENIED           the slot's scope forbids this transfer
 *   ERR_QUOTA, ERR_CAP_TABLE_FULL   dst has no room for n more
 *   whatever ops->ref returns, or the hook's injected error
 *
 * who: the two sides' sessions. cap_transfer passes NULL, which means one
 * session, the system's: scopes are checked and recorded but never
 * refuse anything. */
err_t cap_transfer_scoped(struct captable *src, struct captable *dst,
			  const struct ring_xfer *desc, uint32_t n,
			  const struct cap_xfer_ops *ops,
			  const struct cap_xfer_sessions *who,
			  struct ring_cap_record *out,
			  struct cap_xfer_hook *hook);
err_t cap_transfer(struct captable *src, struct captable *dst,
		   const struct ring_xfer *desc, uint32_t n,
		   const struct cap_xfer_ops *ops,
		   struct ring_cap_record *out, struct cap_xfer_hook *hook);

#endif
