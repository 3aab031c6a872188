/* Transfer descriptors and opcode names; the entry check itself is
 * inline, in lib/ring/sqe_check.h. */
#include "capos/identity.h"
#include "lib/ring/abi.h"
#include "lib/ring/sqe.h"

static const char *const op_names[RING_OP_COUNT] = {
	"NOP", "CALL", "RECV", "RETURN", "RELEASE", "CANCEL", "PARK", "UNPARK",
};

_Static_assert(RING_XFER_SCOPE_SHAREABLE == TransferScope_shareable &&
	       RING_XFER_SCOPE_SAME_SESSION == TransferScope_sameSession &&
	       RING_XFER_SCOPE_REGRANT_ONLY == TransferScope_serviceRegrantOnly &&
	       RING_XFER_SCOPE_COUNT == TransferScope_COUNT,
	       "ring_xfer.scope is schema TransferScope");

err_t ring_xfer_check(const struct ring_xfer *x)
{
	if (x->mode != RING_XFER_COPY && x->mode != RING_XFER_MOVE)
		return ERR_BAD_TRANSFER;
	if (x->scope >= RING_XFER_SCOPE_COUNT)
		return ERR_BAD_TRANSFER;
	return ERR_OK;
}

const char *ring_op_name(unsigned op)
{
	return op < RING_OP_COUNT ? op_names[op] : "?";
}
