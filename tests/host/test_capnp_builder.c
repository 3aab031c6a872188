/* lib/capnp builder and the generated C: byte-exact output for the worked
 * examples, defaults, unions, lists, capabilities, buffer exhaustion, the
 * client stubs and server dispatch, the err_t table and interface table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/capnp/capnp.h"
#include "lib/capnp/call.h"
#include "capos-test/test.h"
#include "capos/console.h"
#include "capos/err.h"
#include "capos/interfaces.h"
#include "capos/process.h"

static uint64_t word(const uint8_t *msg, size_t i)
{
	uint64_t v;
	memcpy(&v, msg + 8 + 8 * i, 8);
	return v;
}

/* Building E1 field by field gives capnp's exact bytes. */
static void test_build_e1(void **state)
{
	static const uint64_t e1[] = {
		0x0003000200000000, 0xfffffffeab031234, 0x0102030405060708,
		0x0000001a00000009, 0x0000001200000009, 0x0000000100000008,
		0x0000000000006968, 0x000000000000adde, 0xffffffff00000001,
	};
	uint8_t buf[256];
	memset(buf, 0xee, sizeof buf);	/* builder must zero what it uses */
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	Basic_b r = { capn_b_root(&b, Basic_DATA_WORDS, Basic_PTR_COUNT) };
	Basic_set_a(r, 0x1234);
	Basic_set_b(r, true);
	Basic_set_c(r, 0x0102030405060708);
	Basic_set_name(r, "hi", 2);
	Basic_set_d(r, true);
	Basic_set_e(r, 0xab);
	Basic_set_f(r, -2);
	Basic_set_blob(r, "\xde\xad", 2);
	Point_b p = Basic_init_p(r);
	Point_set_x(p, 1);
	Point_set_y(p, -1);
	size_t n = capn_build_finish(&b);
	assert_int_equal(n, 8 + 9 * 8);
	assert_int_equal(buf[0] | buf[1] | buf[2] | buf[3], 0);
	assert_int_equal(buf[4], 9);
	for (size_t i = 0; i < 9; i++)
		assert_true(word(buf, i) == e1[i]);
}

static void test_build_defaults(void **state)
{
	uint8_t buf[256];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	Defaults_b d = { capn_b_root(&b, Defaults_DATA_WORDS, Defaults_PTR_COUNT) };
	Defaults_set_i(d, 100);
	Defaults_set_b(d, true);
	Defaults_set_f_bits(d, 0x3fc00000);
	Defaults_set_color(d, Color_blue);
	Defaults_set_s8(d, -3);
	Defaults_set_s64(d, -5000000000ll);
	size_t n = capn_build_finish(&b);
	/* every value equals its default: all data words are zero */
	for (size_t i = 1; i <= 3; i++)
		assert_true(word(buf, i) == 0);
	Defaults_set_i(d, 101);
	Defaults_set_b(d, false);
	Defaults_set_f_bits(d, 0);
	Defaults_set_u(d, 7);
	assert_true((word(buf, 1) & 0xffffffffffff) == 0x070100000001ull);
	assert_true(word(buf, 2) == 0x3fc00000);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, buf, n), 0);
	Defaults_r r = { capn_msg_root(&m) };
	assert_int_equal(Defaults_get_i(r), 101);
	assert_false(Defaults_get_b(r));
	assert_int_equal(Defaults_get_u(r), 7);
	assert_int_equal(Defaults_get_color(r), Color_blue);
}

static void test_build_unions(void **state)
{
	uint8_t buf[256];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	Unions_b u = { capn_b_root(&b, Unions_DATA_WORDS, Unions_PTR_COUNT) };
	Unions_set_tag(u, 5);
	Unions_set_num(u, 9);
	Unions_g_b g = Unions_init_g(u);
	Unions_g_set_gx(g, 3);
	Unions_g_set_gy(g, "z", 1);
	Unions_named_set_nb(Unions_init_named(u), -3);
	size_t n = capn_build_finish(&b);
	/* E3's bytes */
	assert_true(word(buf, 1) == 0x0003000100000005ull);
	assert_true(word(buf, 2) == 9);
	assert_true(word(buf, 3) == 0x00000000000100fdull);
	assert_true(word(buf, 5) == 0x0000001200000001ull);
	struct capn_msg m;
	capn_msg_init(&m, buf, n);
	Unions_r r = { capn_msg_root(&m) };
	assert_int_equal(Unions_which(r), Unions_which_num);
	/* switching the member rewrites the discriminant */
	Unions_set_txt(u, "q", 1);
	n = capn_build_finish(&b);
	capn_msg_init(&m, buf, n);
	r = (Unions_r){ capn_msg_root(&m) };
	assert_int_equal(Unions_which(r), Unions_which_txt);
	assert_string_equal(Unions_get_txt(r).str, "q");
	assert_int_equal(Unions_validate(r), 0);
}

static void test_build_lists(void **state)
{
	uint8_t buf[1024];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	Lists_b l = { capn_b_root(&b, Lists_DATA_WORDS, Lists_PTR_COUNT) };
	Lists_init_voids(l, 3);
	struct capn_list_b bits = Lists_init_bools(l, 9);
	static const bool want[] = { 1, 0, 1, 1, 0, 0, 0, 0, 1 };
	for (uint32_t i = 0; i < 9; i++)
		capn_lb_bit(&bits, i, want[i]);
	struct capn_list_b u16s = Lists_init_u16s(l, 2);
	capn_lb_u16(&u16s, 0, 0x1111);
	capn_lb_u16(&u16s, 1, 0x2222);
	Point_list_b pts = Lists_init_points(l, 2);
	Point_set_x(Point_list_at(pts, 0), 1);
	Point_set_y(Point_list_at(pts, 0), 2);
	Point_set_x(Point_list_at(pts, 1), 3);
	Point_set_y(Point_list_at(pts, 1), 4);
	struct capn_list_b nested = Lists_init_nested(l, 2);
	struct capn_list_b in = capn_lb_list(&nested, 0, CAPN_FOUR, 1);
	capn_lb_u32(&in, 0, 7);
	capn_lb_list(&nested, 1, CAPN_FOUR, 0);
	struct capn_list_b texts = Lists_init_texts(l, 2);
	capn_lb_text(&texts, 0, "one", 3);
	capn_lb_text(&texts, 1, "", 0);
	struct capn_list_b datas = Lists_init_datas(l, 1);
	capn_lb_data(&datas, 0, "\x01\x02\x03", 3);
	size_t n = capn_build_finish(&b);
	assert_int_not_equal(n, 0);

	struct capn_msg m;
	capn_msg_init(&m, buf, n);
	Lists_r r = { capn_msg_root(&m) };
	struct capn_list_r x = Lists_get_bools(r);
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(capn_list_bit(&x, i), want[i]);
	x = Lists_get_voids(r);
	assert_int_equal(capn_list_len(&x), 3);
	Point_list_r pr = Lists_get_points(r);
	assert_int_equal(Point_get_y(Point_list_get(pr, 0)), 2);
	assert_int_equal(Point_get_x(Point_list_get(pr, 1)), 3);
	x = Lists_get_nested(r);
	struct capn_list_r in0 = capn_list_list(&x, 0, CAPN_FOUR);
	assert_int_equal(capn_list_u32(&in0, 0), 7);
	x = Lists_get_texts(r);
	assert_string_equal(capn_list_text(&x, 0).str, "one");
	assert_int_equal(capn_list_text(&x, 1).len, 0);
	x = Lists_get_datas(r);
	assert_int_equal(capn_list_data(&x, 0).ptr[2], 3);
	assert_int_equal(Lists_validate(r), 0);
}

static void test_build_empty_struct(void **state)
{
	uint8_t buf[128];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	WithEmpty_b w = { capn_b_root(&b, WithEmpty_DATA_WORDS,
				      WithEmpty_PTR_COUNT) };
	WithEmpty_init_e(w);
	WithEmpty_init_es(w, 5);
	size_t n = capn_build_finish(&b);
	/* an empty struct has offset -1 so it is not null */
	assert_true(word(buf, 1) == 0x00000000fffffffcull);
	struct capn_msg m;
	capn_msg_init(&m, buf, n);
	WithEmpty_r r = { capn_msg_root(&m) };
	assert_true(WithEmpty_has_e(r));
	assert_int_equal(Empty_list_len(WithEmpty_get_es(r)), 5);
	assert_int_equal(capn_msg_error(&m), 0);
	/* an empty root, e.g. the params of a method with no arguments */
	capn_build_init(&b, buf, sizeof buf);
	capn_b_root(&b, 0, 0);
	n = capn_build_finish(&b);
	assert_int_equal(n, 16);
	capn_msg_init(&m, buf, n);
	(void)capn_msg_root(&m);
	assert_int_equal(capn_msg_error(&m), 0);
}

static void test_build_nospace(void **state)
{
	uint8_t buf[64];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);	/* 7 words of segment */
	Basic_b r = { capn_b_root(&b, Basic_DATA_WORDS, Basic_PTR_COUNT) };
	Basic_set_a(r, 1);
	assert_int_equal(Basic_set_name(r, "a long name here", 16),
			 CAPN_ENOSPACE);
	Point_b p = Basic_init_p(r);	/* no-ops from here on */
	Point_set_x(p, 5);
	assert_int_equal(capn_build_finish(&b), 0);
	assert_int_equal(capn_build_error(&b), CAPN_ENOSPACE);
	capn_build_init(&b, buf, 8);
	assert_int_equal(capn_build_error(&b), CAPN_ENOSPACE);
	/* a slot beyond the struct's pointers */
	capn_build_init(&b, buf, sizeof buf);
	struct capn_struct_b s = capn_b_root(&b, 1, 1);
	capn_b_text(&s, 1, "x", 1);
	assert_int_equal(capn_build_error(&b), CAPN_EINVAL);
}

static void test_build_caps(void **state)
{
	uint8_t buf[256];
	struct capn_builder b;
	capn_build_init(&b, buf, sizeof buf);
	Holder_b h = { capn_b_root(&b, Holder_DATA_WORDS, Holder_PTR_COUNT) };
	Holder_set_n(h, 7);
	Holder_set_cap(h, 0);
	struct capn_list_b caps = Holder_init_caps(h, 2);
	capn_lb_cap(&caps, 0, 4);
	capn_lb_cap(&caps, 1, 2);
	assert_int_equal(b.ncaps, 5);
	size_t n = capn_build_finish(&b);
	assert_true(word(buf, 2) == 3);
	struct capn_msg m;
	capn_msg_init(&m, buf, n);
	Holder_r r = { capn_msg_root(&m) };
	assert_int_equal(Holder_get_cap(r), 0);
	assert_int_equal(Holder_kind_any(r), CAPN_KIND_NULL);
	struct capn_list_r cl = Holder_get_caps(r);
	assert_int_equal(capn_list_cap(&cl, 0), 4);
	assert_int_equal(capn_list_cap(&cl, 1), 2);
	assert_int_equal(capn_r_cap(&r.s, Holder_any_SLOT), CAPN_NO_CAP);
	assert_int_equal(Holder_validate(r), 0);
}

/* ---- stubs and dispatch ------------------------------------------------- */

struct echo_state {
	int calls;
	uint32_t held;
};

static int echo_echo(void *self, Echo_echo_Params_r p, Echo_echo_Results_b r)
{
	struct echo_state *st = self;
	char out[64];
	struct capn_text t = Echo_echo_Params_get_text(p);
	uint32_t times = Echo_echo_Params_get_times(p), n = 0;
	st->calls++;
	for (uint32_t i = 0; i < times && n + t.len < sizeof out; i++, n += t.len)
		memcpy(out + n, t.str, t.len);
	return Echo_echo_Results_set_reply(r, out, n);
}

static int echo_hold(void *self, Echo_hold_Params_r p, Echo_hold_Results_b r)
{
	struct echo_state *st = self;
	Holder_r h = Echo_hold_Params_get_holder(p);
	st->calls++;
	st->held = Holder_get_cap(h);
	Echo_hold_Results_set_count(r, Holder_get_n(h));
	return 0;
}

static const struct Echo_server echo_server = {
	.echo = echo_echo,
	.hold = echo_hold,
};

/* What the ring would do: hand params to the server, results back. */
static int serve(struct echo_state *st, struct capn_call *c)
{
	struct capn_dispatch d;
	capn_dispatch_init(&d, c->method, c->params, c->params_len,
			   c->results, c->results_cap);
	return Echo_dispatch(&echo_server, st, &d);
}

static void test_stub_and_dispatch(void **state)
{
	uint8_t pbuf[256], rbuf[256];
	struct capn_call c;
	struct echo_state st = { 0 };
	assert_int_equal(Echo_echo_prepare(&c, pbuf, sizeof pbuf, "ab", 2, 3), 0);
	assert_true(c.interface_id == Echo_IFACE_ID);
	assert_int_equal(c.method, Echo_echo_METHOD);
	capn_call_set_results(&c, rbuf, sizeof rbuf);
	int status = serve(&st, &c);
	assert_int_equal(status, 0);
	struct capn_msg m;
	Echo_echo_Results_r res;
	assert_int_equal(Echo_echo_results(&m, &c, status, &res), 0);
	assert_string_equal(Echo_echo_Results_get_reply(res).str, "ababab");

	/* a struct parameter carrying a capability, built through begin() */
	struct capn_builder b;
	Echo_hold_Params_b hp = Echo_hold_begin(&c, &b, pbuf, sizeof pbuf);
	Holder_b h = Echo_hold_Params_init_holder(hp);
	Holder_set_n(h, 41);
	Holder_set_cap(h, 2);
	assert_int_equal(capn_call_seal(&c, &b), 0);
	assert_int_equal(c.ncaps, 3);
	capn_call_set_results(&c, rbuf, sizeof rbuf);
	status = serve(&st, &c);
	Echo_hold_Results_r hr;
	assert_int_equal(Echo_hold_results(&m, &c, status, &hr), 0);
	assert_int_equal(Echo_hold_Results_get_count(hr), 41);
	assert_int_equal(st.held, 2);

	/* unimplemented, unknown method, transport error passthrough */
	Echo_ping_prepare(&c, pbuf, sizeof pbuf);
	assert_int_equal(serve(&st, &c), CAPN_EUNIMPL);
	c.method = Echo_METHOD_COUNT;
	assert_int_equal(serve(&st, &c), CAPN_EMETHOD);
	assert_int_equal(Echo_echo_results(&m, &c, ERR_TIMEOUT, &res),
			 ERR_TIMEOUT);
	assert_string_equal(Echo_method_name(Echo_hold_METHOD), "hold");
	assert_null(Echo_method_name(99));
}

/* Malformed params never reach the handler. */
static void test_dispatch_rejects(void **state)
{
	uint8_t pbuf[256], rbuf[256];
	struct capn_call c;
	struct echo_state st = { 0 };
	Echo_echo_prepare(&c, pbuf, sizeof pbuf, "ab", 2, 1);
	capn_call_set_results(&c, rbuf, sizeof rbuf);
	/* break the text's NUL */
	pbuf[c.params_len - 6] = 'x';
	assert_int_equal(serve(&st, &c), CAPN_ETEXT);
	/* truncate the message */
	Echo_echo_prepare(&c, pbuf, sizeof pbuf, "ab", 2, 1);
	c.params_len -= 8;
	assert_int_equal(serve(&st, &c), CAPN_ETRUNC);
	/* results that do not fit */
	Echo_echo_prepare(&c, pbuf, sizeof pbuf, "abcdefgh", 8, 4);
	capn_call_set_results(&c, rbuf, 32);
	assert_int_equal(serve(&st, &c), CAPN_ENOSPACE);
	assert_int_equal(st.calls, 1);
}

/* A real schema: ProcessSpawner.spawn with grants carrying capabilities. */
static void test_spawn_params(void **state)
{
	uint8_t buf[1024];
	struct capn_call c;
	struct capn_builder b;
	ProcessSpawner_spawn_Params_b p = ProcessSpawner_spawn_begin(
		&c, &b, buf, sizeof buf);
	ProcessSpawner_spawn_Params_set_name(p, "shell", 5);
	ProcessSpawner_spawn_Params_set_binary(p, "capos-shell", 11);
	CapGrant_list_b g = ProcessSpawner_spawn_Params_init_grants(p, 2);
	CapGrant_set_name(CapGrant_list_at(g, 0), "console", 7);
	CapGrant_set_cap(CapGrant_list_at(g, 0), 0);
	CapGrant_set_interfaceId(CapGrant_list_at(g, 0), Console_IFACE_ID);
	CapGrant_set_name(CapGrant_list_at(g, 1), "log", 3);
	CapGrant_set_newEndpoint(CapGrant_list_at(g, 1));
	ProcessLimits_set_threads(ProcessSpawner_spawn_Params_init_limits(p), 4);
	assert_int_equal(capn_call_seal(&c, &b), 0);
	assert_true(c.interface_id == ProcessSpawner_IFACE_ID);
	assert_int_equal(c.ncaps, 1);

	struct capn_msg m;
	capn_msg_init(&m, c.params, c.params_len);
	ProcessSpawner_spawn_Params_r r = { capn_msg_root(&m) };
	assert_int_equal(ProcessSpawner_spawn_Params_validate(r), 0);
	CapGrant_list_r gl = ProcessSpawner_spawn_Params_get_grants(r);
	assert_int_equal(CapGrant_which(CapGrant_list_get(gl, 0)),
			 CapGrant_which_cap);
	assert_int_equal(CapGrant_get_cap(CapGrant_list_get(gl, 0)), 0);
	assert_int_equal(CapGrant_which(CapGrant_list_get(gl, 1)),
			 CapGrant_which_newEndpoint);
	assert_int_equal(ProcessLimits_get_threads(
				 ProcessSpawner_spawn_Params_get_limits(r)), 4);
}

static void test_err_table(void **state)
{
	assert_int_equal(ERR_OK, 0);
	assert_true(ERR_INVALID < 0);
	assert_string_equal(capos_strerror(ERR_OK), "success");
	assert_string_equal(capos_strerror(ERR_TIMEOUT), "timed out");
	assert_string_equal(capos_errname(ERR_STALE_HANDLE), "ERR_STALE_HANDLE");
	assert_string_equal(capos_strerror(CAPN_EBOUNDS),
			    capn_strerror(CAPN_EBOUNDS));
	assert_string_equal(capos_errname(CAPN_EDEPTH), "CAPN_EDEPTH");
	assert_string_equal(capos_strerror(-200), "unknown error");
	assert_null(capos_errname(-200));
	/* every code has a distinct name and a message */
	for (int e = 0; e > -ERR_COUNT; e--) {
		assert_non_null(capos_errname(e));
		assert_string_not_equal(capos_strerror(e), "unknown error");
	}
}

static void test_iface_table(void **state)
{
	const struct capos_iface *i = capos_iface_by_name("Console", 7);
	assert_non_null(i);
	assert_true(i->id == Console_IFACE_ID);
	assert_int_equal(i->nmethods, Console_METHOD_COUNT);
	assert_string_equal(i->methods[Console_writeLine_METHOD], "writeLine");
	assert_ptr_equal(capos_iface_by_id(ProcessSpawner_IFACE_ID),
			 capos_iface_by_name("ProcessSpawner", 14));
	assert_null(capos_iface_by_name("Consol", 6));
	assert_null(capos_iface_by_id(0));
	/* ids are distinct, with the top bit set as capnp requires */
	for (size_t a = 0; a < CAPOS_IFACE_COUNT; a++) {
		assert_true(capos_ifaces[a].id >> 63);
		for (size_t b = a + 1; b < CAPOS_IFACE_COUNT; b++)
			assert_true(capos_ifaces[a].id != capos_ifaces[b].id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_e1),
		cmocka_unit_test(test_build_defaults),
		cmocka_unit_test(test_build_unions),
		cmocka_unit_test(test_build_lists),
		cmocka_unit_test(test_build_empty_struct),
		cmocka_unit_test(test_build_nospace),
		cmocka_unit_test(test_build_caps),
		cmocka_unit_test(test_stub_and_dispatch),
		cmocka_unit_test(test_dispatch_rejects),
		cmocka_unit_test(test_spawn_params),
		cmocka_unit_test(test_err_table),
		cmocka_unit_test(test_iface_table),
	};
	return cmocka_run_group_tests_name("capnp_builder", tests, NULL, NULL);
}
