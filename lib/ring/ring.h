/* The capability ring: the ABI between a thread and the kernel.
 *
 * Each thread owns one 4 KiB ring page, mapped read-write in its process
 * and reachable by the kernel. User code writes submission entries (SQEs)
 * and advances sq_tail; the kernel consumes them from sq_head during
 * cap_enter, and posts completion entries (CQEs), advancing cq_tail; user
 * code consumes them and advances cq_head. Indices are free-running 32-bit
 * counters; slot = index & (entries - 1).
 *
 * The kernel trusts nothing on this page: it reads each index once,
 * bounds it, copies each SQE before looking at it, and never reads back
 * what it wrote. A thread that scribbles over its own ring only hurts
 * itself, and gets error completions saying so.
 *
 * Completion credits: the kernel consumes an SQE only when it can reserve
 * a CQ slot for its completion (including completions that arrive later,
 * such as a sleep or a RECV). So the CQ never overflows and no completion
 * is ever dropped; a thread that stops reading its CQ stops making
 * progress, nothing else.
 *
 * Page layout (offsets pinned by static asserts below):
 *     0  struct ring_header   (two cache lines: SQ side, CQ side)
 *   128  struct ring_sqe sq[RING_SQ_ENTRIES]   16 x 64 bytes
 *  1152  struct ring_cqe cq[RING_CQ_ENTRIES]   64 x 32 bytes
 *  3200  uint8_t scratch[RING_SCRATCH_SIZE]       896 bytes, the thread's own
 *  4096  end
 *
 * The scratch area is for small params and results. Nothing in the ABI
 * says what goes there; the user runtime puts a synchronous call's
 * params and results in it (user/rt/call.h). What it buys: the kernel
 * reaches a buffer that lies wholly inside its caller's scratch through
 * the direct map, as it reaches the ring itself, instead of a user copy
 * (under TCG the SMAP toggles of a user copy each leave translated code).
 * The result is the same either way, because nothing can be mapped over
 * a ring page while its thread lives (rings sit above USER_SPACE_HI,
 * out of VMem's reach). Any other address, in the ring page or not, is
 * an ordinary user buffer.
 */
#ifndef CAPOS_LIB_RING_H
#define CAPOS_LIB_RING_H
#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC 0x52504143u		/* "CAPR" */
#define RING_VERSION 1u
#define RING_PAGE_SIZE 4096u
#define RING_SQ_ENTRIES 16u
#define RING_CQ_ENTRIES 64u
#define RING_SCRATCH_OFF 3200u
#define RING_SCRATCH_SIZE (RING_PAGE_SIZE - RING_SCRATCH_OFF)

/* Opcodes. Numeric values are ABI. */
enum ring_op {
	RING_OP_NOP = 0,
	RING_OP_CALL = 1,
	RING_OP_RECV = 2,
	RING_OP_RETURN = 3,
	RING_OP_RELEASE = 4,
	RING_OP_CANCEL = 5,
	RING_OP_PARK = 6,
	RING_OP_UNPARK = 7,
	RING_OP_COUNT
};

/* SQE flags */
#define RING_SQE_EXCEPTION 0x0001u	/* RETURN carries a CapException */
#define RING_SQE_PIPELINE  0x0002u	/* promise pipelining: refused for now */
#define RING_SQE_FLAGS_KNOWN (RING_SQE_EXCEPTION | RING_SQE_PIPELINE)

/* A capability handle: slot index plus the slot's generation when the
 * handle was issued. A released and reused slot has a new generation, so
 * an old handle is refused as stale, never aliased. */
typedef uint32_t cap_handle_t;
#define CAP_HANDLE(slot, gen) ((cap_handle_t)(((uint32_t)(gen) << 16) | (slot)))
#define CAP_HANDLE_SLOT(h) ((uint32_t)(h) & 0xFFFFu)
#define CAP_HANDLE_GEN(h) ((uint32_t)(h) >> 16)
#define CAP_HANDLE_NONE 0xFFFFFFFFu

struct ring_sqe {
	uint8_t opcode;		/* enum ring_op */
	uint8_t reserved0;	/* must be 0 */
	uint16_t flags;		/* RING_SQE_* */
	cap_handle_t cap;	/* target capability */
	uint64_t user_data;	/* echoed in the completion */
	uint64_t addr;		/* params message (CALL, RETURN) */
	uint32_t len;
	uint16_t method;	/* method ordinal within the cap's interface */
	uint16_t xfer_count;	/* transfer descriptors at xfer_addr */
	uint64_t result_addr;	/* results buffer (CALL, RECV) */
	uint32_t result_len;
	uint32_t call_id;	/* RETURN: which delivered call; CANCEL: target */
	uint32_t pipeline_dep;	/* reserved for promise pipelining: 0 */
	uint16_t pipeline_field;	/* reserved: 0 */
	uint16_t reserved1;	/* must be 0 */
	uint64_t xfer_addr;	/* array of struct ring_xfer */
};

struct ring_cqe {
	uint64_t user_data;
	int32_t result;		/* >= 0: opcode-specific success; < 0: err_t */
	uint32_t flags;		/* RING_CQE_* */
	uint64_t aux0;		/* RECV: call id; CALL: result caps count */
	uint64_t aux1;		/* RECV: method ordinal | interface id bits */
};

#define RING_CQE_EXCEPTION 0x0001u	/* result buffer holds a CapException */
#define RING_CQE_CAPS      0x0002u	/* result capability records follow */

/* Capabilities that come back with results (a new Blob, a spawned
 * process's handle, caps moved by an endpoint RETURN) are inserted into
 * the caller's table; capability pointer i in the results message refers
 * to record i. The records follow the framed results in the result buffer
 * at byte offset aux1 (8-aligned); aux0 holds their count. */
struct ring_cap_record {
	cap_handle_t handle;
	uint32_t reserved;
	uint64_t interface_id;
};

/* Capability transfer descriptor (IPC issue). `scope` says how far the
 * capability may travel from its receiver (schema/identity.capnp
 * TransferScope; the receiving slot keeps it): 0, shareable, is what
 * every older descriptor meant. */
struct ring_xfer {
	cap_handle_t cap;
	uint32_t mode;		/* RING_XFER_COPY or RING_XFER_MOVE */
	uint64_t scope;		/* RING_XFER_SCOPE_*; was `reserved` (0) */
};
#define RING_XFER_COPY 1u
#define RING_XFER_MOVE 2u
#define RING_XFER_SCOPE_SHAREABLE 0u	/* anywhere */
#define RING_XFER_SCOPE_SAME_SESSION 1u	/* within the receiver's session */
#define RING_XFER_SCOPE_REGRANT_ONLY 2u	/* onward by system processes only */
#define RING_XFER_SCOPE_COUNT 3u

struct ring_header {
	uint32_t magic;
	uint32_t version;
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t sq_off;		/* byte offset of sq[] in the page */
	uint32_t cq_off;
	volatile uint32_t sq_head;	/* kernel writes */
	volatile uint32_t sq_tail;	/* user writes */
	uint8_t pad0[32];
	volatile uint32_t cq_head;	/* user writes */
	volatile uint32_t cq_tail;	/* kernel writes */
	volatile uint32_t sq_refused;	/* SQEs refused for a bad header */
	uint32_t pad1[13];
};

struct ring_page {
	struct ring_header hdr;
	struct ring_sqe sq[RING_SQ_ENTRIES];
	struct ring_cqe cq[RING_CQ_ENTRIES];
	uint8_t scratch[RING_SCRATCH_SIZE];
};

_Static_assert(sizeof(struct ring_sqe) == 64, "SQE is 64 bytes");
_Static_assert(sizeof(struct ring_cqe) == 32, "CQE is 32 bytes");
_Static_assert(sizeof(struct ring_xfer) == 16, "transfer descriptor");
_Static_assert(offsetof(struct ring_xfer, scope) == 8, "xfer scope");
_Static_assert(sizeof(struct ring_cap_record) == 16, "result cap record");
_Static_assert(sizeof(struct ring_header) == 128, "ring header");
_Static_assert(offsetof(struct ring_header, cq_head) == 64, "CQ line");
_Static_assert(offsetof(struct ring_sqe, user_data) == 8, "sqe user_data");
_Static_assert(offsetof(struct ring_sqe, addr) == 16, "sqe addr");
_Static_assert(offsetof(struct ring_sqe, method) == 28, "sqe method");
_Static_assert(offsetof(struct ring_sqe, result_addr) == 32, "sqe result");
_Static_assert(offsetof(struct ring_sqe, call_id) == 44, "sqe call_id");
_Static_assert(offsetof(struct ring_sqe, xfer_addr) == 56, "sqe xfer");
_Static_assert(offsetof(struct ring_page, sq) == 128, "SQ offset");
_Static_assert(offsetof(struct ring_page, cq) == 1152, "CQ offset");
_Static_assert(offsetof(struct ring_page, scratch) == RING_SCRATCH_OFF,
	       "scratch offset");
_Static_assert(RING_SCRATCH_OFF % 64 == 0, "scratch is cache-line aligned");
_Static_assert(sizeof(struct ring_page) == RING_PAGE_SIZE, "one page");
_Static_assert((RING_SQ_ENTRIES & (RING_SQ_ENTRIES - 1)) == 0, "pow2");
_Static_assert((RING_CQ_ENTRIES & (RING_CQ_ENTRIES - 1)) == 0, "pow2");

#endif
