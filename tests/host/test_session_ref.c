/* Caller-session references (lib/ident/session_ref.c) over libsodium's
 * HMAC-SHA256, as the kernel derives them: the message layout and the
 * truncation are pinned by a known answer (computed independently with
 * Python's hmac module), and the reference is stable for the same inputs
 * and different when the scope id, the session or the key changes.
 *
 * Also the transfer scopes the kernel records next to them
 * (lib/cap/transfer.c, cap_transfer_scoped): sameSession binds to the
 * receiver's session, serviceRegrantOnly moves on only from the system
 * session, scopes are inherited, and unknown ones are refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>
#include "lib/cap/transfer.h"
#include "lib/ident/session_ref.h"
#include "lib/ring/sqe.h"

static uint8_t key[SESSION_REF_KEY_BYTES], id[SESSION_ID_BYTES];

static void fill(uint8_t *b, size_t n, uint8_t first)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(first + i);
}

static int setup(void **state)
{
	fill(key, sizeof(key), 0x00);
	fill(id, sizeof(id), 0xa0);
	return sodium_init() < 0 ? -1 : 0;
}

static void derive(uint64_t scope, uint64_t ref[2])
{
	session_ref_derive(crypto_auth_hmacsha256, key, scope, id, ref);
}

/* scope id little-endian, then the 16-byte session id. */
static void test_message_layout(void **state)
{
	static const uint8_t want[SESSION_REF_MSG_BYTES] = {
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	};
	uint8_t msg[SESSION_REF_MSG_BYTES];
	session_ref_message(msg, 0x0102030405060708ull, id);
	assert_memory_equal(msg, want, sizeof(want));
	assert_int_equal(SESSION_REF_MSG_BYTES, 24);
	assert_int_equal(SESSION_REF_KEY_BYTES, crypto_auth_hmacsha256_KEYBYTES);
}

/* HMAC-SHA256(00..1f, message above) = f9bc18b2 7a88de8c 099ba6cb
 * 648a3d58 ...: the first 16 bytes as two little-endian words. */
static void test_known_answer(void **state)
{
	uint64_t ref[2];
	derive(0x0102030405060708ull, ref);
	assert_true(ref[0] == 0x8cde887ab218bcf9ull);
	assert_true(ref[1] == 0x583d8a64cba69b09ull);
}

static void test_matches_full_mac(void **state)
{
	uint8_t msg[SESSION_REF_MSG_BYTES], mac[32];
	uint64_t ref[2], w0 = 0, w1 = 0;
	session_ref_message(msg, 77, id);
	crypto_auth_hmacsha256(mac, msg, sizeof(msg), key);
	for (int i = 7; i >= 0; i--) {
		w0 = w0 << 8 | mac[i];
		w1 = w1 << 8 | mac[8 + i];
	}
	derive(77, ref);
	assert_true(ref[0] == w0 && ref[1] == w1);
}

static void test_stable(void **state)
{
	uint64_t a[2], b[2];
	derive(5, a);
	derive(5, b);
	assert_memory_equal(a, b, sizeof(a));
}

static void test_differs_per_scope(void **state)
{
	uint64_t a[2], b[2];
	derive(5, a);
	derive(6, b);
	assert_true(a[0] != b[0] && a[1] != b[1]);
	derive(5ull << 32, b);	/* the high half of the id counts too */
	assert_true(a[0] != b[0] && a[1] != b[1]);
}

static void test_differs_per_session(void **state)
{
	uint64_t a[2], b[2];
	derive(5, a);
	id[15] ^= 1;
	derive(5, b);
	id[15] ^= 1;
	assert_true(a[0] != b[0] && a[1] != b[1]);
}

static void test_differs_per_key(void **state)
{
	uint64_t a[2], b[2];
	derive(5, a);
	key[31] ^= 0x80;
	derive(5, b);
	key[31] ^= 0x80;
	assert_true(a[0] != b[0] && a[1] != b[1]);
}

/* ---- transfer scopes ------------------------------------------------ */

#define NSLOT 8
static struct cap_slot sa[NSLOT], sb[NSLOT];
static struct captable ta, tb;
static int obj;
/* two sessions: tags only */
static const char sess_sys, sess_u1, sess_u2;

static err_t ref_ok(void *ctx, uint32_t type, void *o)
{
	return ERR_OK;
}

static void unref_ok(void *ctx, uint32_t type, void *o)
{
}

static const struct cap_xfer_ops ops = { 0, ref_ok, unref_ok };

static int setup_tables(void **state)
{
	captable_init(&ta, sa, NSLOT, NSLOT);
	captable_init(&tb, sb, NSLOT, NSLOT);
	return 0;
}

/* One copy of h from a to b with `scope`; returns the status, the new
 * slot in *out. */
static err_t give(cap_handle_t h, uint64_t scope,
		  const struct cap_xfer_sessions *who, const struct cap_slot **out)
{
	struct ring_xfer d = { h, RING_XFER_COPY, scope };
	struct ring_cap_record rec;
	err_t e = cap_transfer_scoped(&ta, &tb, &d, 1, &ops, who, &rec, 0);
	if (!e && out)
		assert_int_equal(captable_lookup(&tb, rec.handle, out), ERR_OK);
	return e;
}

static cap_handle_t put_a(void)
{
	cap_handle_t h;
	assert_int_equal(captable_insert(&ta, 1, 0x42, &obj, 0, &h), ERR_OK);
	return h;
}

static void test_default_shareable(void **state)
{
	const struct cap_xfer_sessions who = { &sess_u1, &sess_u2, false };
	const struct cap_slot *s;
	assert_int_equal(give(put_a(), 0, &who, &s), ERR_OK);
	assert_int_equal(s->scope, RING_XFER_SCOPE_SHAREABLE);
	assert_null(s->scope_session);
}

static void test_unknown_scope(void **state)
{
	const struct cap_xfer_sessions who = { &sess_sys, &sess_u1, true };
	assert_int_equal(give(put_a(), RING_XFER_SCOPE_COUNT, &who, 0),
			 ERR_BAD_TRANSFER);
	assert_int_equal(give(put_a(), 1ull << 32, &who, 0), ERR_BAD_TRANSFER);
	assert_int_equal(tb.live, 0);
	struct ring_xfer d = { 0, RING_XFER_MOVE, RING_XFER_SCOPE_REGRANT_ONLY };
	assert_int_equal(ring_xfer_check(&d), ERR_OK);
	d.scope = 3;
	assert_int_equal(ring_xfer_check(&d), ERR_BAD_TRANSFER);
}

/* A sameSession slot is bound to the receiver's session; it may then go
 * only where that session is. */
static void test_same_session(void **state)
{
	const struct cap_xfer_sessions in = { &sess_sys, &sess_u1, true };
	const struct cap_slot *s;
	assert_int_equal(give(put_a(), RING_XFER_SCOPE_SAME_SESSION, &in, &s),
			 ERR_OK);
	assert_int_equal(s->scope, RING_XFER_SCOPE_SAME_SESSION);
	assert_ptr_equal(s->scope_session, &sess_u1);
	/* pretend A now holds it in session u1 */
	cap_handle_t h = put_a();
	struct cap_slot *held = &sa[CAP_HANDLE_SLOT(h)];
	held->scope = RING_XFER_SCOPE_SAME_SESSION;
	held->scope_session = &sess_u1;
	const struct cap_xfer_sessions away = { &sess_u1, &sess_u2, false };
	const struct cap_xfer_sessions sys = { &sess_u1, &sess_sys, false };
	const struct cap_xfer_sessions same = { &sess_u1, &sess_u1, false };
	uint32_t live = tb.live;
	assert_int_equal(give(h, 0, &away, 0), ERR_DENIED);
	assert_int_equal(give(h, 0, &sys, 0), ERR_DENIED);
	assert_int_equal(give(h, RING_XFER_SCOPE_SHAREABLE, &away, 0), ERR_DENIED);
	assert_int_equal(tb.live, live);
	assert_int_equal(give(h, 0, &same, &s), ERR_OK);	/* inherited */
	assert_int_equal(s->scope, RING_XFER_SCOPE_SAME_SESSION);
	assert_ptr_equal(s->scope_session, &sess_u1);
}

static void test_regrant_only(void **state)
{
	cap_handle_t h = put_a();
	struct cap_slot *held = &sa[CAP_HANDLE_SLOT(h)];
	held->scope = RING_XFER_SCOPE_REGRANT_ONLY;
	const struct cap_xfer_sessions user = { &sess_u1, &sess_u1, false };
	const struct cap_xfer_sessions sys = { &sess_sys, &sess_u2, true };
	const struct cap_slot *s;
	assert_int_equal(give(h, 0, &user, 0), ERR_DENIED);
	assert_int_equal(give(h, RING_XFER_SCOPE_SAME_SESSION, &user, 0),
			 ERR_DENIED);
	assert_int_equal(give(h, 0, &sys, &s), ERR_OK);
	assert_int_equal(s->scope, RING_XFER_SCOPE_REGRANT_ONLY);
	/* the broker path: the system side narrows it to the user's session */
	assert_int_equal(give(h, RING_XFER_SCOPE_SAME_SESSION, &sys, &s), ERR_OK);
	assert_int_equal(s->scope, RING_XFER_SCOPE_SAME_SESSION);
	assert_ptr_equal(s->scope_session, &sess_u2);
}

/* cap_transfer (no sessions) records scopes but refuses none. */
static void test_unscoped_api(void **state)
{
	cap_handle_t h = put_a();
	sa[CAP_HANDLE_SLOT(h)].scope = RING_XFER_SCOPE_REGRANT_ONLY;
	struct ring_xfer d = { h, RING_XFER_MOVE, 0 };
	struct ring_cap_record rec;
	assert_int_equal(cap_transfer(&ta, &tb, &d, 1, &ops, &rec, 0), ERR_OK);
	const struct cap_slot *s;
	assert_int_equal(captable_lookup(&tb, rec.handle, &s), ERR_OK);
	assert_int_equal(s->scope, RING_XFER_SCOPE_REGRANT_ONLY);
}

/* A reused slot starts shareable again. */
static void test_insert_resets_scope(void **state)
{
	cap_handle_t h = put_a();
	sa[CAP_HANDLE_SLOT(h)].scope = RING_XFER_SCOPE_SAME_SESSION;
	sa[CAP_HANDLE_SLOT(h)].scope_session = &sess_u1;
	struct cap_slot old;
	assert_int_equal(captable_remove(&ta, h, &old), ERR_OK);
	cap_handle_t h2 = put_a();
	assert_int_equal(CAP_HANDLE_SLOT(h2), CAP_HANDLE_SLOT(h));
	assert_int_equal(sa[CAP_HANDLE_SLOT(h2)].scope, 0);
	assert_null(sa[CAP_HANDLE_SLOT(h2)].scope_session);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_layout),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_matches_full_mac),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_differs_per_scope),
		cmocka_unit_test(test_differs_per_session),
		cmocka_unit_test(test_differs_per_key),
		cmocka_unit_test_setup(test_default_shareable, setup_tables),
		cmocka_unit_test_setup(test_unknown_scope, setup_tables),
		cmocka_unit_test_setup(test_same_session, setup_tables),
		cmocka_unit_test_setup(test_regrant_only, setup_tables),
		cmocka_unit_test_setup(test_unscoped_api, setup_tables),
		cmocka_unit_test_setup(test_insert_resets_scope, setup_tables),
	};
	return cmocka_run_group_tests(tests, setup, 0);
}
