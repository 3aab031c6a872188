/* lib/ident/audit_ring: sequence numbers, overwriting the oldest and
 * counting drops, read spans, truncation with a marker and sanitising. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/ident/audit_ring.h"

static struct audit_text T(const char *s)
{
	return (struct audit_text){ s, strlen(s) };
}

static struct audit_input ev(const char *event, const char *detail)
{
	return (struct audit_input){ T(event), T("success"), T("none"),
				     T(detail), 0 };
}

static struct audit_ring *ring(void)
{
	struct audit_ring *r = malloc(sizeof *r);
	audit_ring_init(r);
	return r;
}

static void append_n(struct audit_ring *r, unsigned n)
{
	char d[32];
	for (unsigned i = 0; i < n; i++) {
		snprintf(d, sizeof d, "n=%u", (unsigned)r->next);
		struct audit_input in = ev("launch", d);
		audit_ring_append(r, &in, 1000 + r->next);
	}
}

static void test_empty(void **state)
{
	struct audit_ring *r = ring();
	assert_int_equal(audit_ring_oldest(r), 1);
	assert_null(audit_ring_get(r, 0));
	assert_null(audit_ring_get(r, 1));
	struct audit_span s = audit_ring_span(r, 0, 10);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.first, 1);
	assert_int_equal(s.next, 1);
	free(r);
}

static void test_append_and_read_in_order(void **state)
{
	struct audit_ring *r = ring();
	struct audit_input a = { T("login"), T("denied"), T("bad-credentials"),
				 T(""), 1000 };
	struct audit_input b = { T("login"), T("success"), T(""),
				 T("user=alice"), 0 };
	assert_int_equal(audit_ring_append(r, &a, 5), 1);
	assert_int_equal(audit_ring_append(r, &b, 7), 2);
	const struct audit_entry *e = audit_ring_get(r, 1);
	assert_non_null(e);
	assert_int_equal(e->seq, 1);
	assert_int_equal(e->time_ns, 5);
	assert_int_equal(e->delay_ms, 1000);
	assert_string_equal(e->event, "login");
	assert_string_equal(e->result, "denied");
	assert_string_equal(e->reason, "bad-credentials");
	assert_string_equal(e->detail, "");
	e = audit_ring_get(r, 2);
	assert_string_equal(e->detail, "user=alice");
	assert_null(audit_ring_get(r, 3));

	struct audit_span s = audit_ring_span(r, 0, 10);
	assert_int_equal(s.first, 1);
	assert_int_equal(s.count, 2);
	assert_int_equal(s.next, 3);
	s = audit_ring_span(r, 2, 10);
	assert_int_equal(s.first, 2);
	assert_int_equal(s.count, 1);
	s = audit_ring_span(r, 1, 1);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.next, 2);
	s = audit_ring_span(r, 3, 10);	// caught up
	assert_int_equal(s.count, 0);
	assert_int_equal(s.next, 3);
	s = audit_ring_span(r, 1, 0);	// max 0
	assert_int_equal(s.count, 0);
	assert_int_equal(s.next, 1);
	assert_int_equal(r->dropped, 0);
	free(r);
}

static void test_wrap_overwrites_oldest(void **state)
{
	struct audit_ring *r = ring();
	append_n(r, AUDIT_RING_CAP);
	assert_int_equal(r->dropped, 0);
	assert_int_equal(audit_ring_oldest(r), 1);
	append_n(r, 10);
	assert_int_equal(r->dropped, 10);
	assert_int_equal(audit_ring_oldest(r), 11);
	assert_null(audit_ring_get(r, 10));
	const struct audit_entry *e = audit_ring_get(r, 11);
	assert_int_equal(e->seq, 11);
	assert_string_equal(e->detail, "n=11");
	e = audit_ring_get(r, AUDIT_RING_CAP + 10);
	assert_int_equal(e->seq, AUDIT_RING_CAP + 10);
	assert_null(audit_ring_get(r, AUDIT_RING_CAP + 11));

	// a reader behind the ring resumes at the oldest kept: the gap shows
	struct audit_span s = audit_ring_span(r, 3, 5);
	assert_int_equal(s.first, 11);
	assert_int_equal(s.count, 5);
	assert_int_equal(s.next, 16);
	// reading the whole ring in steps visits every kept seq once, in order
	uint64_t from = 0, expect = 11;
	for (;;) {
		s = audit_ring_span(r, from, 7);
		if (!s.count)
			break;
		for (uint32_t i = 0; i < s.count; i++)
			assert_int_equal(audit_ring_get(r, s.first + i)->seq,
					 expect++);
		from = s.next;
	}
	assert_int_equal(expect, r->next);
	free(r);
}

static void test_seq_never_reused(void **state)
{
	struct audit_ring *r = ring();
	uint64_t last = 0;
	for (unsigned i = 0; i < 5 * AUDIT_RING_CAP + 3; i++) {
		struct audit_input in = ev("x", "");
		uint64_t seq = audit_ring_append(r, &in, i);
		assert_int_equal(seq, last + 1);
		last = seq;
	}
	assert_int_equal(r->dropped, 4 * AUDIT_RING_CAP + 3);
	for (uint64_t s = audit_ring_oldest(r); s < r->next; s++)
		assert_int_equal(audit_ring_get(r, s)->seq, s);
	free(r);
}

static void test_span_from_future_and_huge(void **state)
{
	struct audit_ring *r = ring();
	append_n(r, 3);
	struct audit_span s = audit_ring_span(r, 100, 10);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.next, 4);
	s = audit_ring_span(r, UINT64_MAX, UINT32_MAX);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.next, 4);
	s = audit_ring_span(r, 0, UINT32_MAX);
	assert_int_equal(s.count, 3);
	assert_null(audit_ring_get(r, UINT64_MAX));
	free(r);
}

static void test_truncation_marks(void **state)
{
	struct audit_ring *r = ring();
	char big[1000];
	memset(big, 'd', sizeof big - 1);
	big[sizeof big - 1] = 0;
	struct audit_input in = { T(big), T(big), T(big), T(big), 7 };
	audit_ring_append(r, &in, 0);
	const struct audit_entry *e = audit_ring_get(r, 1);
	assert_int_equal(strlen(e->event), AUDIT_EVENT_MAX);
	assert_int_equal(strlen(e->result), AUDIT_RESULT_MAX);
	assert_int_equal(strlen(e->reason), AUDIT_REASON_MAX);
	assert_int_equal(strlen(e->detail), AUDIT_DETAIL_MAX);
	assert_string_equal(e->detail + AUDIT_DETAIL_MAX - 3, "...");
	assert_string_equal(e->result + AUDIT_RESULT_MAX - 3, "...");
	assert_int_equal(e->detail[AUDIT_DETAIL_MAX - 4], 'd');
	assert_int_equal(r->truncated, 4);

	// exactly at the limit: kept whole, no marker
	big[AUDIT_DETAIL_MAX] = 0;
	in = ev("e", big);
	audit_ring_append(r, &in, 0);
	e = audit_ring_get(r, 2);
	assert_string_equal(e->detail, big);
	assert_int_equal(r->truncated, 4);
	free(r);
}

static void test_sanitised(void **state)
{
	struct audit_ring *r = ring();
	static const char evil[] = "a\nI kernel: forged\x1b[2J\x7f\xff\0z";
	struct audit_input in = { { evil, sizeof evil - 1 }, T("ok\r"),
				  T("\t"), { "x\0y", 3 }, 0 };
	audit_ring_append(r, &in, 0);
	const struct audit_entry *e = audit_ring_get(r, 1);
	assert_string_equal(e->event, "a?I kernel: forged?[2J???z");
	assert_string_equal(e->result, "ok?");
	assert_string_equal(e->reason, "?");
	assert_string_equal(e->detail, "x?y");
	for (const char *p = e->event; *p; p++)
		assert_true(*p >= ' ' && *p <= '~');
	free(r);
}

static void test_wire_bound(void **state)
{
	// the per-event bound covers the struct and every text at its limit
	size_t words = 3 + 4 + (AUDIT_EVENT_MAX + 8) / 8 +
		       (AUDIT_RESULT_MAX + 8) / 8 + (AUDIT_REASON_MAX + 8) / 8 +
		       (AUDIT_DETAIL_MAX + 8) / 8;
	assert_int_equal(AUDIT_EVENT_WIRE_BYTES, 8 * words);
	assert_true(AUDIT_READ_RESULT_BYTES(AUDIT_READ_MAX) <= 16384);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append_and_read_in_order),
		cmocka_unit_test(test_wrap_overwrites_oldest),
		cmocka_unit_test(test_seq_never_reused),
		cmocka_unit_test(test_span_from_future_and_huge),
		cmocka_unit_test(test_truncation_marks),
		cmocka_unit_test(test_sanitised),
		cmocka_unit_test(test_wire_bound),
	};
	return cmocka_run_group_tests_name("audit_ring", tests, NULL, NULL);
}
