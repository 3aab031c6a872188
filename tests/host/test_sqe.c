/* Submission entry validation: every rule has a case that breaks it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "lib/ring/abi.h"
#include "lib/ring/sqe.h"
#include "lib/ring/sqe_check.h"

static struct ring_sqe call(void)
{
	return (struct ring_sqe){
		.opcode = RING_OP_CALL, .cap = CAP_HANDLE(1, 1), .user_data = 7,
		.addr = 0x500000, .len = 64, .method = 2,
		.result_addr = 0x501000, .result_len = 256,
	};
}

static void test_valid_entries(void **state)
{
	struct ring_sqe s = call();
	assert_int_equal(ring_sqe_check(&s), ERR_OK);
	struct ring_sqe nop = { .opcode = RING_OP_NOP, .user_data = 99 };
	assert_int_equal(ring_sqe_check(&nop), ERR_OK);
	struct ring_sqe rel = { .opcode = RING_OP_RELEASE, .cap = 5 };
	assert_int_equal(ring_sqe_check(&rel), ERR_OK);
	struct ring_sqe ret = { .opcode = RING_OP_RETURN, .cap = 5, .call_id = 3,
				.flags = RING_SQE_EXCEPTION, .addr = 0x400000,
				.len = 8 };
	assert_int_equal(ring_sqe_check(&ret), ERR_OK);
}

static void test_opcodes(void **state)
{
	struct ring_sqe s = call();
	s.opcode = RING_OP_COUNT;
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_OPCODE);
	s.opcode = 0xFF;
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_OPCODE);
	struct ring_sqe park = { .opcode = RING_OP_PARK, .addr = 0x500000,
				 .len = 7, .result_addr = 1000000 };
	assert_int_equal(ring_sqe_check(&park), ERR_OK);
	park.addr = 0x500002;			/* misaligned word */
	assert_int_equal(ring_sqe_check(&park), ERR_BAD_ADDRESS);
	park.addr = USER_TOP - 2;
	assert_int_equal(ring_sqe_check(&park), ERR_BAD_ADDRESS);
	park.addr = 0x500000, park.cap = 1;
	assert_int_equal(ring_sqe_check(&park), ERR_RESERVED_FIELD);
	struct ring_sqe unpark = { .opcode = RING_OP_UNPARK, .addr = 0x500000,
				   .len = 1 };
	assert_int_equal(ring_sqe_check(&unpark), ERR_OK);
	unpark.result_addr = 5;			/* no timeout on UNPARK */
	assert_int_equal(ring_sqe_check(&unpark), ERR_RESERVED_FIELD);
}

static void test_reserved_fields(void **state)
{
	struct ring_sqe s = call();
	s.reserved0 = 1;
	assert_int_equal(ring_sqe_check(&s), ERR_RESERVED_FIELD);
	s = call(), s.reserved1 = 1;
	assert_int_equal(ring_sqe_check(&s), ERR_RESERVED_FIELD);
	s = call(), s.pipeline_dep = 1;
	assert_int_equal(ring_sqe_check(&s), ERR_RESERVED_FIELD);
	s = call(), s.pipeline_field = 1;
	assert_int_equal(ring_sqe_check(&s), ERR_RESERVED_FIELD);
	s = call(), s.call_id = 4;	/* CALL does not use call_id */
	assert_int_equal(ring_sqe_check(&s), ERR_RESERVED_FIELD);
	struct ring_sqe nop = { .opcode = RING_OP_NOP, .cap = 1 };
	assert_int_equal(ring_sqe_check(&nop), ERR_RESERVED_FIELD);
	struct ring_sqe rel = { .opcode = RING_OP_RELEASE, .cap = 1, .method = 1 };
	assert_int_equal(ring_sqe_check(&rel), ERR_RESERVED_FIELD);
	struct ring_sqe recv = { .opcode = RING_OP_RECV, .cap = 1, .len = 1 };
	assert_int_equal(ring_sqe_check(&recv), ERR_RESERVED_FIELD);
}

/* Each optional field alone, on each opcode: accepted exactly where the
 * ABI (docs/architecture.md) says the opcode uses it. */
static void test_field_matrix(void **state)
{
	enum { CAP, ADDR, LEN, METHOD, RADDR, RLEN, CALLID, XADDR, XCOUNT, NF };
	static const uint8_t ops[] = { RING_OP_NOP, RING_OP_CALL, RING_OP_RECV,
				       RING_OP_RETURN, RING_OP_RELEASE,
				       RING_OP_CANCEL };
	static const char *const uses[] = {	/* per op, fields in enum order */
		"000000000", "111111011", "100011000",
		"111000111", "100000000", "010000000",
	};
	for (unsigned o = 0; o < sizeof(ops); o++)
		for (unsigned f = 0; f < NF; f++) {
			struct ring_sqe s = { .opcode = ops[o] };
			switch (f) {
			case CAP: s.cap = 1; break;
			case ADDR: s.addr = 0x1000; break;
			case LEN: s.len = 8; break;	/* no buffer: addr 0 */
			case METHOD: s.method = 1; break;
			case RADDR: s.result_addr = 0x1000; break;
			case RLEN: s.result_len = 8; break;
			case CALLID: s.call_id = 1; break;
			case XADDR: s.xfer_addr = 0x1000; break;
			case XCOUNT: s.xfer_count = 1; break;
			}
			err_t want = uses[o][f] == '1' ? ERR_OK : ERR_RESERVED_FIELD;
			err_t got = ring_sqe_check(&s);
			if (got != want)
				fail_msg("op %u field %u: %d, want %d", ops[o], f,
					 got, want);
		}
}

static void test_flags(void **state)
{
	struct ring_sqe s = call();
	s.flags = 0x8000;
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_FLAGS);
	s.flags = RING_SQE_PIPELINE;
	assert_int_equal(ring_sqe_check(&s), ERR_NOT_SUPPORTED);
	s.flags = RING_SQE_EXCEPTION;	/* only RETURN may raise */
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_FLAGS);
}

static void test_sizes_and_addresses(void **state)
{
	struct ring_sqe s = call();
	s.len = RING_PARAMS_MAX + 1;
	assert_int_equal(ring_sqe_check(&s), ERR_TOO_LARGE);
	s = call(), s.result_len = RING_RESULTS_MAX + 1;
	assert_int_equal(ring_sqe_check(&s), ERR_TOO_LARGE);
	s = call(), s.xfer_count = RING_XFER_MAX + 1;
	assert_int_equal(ring_sqe_check(&s), ERR_TOO_LARGE);
	s = call(), s.addr = 0xffff800000000000ull;	/* kernel address */
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_ADDRESS);
	s = call(), s.addr = USER_TOP - 8, s.len = 16;	/* runs out of user */
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_ADDRESS);
	s = call(), s.result_addr = UINT64_MAX - 4;
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_ADDRESS);
	s = call(), s.xfer_count = 2, s.xfer_addr = USER_TOP - 16;
	assert_int_equal(ring_sqe_check(&s), ERR_BAD_ADDRESS);
	s = call(), s.addr = 0x1234, s.len = 0;		/* empty: never read */
	assert_int_equal(ring_sqe_check(&s), ERR_OK);
}

static void test_names(void **state)
{
	assert_string_equal(ring_op_name(RING_OP_CALL), "CALL");
	assert_string_equal(ring_op_name(200), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_entries),
		cmocka_unit_test(test_opcodes),
		cmocka_unit_test(test_reserved_fields),
		cmocka_unit_test(test_field_matrix),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_sizes_and_addresses),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("sqe", tests, NULL, NULL);
}
