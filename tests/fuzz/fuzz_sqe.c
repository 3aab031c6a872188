/* Fuzz the SQE validator: any 64 bytes. Invariants on acceptance: the
 * opcode is implemented, reserved fields are zero and every buffer lies in
 * user space; trap otherwise so the fuzzer reports it. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "lib/ring/abi.h"
#include "lib/ring/sqe.h"
#include "lib/ring/sqe_check.h"

static int in_user(uint64_t a, uint64_t n)
{
	return n == 0 || (a < USER_TOP && n <= USER_TOP - a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ring_sqe s;
	if (size < sizeof(s))
		return 0;
	memcpy(&s, data, sizeof(s));
	if (ring_sqe_check(&s) != ERR_OK)
		return 0;
	bool park = s.opcode == RING_OP_PARK || s.opcode == RING_OP_UNPARK;
	if (park && ((s.addr & 3) || s.addr >= USER_TOP - 4 || s.cap))
		__builtin_trap();
	if (park)
		return 0;
	if (s.opcode >= RING_OP_COUNT || s.reserved0 || s.reserved1 ||
	    s.pipeline_dep || s.pipeline_field || (s.flags & RING_SQE_PIPELINE))
		__builtin_trap();
	if (!in_user(s.addr, s.len) || !in_user(s.result_addr, s.result_len) ||
	    !in_user(s.xfer_addr, (uint64_t)s.xfer_count * 16) ||
	    s.len > RING_PARAMS_MAX || s.xfer_count > RING_XFER_MAX)
		__builtin_trap();
	return 0;
}
