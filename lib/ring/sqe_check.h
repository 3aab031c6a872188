/* Validation of a submission entry, before the kernel acts on it: the
 * "decode" half of decode-then-invoke for the ring itself. Pure: checks
 * only what the entry says, not whether its handle or memory exist.
 *
 * Each opcode uses a subset of the SQE's fields; every field it does not
 * use must be zero, so that giving those fields a meaning later cannot
 * change what an old program's entries do.
 *
 * Inline: the kernel checks every entry, and under TCG a call and its
 * return cost as much as a few dozen plain instructions. */
#ifndef CAPOS_LIB_RING_SQE_CHECK_H
#define CAPOS_LIB_RING_SQE_CHECK_H
#include "lib/ring/abi.h"
#include "lib/ring/sqe.h"

/* Which optional fields an opcode may use. */
enum {
	USES_CAP = 1 << 0, USES_PARAMS = 1 << 1, USES_METHOD = 1 << 2,
	USES_RESULT = 1 << 3, USES_CALL_ID = 1 << 4, USES_XFER = 1 << 5,
	USES_EXC_FLAG = 1 << 6, USES_TARGET = 1 << 7,	/* addr = user_data */
};

static const uint8_t sqe_op_fields[RING_OP_COUNT] = {
	[RING_OP_NOP] = 0,
	[RING_OP_CALL] = USES_CAP | USES_PARAMS | USES_METHOD | USES_RESULT |
			 USES_XFER,
	[RING_OP_RECV] = USES_CAP | USES_RESULT,
	[RING_OP_RETURN] = USES_CAP | USES_PARAMS | USES_CALL_ID | USES_XFER |
			   USES_EXC_FLAG,
	[RING_OP_RELEASE] = USES_CAP,
	[RING_OP_CANCEL] = USES_TARGET,
};

static inline bool buf_ok(uint64_t addr, uint32_t len)
{
	return len == 0 || (addr < USER_TOP && len <= USER_TOP - addr);
}

static inline err_t sqe_check_unused(const struct ring_sqe *s, unsigned f)
{
	if (!(f & USES_CAP) && s->cap)
		return ERR_RESERVED_FIELD;
	if (!(f & (USES_PARAMS | USES_TARGET)) && s->addr)
		return ERR_RESERVED_FIELD;
	if (!(f & USES_PARAMS) && s->len)
		return ERR_RESERVED_FIELD;
	if (!(f & USES_METHOD) && s->method)
		return ERR_RESERVED_FIELD;
	if (!(f & USES_RESULT) && (s->result_addr || s->result_len))
		return ERR_RESERVED_FIELD;
	if (!(f & USES_CALL_ID) && s->call_id)
		return ERR_RESERVED_FIELD;
	if (!(f & USES_XFER) && (s->xfer_count || s->xfer_addr))
		return ERR_RESERVED_FIELD;
	return ERR_OK;
}

static inline err_t sqe_check_sizes(const struct ring_sqe *s)
{
	if (s->len > RING_PARAMS_MAX || s->result_len > RING_RESULTS_MAX ||
	    s->xfer_count > RING_XFER_MAX)
		return ERR_TOO_LARGE;
	uint64_t xfer_bytes = (uint64_t)s->xfer_count * sizeof(struct ring_xfer);
	if (!buf_ok(s->addr, s->len) || !buf_ok(s->result_addr, s->result_len) ||
	    !buf_ok(s->xfer_addr, (uint32_t)xfer_bytes))
		return ERR_BAD_ADDRESS;
	return ERR_OK;
}

/* PARK: addr = the 32-bit word, len = the value expected there,
 * result_addr = timeout in ns (0: none). UNPARK: addr = the word, len =
 * how many to wake. Nothing else. */
static inline err_t sqe_check_park(const struct ring_sqe *s)
{
	if (s->cap || s->method || s->xfer_count || s->xfer_addr || s->call_id ||
	    s->result_len || s->flags ||
	    (s->opcode == RING_OP_UNPARK && s->result_addr))
		return ERR_RESERVED_FIELD;
	if ((s->addr & 3) || s->addr >= USER_TOP - 4)
		return ERR_BAD_ADDRESS;
	return ERR_OK;
}

static inline err_t ring_sqe_check(const struct ring_sqe *s)
{
	/* Is the opcode one we implement? */
	if (s->opcode >= RING_OP_COUNT)
		return ERR_BAD_OPCODE;
	/* Are the always-reserved fields zero? */
	if (s->reserved0 || s->reserved1 || s->pipeline_dep || s->pipeline_field)
		return ERR_RESERVED_FIELD;
	if (s->opcode == RING_OP_PARK || s->opcode == RING_OP_UNPARK)
		return sqe_check_park(s);
	/* Are the flags known, and allowed for this opcode? */
	if (s->flags & ~RING_SQE_FLAGS_KNOWN)
		return ERR_BAD_FLAGS;
	if (s->flags & RING_SQE_PIPELINE)
		return ERR_NOT_SUPPORTED;
	unsigned f = sqe_op_fields[s->opcode];
	if ((s->flags & RING_SQE_EXCEPTION) && !(f & USES_EXC_FLAG))
		return ERR_BAD_FLAGS;
	/* Are the fields this opcode does not use zero? */
	err_t e = sqe_check_unused(s, f);
	if (e)
		return e;
	/* Are sizes within limits and buffers inside user space? */
	return sqe_check_sizes(s);
}

#endif
