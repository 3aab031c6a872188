/* Validation of a submission entry, before the kernel acts on it: the
 * "decode" half of decode-then-invoke for the ring itself. Pure: checks
 * only what the entry says, not whether its handle or memory exist. */
#ifndef CAPOS_LIB_RING_SQE_H
#define CAPOS_LIB_RING_SQE_H
#include "capos/err.h"
#include "lib/ring/ring.h"

#define RING_PARAMS_MAX  (64u * 1024)	/* bytes of a CALL/RETURN message */
#define RING_RESULTS_MAX (64u * 1024)	/* bytes of a result buffer */
#define RING_XFER_MAX    16u		/* transfer descriptors per call */

/* ring_sqe_check(s) (lib/ring/sqe_check.h): ERR_OK, or the first problem
 * found: ERR_BAD_OPCODE, ERR_RESERVED_FIELD, ERR_BAD_FLAGS,
 * ERR_NOT_SUPPORTED (pipelining), ERR_TOO_LARGE, ERR_BAD_ADDRESS (a buffer
 * that wraps or leaves user space). */
/* One transfer descriptor, before anything looks it up: ERR_OK, or
 * ERR_BAD_TRANSFER for an unknown mode or scope. */
err_t ring_xfer_check(const struct ring_xfer *x);
/* A short name for the log ("CALL"), or "?" for unknown opcodes. */
const char *ring_op_name(unsigned op);

#endif
