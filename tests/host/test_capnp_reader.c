/* lib/capnp reader: the worked examples of capnp-encoding.md (bytes as
 * capnp 0.9.2 writes them), then hostile messages, each of which must end
 * in its own typed error without reading out of bounds (ASan watches). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/capnp/capnp.h"
#include "capos-test/test.h"

/* Frame segments (word arrays) into buf; returns the byte length. The
 * buffer is malloc'd to the exact size so ASan sees any overrun. */
static uint8_t *frame(size_t *len, unsigned nsegs, const uint32_t *sizes,
		      const uint64_t *const *segs)
{
	size_t hdr = (4 + 4 * nsegs + 7) & ~(size_t)7, words = 0;
	for (unsigned i = 0; i < nsegs; i++)
		words += sizes[i];
	*len = hdr + words * 8;
	uint8_t *b = calloc(1, *len);
	uint32_t n1 = nsegs - 1;
	memcpy(b, &n1, 4);
	memcpy(b + 4, sizes, 4 * nsegs);
	uint8_t *p = b + hdr;
	for (unsigned i = 0; i < nsegs; i++) {
		memcpy(p, segs[i], sizes[i] * 8);
		p += sizes[i] * 8;
	}
	return b;
}

static uint8_t *frame1(size_t *len, const uint64_t *w, uint32_t n)
{
	return frame(len, 1, &n, &w);
}

/* The E1 message: Basic with text, data and a sub-struct. */
static const uint64_t e1[] = {
	0x0003000200000000, 0xfffffffeab031234, 0x0102030405060708,
	0x0000001a00000009, 0x0000001200000009, 0x0000000100000008,
	0x0000000000006968, 0x000000000000adde, 0xffffffff00000001,
};

static void check_e1(struct capn_msg *m)
{
	Basic_r b = { capn_msg_root(m) };
	assert_int_equal(Basic_get_a(b), 0x1234);
	assert_true(Basic_get_b(b));
	assert_true(Basic_get_d(b));
	assert_int_equal(Basic_get_e(b), 0xab);
	assert_int_equal(Basic_get_f(b), -2);
	assert_true(Basic_get_c(b) == 0x0102030405060708ull);
	struct capn_text t = Basic_get_name(b);
	assert_int_equal(t.len, 2);
	assert_string_equal(t.str, "hi");
	struct capn_data d = Basic_get_blob(b);
	assert_int_equal(d.len, 2);
	assert_int_equal(d.ptr[0], 0xde);
	assert_int_equal(d.ptr[1], 0xad);
	Point_r p = Basic_get_p(b);
	assert_int_equal(Point_get_x(p), 1);
	assert_int_equal(Point_get_y(p), -1);
	assert_int_equal(Basic_validate(b), 0);
	assert_int_equal(capn_msg_error(m), 0);
}

static void test_e1_basic(void **state)
{
	size_t len;
	uint8_t *b = frame1(&len, e1, 9);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, b, len), 0);
	assert_int_equal(m.size, len);
	check_e1(&m);
	assert_int_equal(capn_msg_walk(&m), 0);
	free(b);
}

/* The same message, unframed and at an odd address. */
static void test_flat_unaligned(void **state)
{
	uint8_t *b = malloc(sizeof(e1) + 1);
	memcpy(b + 1, e1, sizeof(e1));
	struct capn_msg m;
	assert_int_equal(capn_msg_init_flat(&m, b + 1, sizeof(e1), NULL), 0);
	check_e1(&m);
	free(b);
}

/* E6: E1 spread over four segments with far pointers to pads. */
static void test_e6_multisegment(void **state)
{
	static const uint64_t s0[] = { 0x0000000100000002 };
	static const uint64_t s1[] = {
		0x0003000200000000, 0xfffffffeab031234, 0x0102030405060708,
		0x0000000200000002, 0x0000000200000012, 0x0000000300000002,
	};
	static const uint64_t s2[] = { 0x0000001a00000001, 0x6968,
				       0x0000001200000001, 0xadde };
	static const uint64_t s3[] = { 0x0000000100000000, 0xffffffff00000001 };
	const uint64_t *segs[] = { s0, s1, s2, s3 };
	uint32_t sizes[] = { 1, 6, 4, 2 };
	size_t len;
	uint8_t *b = frame(&len, 4, sizes, segs);
	assert_int_equal(len, 24 + 13 * 8);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, b, len), 0);
	check_e1(&m);
	free(b);
}

/* E7: a double-far pointer (pad of two words: far + tag). */
static void test_e7_double_far(void **state)
{
	static const uint64_t s0[] = { 0x0000000100000006 };
	static const uint64_t s1[] = { 0x0000000200000002, 0x0000000100000000 };
	static const uint64_t s2[] = { 0x0000000600000005 };
	const uint64_t *segs[] = { s0, s1, s2 };
	uint32_t sizes[] = { 1, 2, 1 };
	size_t len;
	uint8_t *b = frame(&len, 3, sizes, segs);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, b, len), 0);
	Point_r p = { capn_msg_root(&m) };
	assert_int_equal(Point_get_x(p), 5);
	assert_int_equal(Point_get_y(p), 6);
	assert_int_equal(capn_msg_error(&m), 0);
	free(b);
}

/* E3: unions, a group and a named union. */
static void test_e3_unions(void **state)
{
	static const uint64_t w[] = {
		0x0002000300000000, 0x0003000100000005, 9, 0x00000000000100fd,
		0, 0x0000001200000001, 0x7a,
	};
	size_t len;
	uint8_t *b = frame1(&len, w, 7);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Unions_r u = { capn_msg_root(&m) };
	assert_int_equal(Unions_get_tag(u), 5);
	assert_int_equal(Unions_which(u), Unions_which_num);
	assert_int_equal(Unions_get_num(u), 9);
	Unions_g_r g = Unions_get_g(u);
	assert_int_equal(Unions_g_get_gx(g), 3);
	assert_string_equal(Unions_g_get_gy(g).str, "z");
	Unions_named_r nm = Unions_get_named(u);
	assert_int_equal(Unions_named_which(nm), Unions_named_which_nb);
	assert_int_equal(Unions_named_get_nb(nm), -3);
	assert_int_equal(Unions_validate(u), 0);
	free(b);
}

/* E2: all-zero data means every default. */
static void test_e2_defaults(void **state)
{
	static const uint64_t w[] = { 0x0001000300000000, 0, 0, 0, 0 };
	size_t len;
	uint8_t *b = frame1(&len, w, 5);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Defaults_r d = { capn_msg_root(&m) };
	assert_int_equal(Defaults_get_i(d), 100);
	assert_true(Defaults_get_b(d));
	assert_int_equal(Defaults_get_f_bits(d), 0x3fc00000);	/* 1.5f */
	assert_string_equal(Defaults_get_t(d).str, "dflt");
	assert_false(Defaults_has_t(d));
	assert_int_equal(Defaults_get_u(d), 0);
	assert_int_equal(Defaults_get_color(d), Color_blue);
	assert_int_equal(Defaults_get_s8(d), -3);
	assert_true(Defaults_get_s64(d) == -5000000000ll);
	/* A struct shorter than the schema (old writer) reads defaults too. */
	static const uint64_t old[] = { 0x0000000100000000, 0x0000000000000065 };
	free(b);
	b = frame1(&len, old, 2);
	capn_msg_init(&m, b, len);
	d = (Defaults_r){ capn_msg_root(&m) };
	assert_int_equal(Defaults_get_i(d), 1);	/* 0x65 ^ 100 */
	assert_true(Defaults_get_b(d));
	assert_string_equal(Defaults_get_t(d).str, "dflt");
	assert_int_equal(capn_msg_error(&m), 0);
	free(b);
}

/* E4/E5: list encodings. */
static void test_e5_struct_list(void **state)
{
	static const uint64_t w[] = {
		0x0001000000000000, 0x0000002700000001, 0x0001000100000008,
		1, 0x0000001a00000009, 2, 0x0000001a00000005, 0x6c41, 0x6f42,
	};
	size_t len;
	uint8_t *b = frame1(&len, w, 9);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Book_r bk = { capn_msg_root(&m) };
	Person_list_r people = Book_get_people(bk);
	assert_int_equal(Person_list_len(people), 2);
	assert_int_equal(Person_get_id(Person_list_get(people, 0)), 1);
	assert_string_equal(Person_get_name(Person_list_get(people, 0)).str, "Al");
	assert_string_equal(Person_get_name(Person_list_get(people, 1)).str, "Bo");
	/* past the end: defaults, no error */
	assert_int_equal(Person_get_id(Person_list_get(people, 2)), 0);
	assert_int_equal(Book_validate(bk), 0);
	free(b);
}

static void test_e4_lists(void **state)
{
	/* Lists: voids x3, bools, u16s, points, nested [[7],[]] */
	static const uint64_t w[] = {
		0x0009000000000000,
		0x0000001800000021,	/* p0 voids: 3 x code 0 -> w10 */
		0x000000490000001d,	/* p1 bools: 9 x code 1 -> w10 */
		0x000000130000001d,	/* p2 u16s: 2 x code 3 -> w11 */
		0x000000170000001d,	/* p3 points: code 7, 2 words -> w12 */
		0x0000001600000025,	/* p4 nested: 2 x ptr -> w15 */
		0, 0, 0, 0,
		0x010d, 0x22221111,
		0x0000000100000008, 0x0000000200000001, 0x0000000400000003,
		0x0000000c00000005,	/* [7]: 1 x code 4 -> w17 */
		0x0000000400000005,	/* []: 0 x code 4 -> w18, past the end */
		7,
	};
	size_t len;
	uint8_t *b = frame1(&len, w, 18);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Lists_r r = { capn_msg_root(&m) };
	struct capn_list_r l = Lists_get_voids(r);
	assert_int_equal(capn_list_len(&l), 3);
	l = Lists_get_bools(r);
	assert_int_equal(capn_list_len(&l), 9);
	static const bool want[] = { 1, 0, 1, 1, 0, 0, 0, 0, 1 };
	for (uint32_t i = 0; i < 9; i++)
		assert_int_equal(capn_list_bit(&l, i), want[i]);
	l = Lists_get_u16s(r);
	assert_int_equal(capn_list_u16(&l, 0), 0x1111);
	assert_int_equal(capn_list_u16(&l, 1), 0x2222);
	Point_list_r pts = Lists_get_points(r);
	assert_int_equal(Point_list_len(pts), 2);
	assert_int_equal(Point_get_x(Point_list_get(pts, 1)), 3);
	assert_int_equal(Point_get_y(Point_list_get(pts, 1)), 4);
	l = Lists_get_nested(r);
	assert_int_equal(capn_list_len(&l), 2);
	struct capn_list_r in = capn_list_list(&l, 0, CAPN_FOUR);
	assert_int_equal(capn_list_len(&in), 1);
	assert_int_equal(capn_list_u32(&in, 0), 7);
	in = capn_list_list(&l, 1, CAPN_FOUR);
	assert_int_equal(capn_list_len(&in), 0);
	/* a primitive list read as structs: each element a data-only struct */
	struct capn_list_r as_structs = capn_r_list(&r.s, 2, CAPN_COMPOSITE);
	struct capn_struct_r e = capn_list_struct(&as_structs, 1);
	assert_int_equal(capn_r_u16(&e, 0), 0x2222);
	assert_int_equal(capn_r_u32(&e, 0), 0);	/* beyond its 2 bytes */
	assert_int_equal(Lists_validate(r), 0);
	assert_int_equal(capn_msg_walk(&m), 0);
	free(b);
}

/* E8: capabilities are table indexes; a cap pointer in a struct slot is a
 * kind error. */
static void test_e8_caps(void **state)
{
	static const uint64_t w[] = {
		0x0003000100000000, 7, 0x0000000000000003, 0x0000000100000003, 0,
	};
	size_t len;
	uint8_t *b = frame1(&len, w, 5);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Holder_r h = { capn_msg_root(&m) };
	assert_int_equal(Holder_get_n(h), 7);
	assert_int_equal(Holder_get_cap(h), 0);
	assert_int_equal(Holder_kind_any(h), CAPN_KIND_CAP);
	assert_int_equal(capn_r_cap(&h.s, Holder_any_SLOT), 1);
	assert_int_equal(capn_list_len(&(struct capn_list_r){ 0 }), 0);
	assert_int_equal(Holder_validate(h), 0);
	(void)capn_r_struct(&h.s, 0);	/* a capability where a struct goes */
	assert_int_equal(capn_msg_error(&m), CAPN_EKIND);
	free(b);
}

/* ---- hostile inputs ---------------------------------------------------- */

static int root_error(const uint64_t *w, uint32_t n)
{
	size_t len;
	uint8_t *b = frame1(&len, w, n);
	struct capn_msg m;
	int e = capn_msg_init(&m, b, len);
	if (!e) {
		(void)capn_msg_walk(&m);
		e = capn_msg_error(&m);
	}
	free(b);
	return e;
}

static void test_framing(void **state)
{
	struct capn_msg m;
	uint8_t b[64] = { 0 };
	assert_int_equal(capn_msg_init(&m, b, 4), CAPN_ETRUNC);
	/* 1 segment of 9 words in a 40-byte buffer */
	b[4] = 9;
	assert_int_equal(capn_msg_init(&m, b, 40), CAPN_ETRUNC);
	assert_int_equal(capn_msg_init(&m, b, 8 + 72), 0);
	/* segment count 2^32 (count-1 = 0xffffffff) */
	memset(b, 0xff, 4);
	assert_int_equal(capn_msg_init(&m, b, 64), CAPN_ESEGS);
	/* 3 segments: the table needs 16 bytes */
	memset(b, 0, 64);
	b[0] = 2;
	assert_int_equal(capn_msg_init(&m, b, 12), CAPN_ETRUNC);
	/* sizes that overflow 32 bits in sum */
	b[0] = 1;
	memset(b + 4, 0xff, 8);
	assert_int_equal(capn_msg_init(&m, b, 64), CAPN_EFRAME);
	/* empty first segment: no root pointer */
	memset(b, 0, 64);
	assert_int_equal(capn_msg_init(&m, b, 64), CAPN_EFRAME);
	/* errors are sticky and the root reads empty */
	Basic_r r = { capn_msg_root(&m) };
	assert_int_equal(Basic_get_a(r), 0);
	assert_int_equal(capn_msg_error(&m), CAPN_EFRAME);
	assert_int_equal(capn_msg_init(&m, NULL, 0), CAPN_EINVAL);
	assert_int_equal(capn_msg_init_flat(&m, b, 7, NULL), CAPN_ETRUNC);
}

static void test_out_of_bounds(void **state)
{
	/* root struct past the end of the segment */
	static const uint64_t past[] = { 0x0001000100000004, 0, 0 };
	assert_int_equal(root_error(past, 3), CAPN_EBOUNDS);
	/* root struct before the start (offset -2) */
	static const uint64_t before[] = { 0x00000001fffffff8, 0 };
	assert_int_equal(root_error(before, 2), CAPN_EBOUNDS);
	/* text longer than the segment */
	static const uint64_t text[] = { 0x0001000000000000, 0x000008a200000001,
					 0x6968 };
	assert_int_equal(root_error(text, 3), CAPN_EBOUNDS);
	/* struct list whose tag claims more than its words */
	static const uint64_t comp[] = { 0x0001000000000000, 0x0000001700000001,
					 0x0001000000000010, 0, 0 };
	assert_int_equal(root_error(comp, 5), CAPN_EBOUNDS);
	/* the largest offset: the target far beyond the buffer */
	static const uint64_t wild[] = { 0x000100007ffffffc, 0 };
	assert_int_equal(root_error(wild, 2), CAPN_EBOUNDS);
}

static void test_bad_far(void **state)
{
	/* far to a segment that does not exist */
	static const uint64_t noseg[] = { 0x0000000500000002 };
	assert_int_equal(root_error(noseg, 1), CAPN_EFAR);
	/* far whose pad lies past its segment */
	static const uint64_t padoob[] = { 0x0000000000000fa2 };
	assert_int_equal(root_error(padoob, 1), CAPN_EFAR);
	/* a pad that is itself far (a cycle: it points at itself) */
	static const uint64_t self[] = { 0x000000000000000a, 0x000000000000000a };
	assert_int_equal(root_error(self, 2), CAPN_EFAR);
	/* two fars pointing at each other */
	static const uint64_t loop[] = { 0x000000000000000a, 0x0000000000000002 };
	assert_int_equal(root_error(loop, 2), CAPN_EFAR);
	/* double pad whose first word is a double far */
	static const uint64_t dbl[] = { 0x000000000000000e, 0x000000000000000e,
					0x0000000100000000 };
	assert_int_equal(root_error(dbl, 3), CAPN_EFAR);
	/* double pad whose tag is a far pointer */
	static const uint64_t tag[] = { 0x000000000000000e, 0x0000000000000002,
					0x0000000000000002, 0 };
	assert_int_equal(root_error(tag, 4), CAPN_EFAR);
	/* double-far content out of its segment */
	static const uint64_t dout[] = { 0x000000000000000e, 0x00000000000007fa,
					 0x0000000100000000 };
	assert_int_equal(root_error(dout, 3), CAPN_EBOUNDS);
}

static void test_overlapping_far(void **state)
{
	/* Two segments; many far pointers share one pad and object: legal,
	 * charged each time. */
	static const uint64_t s0[] = { 0x0004000000000000, 0x0000000100000002,
				       0x0000000100000002, 0x0000000100000002,
				       0x0000000100000002 };
	static const uint64_t s1[] = { 0x0000000100000000, 0x2a };
	const uint64_t *segs[] = { s0, s1 };
	uint32_t sizes[] = { 5, 2 };
	size_t len;
	uint8_t *b = frame(&len, 2, sizes, segs);
	struct capn_msg m;
	struct capn_read_opts o = { .traversal_words = 4 + 3 };
	capn_msg_init_opts(&m, b, len, &o);
	struct capn_struct_r r = capn_msg_root(&m);
	for (unsigned i = 0; i < 3; i++) {
		struct capn_struct_r c = capn_r_struct(&r, i);
		assert_int_equal(capn_r_u64(&c, 0), 0x2a);
	}
	assert_int_equal(capn_msg_error(&m), 0);
	(void)capn_r_struct(&r, 3);
	assert_int_equal(capn_msg_error(&m), CAPN_ETRAVERSAL);
	free(b);
}

static void test_kinds(void **state)
{
	size_t len;
	/* Basic.p (a struct) holding a list pointer */
	static const uint64_t w[] = { 0x0003000200000000, 0, 0, 0, 0,
				      0x0000000a00000001, 0 };
	uint8_t *b = frame1(&len, w, 7);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Basic_r r = { capn_msg_root(&m) };
	assert_int_equal(Point_get_x(Basic_get_p(r)), 0);
	assert_int_equal(capn_msg_error(&m), CAPN_EKIND);
	free(b);
	/* Lists.u16s holding a list of bytes: wrong element size */
	static const uint64_t l[] = { 0x0009000000000000, 0, 0, 0x0000001200000019,
				      0, 0, 0, 0, 0, 0, 0x1111 };
	b = frame1(&len, l, 11);
	capn_msg_init(&m, b, len);
	Lists_r lr = { capn_msg_root(&m) };
	struct capn_list_r u16s = Lists_get_u16s(lr);
	assert_int_equal(capn_list_len(&u16s), 0);
	assert_int_equal(capn_msg_error(&m), CAPN_ELIST);
	free(b);
	/* a reserved "other" pointer */
	static const uint64_t other[] = { 0x0001000000000000, 0x0000000000000007 };
	assert_int_equal(root_error(other, 2), CAPN_EPTR);
	/* a bit list read as a struct list */
	static const uint64_t bits[] = { 0x0009000000000000, 0, 0, 0,
					 0x0000000900000015, 0, 0, 0, 0, 0, 1 };
	b = frame1(&len, bits, 11);
	capn_msg_init(&m, b, len);
	lr = (Lists_r){ capn_msg_root(&m) };
	assert_int_equal(Point_list_len(Lists_get_points(lr)), 0);
	assert_int_equal(capn_msg_error(&m), CAPN_ELIST);
	free(b);
	/* a composite tag that is not struct-shaped */
	static const uint64_t ctag[] = { 0x0001000000000000, 0x0000000f00000001,
					 0x0000000100000005, 0 };
	assert_int_equal(root_error(ctag, 4), CAPN_ELIST);
}

static void test_text(void **state)
{
	size_t len;
	struct capn_msg m;
	/* no NUL at the end */
	static const uint64_t nonul[] = { 0x0003000200000000, 0, 0,
					  0x0000001a00000009, 0, 0, 0x616161 };
	uint8_t *b = frame1(&len, nonul, 7);
	capn_msg_init(&m, b, len);
	Basic_r r = { capn_msg_root(&m) };
	assert_string_equal(Basic_get_name(r).str, "");
	assert_int_equal(capn_msg_error(&m), CAPN_ETEXT);
	free(b);
	/* zero-length text (no room for the NUL) */
	static const uint64_t empty[] = { 0x0003000200000000, 0, 0,
					  0x0000000200000009, 0, 0, 0 };
	b = frame1(&len, empty, 7);
	capn_msg_init(&m, b, len);
	r = (Basic_r){ capn_msg_root(&m) };
	assert_int_equal(Basic_get_name(r).len, 0);
	assert_int_equal(capn_msg_error(&m), CAPN_ETEXT);
	free(b);
	/* an empty list may point one word past the segment's end */
	static const uint64_t edge[] = { 0x0003000200000000, 0, 0, 0,
					 0x0000000200000001, 0 };
	b = frame1(&len, edge, 6);
	capn_msg_init(&m, b, len);
	r = (Basic_r){ capn_msg_root(&m) };
	assert_int_equal(Basic_get_blob(r).len, 0);
	assert_true(Basic_has_blob(r));
	assert_int_equal(capn_msg_error(&m), 0);
	free(b);
}

/* 100 pointers to one 100 000-word text: 10^7 words > the 8 Mi budget. */
static void test_amplification(void **state)
{
	uint32_t n = 110 + 100000;
	uint64_t *w = calloc(n, 8);
	w[0] = 0x0009000000000000;	/* Lists */
	w[6] = 0x000003260000000d;	/* texts: 100 pointers at w10 */
	for (uint32_t at = 10; at < 110; at++)
		w[at] = 1 | (uint64_t)(110 - at - 1) << 2 | 2ull << 32 |
			(uint64_t)800000 << 35;
	memset(w + 110, 'a', 100000 * 8 - 1);
	size_t len;
	uint8_t *b = frame1(&len, w, n);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Lists_r r = { capn_msg_root(&m) };
	struct capn_list_r texts = Lists_get_texts(r);
	assert_int_equal(capn_list_len(&texts), 100);
	assert_int_equal(capn_list_text(&texts, 0).len, 799999);
	assert_int_equal(Lists_validate(r), CAPN_ETRAVERSAL);
	free(b);
	free(w);
}

static void test_huge_counts(void **state)
{
	/* List(Void) of 2^29-1 elements: no body, but charged per element */
	static const uint64_t voids[] = { 0x0001000000000000,
					  0xfffffff800000001 };
	size_t len;
	uint8_t *b = frame1(&len, voids, 2);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Lists_r r = { capn_msg_root(&m) };
	struct capn_list_r vl = Lists_get_voids(r);
	assert_int_equal(capn_list_len(&vl), 0);
	assert_int_equal(capn_msg_error(&m), CAPN_ETRAVERSAL);
	free(b);
	/* 2^30-1 empty structs in a zero-word composite list */
	static const uint64_t es[] = { 0x0002000000000000, 0,
				       0x0000000700000001, 0x00000000fffffffc };
	assert_int_equal(root_error(es, 4), CAPN_ETRAVERSAL);
	/* a byte list claiming 2^29 elements */
	static const uint64_t big[] = { 0x0001000000000000, 0xfffffffa00000001 };
	assert_int_equal(root_error(big, 2), CAPN_EBOUNDS);
}

/* A chain of Nodes: `depth` structs deep, built with the builder. */
static uint8_t *chain(size_t *len, unsigned depth, uint8_t *buf, size_t cap)
{
	struct capn_builder bld;
	capn_build_init(&bld, buf, cap);
	Node_b n = { capn_b_root(&bld, Node_DATA_WORDS, Node_PTR_COUNT) };
	for (unsigned i = 1; i <= depth; i++) {
		Node_set_value(n, i);
		if (i < depth)
			n = Node_init_next(n);
	}
	*len = capn_build_finish(&bld);
	return buf;
}

static void test_nesting(void **state)
{
	uint8_t buf[4096];
	size_t len;
	struct capn_msg m;
	/* 64 nested structs read; the 65th does not */
	chain(&len, 64, buf, sizeof buf);
	capn_msg_init(&m, buf, len);
	Node_r n = { capn_msg_root(&m) };
	for (unsigned i = 1; i < 64; i++)
		n = Node_get_next(n);
	assert_int_equal(Node_get_value(n), 64);
	assert_int_equal(capn_msg_error(&m), 0);
	assert_int_equal(capn_msg_walk(&m), 0);
	chain(&len, 65, buf, sizeof buf);
	capn_msg_init(&m, buf, len);
	assert_int_equal(Node_validate((Node_r){ capn_msg_root(&m) }),
			 CAPN_EDEPTH);
	/* a configurable limit */
	struct capn_read_opts o = { .nesting = 3 };
	capn_msg_init_opts(&m, buf, len, &o);
	assert_int_equal(capn_msg_walk(&m), CAPN_EDEPTH);
}

/* A struct whose `next` points at itself: a cycle ends at the depth limit. */
static void test_cycle(void **state)
{
	static const uint64_t w[] = { 0x0002000100000000, 1,
				      0x00020001fffffff8, 0 };
	size_t len;
	uint8_t *b = frame1(&len, w, 4);
	struct capn_msg m;
	capn_msg_init(&m, b, len);
	Node_r n = { capn_msg_root(&m) };
	assert_int_equal(Node_get_value(Node_get_next(n)), 1);
	assert_int_equal(Node_validate(n), CAPN_EDEPTH);
	free(b);
}

static void test_strerror(void **state)
{
	assert_string_equal(capn_errname(CAPN_EBOUNDS), "CAPN_EBOUNDS");
	assert_string_equal(capn_errname(CAPN_EINVAL), "CAPN_EINVAL");
	assert_null(capn_errname(-1));
	assert_string_equal(capn_strerror(0), "no error");
	assert_string_equal(capn_strerror(-1), "unknown capnp error");
	for (int e = CAPN_ERR_FIRST; e >= CAPN_ERR_LAST; e--)
		assert_non_null(capn_errname(e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e1_basic),
		cmocka_unit_test(test_flat_unaligned),
		cmocka_unit_test(test_e6_multisegment),
		cmocka_unit_test(test_e7_double_far),
		cmocka_unit_test(test_e3_unions),
		cmocka_unit_test(test_e2_defaults),
		cmocka_unit_test(test_e5_struct_list),
		cmocka_unit_test(test_e4_lists),
		cmocka_unit_test(test_e8_caps),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_out_of_bounds),
		cmocka_unit_test(test_bad_far),
		cmocka_unit_test(test_overlapping_far),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_amplification),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests_name("capnp_reader", tests, NULL, NULL);
}
