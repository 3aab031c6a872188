/* Round trips against the real tool (capnp 0.9.2), both directions.
 *
 * capnp -> us: each value is written by `capnp convert text:binary` (one
 * segment, and again with --segment-size so far and double-far pointers
 * appear) and by `capnp eval -b`; our reader decodes it and a schema-less
 * deep copy rebuilds it with our builder. capnp must print the copy exactly
 * as it prints the original.
 * us -> capnp: messages built with the generated setters must print as
 * capnp prints the same value given as text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lib/capnp/capnp.h"
#include "capos-test/test.h"

#define SCHEMA "tests/capnp/test.capnp"

struct bytes {
	uint8_t *p;
	size_t n;
};

/* Run `cmd` with `in` on stdin; returns its stdout (NUL-terminated). */
static struct bytes run(const char *cmd, const void *in, size_t n)
{
	char inpath[] = "/tmp/capnp-rt-in-XXXXXX";
	char outpath[] = "/tmp/capnp-rt-out-XXXXXX";
	int fi = mkstemp(inpath), fo = mkstemp(outpath);
	assert_true(fi >= 0 && fo >= 0);
	assert_int_equal(write(fi, in, n), (ssize_t)n);
	close(fi);
	close(fo);
	char line[1024];
	snprintf(line, sizeof line, "%s < %s > %s", cmd, inpath, outpath);
	int rc = system(line);
	if (rc != 0)
		fail_msg("command failed (%d): %s", rc, cmd);
	FILE *f = fopen(outpath, "rb");
	assert_non_null(f);
	struct bytes b = { malloc(1 << 20), 0 };
	b.n = fread(b.p, 1, (1 << 20) - 1, f);
	b.p[b.n] = 0;
	fclose(f);
	unlink(inpath);
	unlink(outpath);
	return b;
}

static char *to_text(const char *type, const void *msg, size_t n)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "capnp convert binary:text --short %s %s",
		 SCHEMA, type);
	return (char *)run(cmd, msg, n).p;
}

static struct bytes from_text(const char *type, const char *text,
			      unsigned segsize)
{
	char cmd[256], opt[64] = "";
	if (segsize)
		snprintf(opt, sizeof opt, "--segment-size=%u", segsize);
	snprintf(cmd, sizeof cmd, "capnp convert text:binary %s %s %s", opt,
		 SCHEMA, type);
	return run(cmd, text, strlen(text));
}

/* ---- schema-less deep copy: reader -> builder --------------------------- */

static void copy_ptr(const struct capn_struct_r *src, unsigned slot,
		     struct capn_struct_b *dst);

static void copy_struct_body(const struct capn_struct_r *s,
			     struct capn_struct_b *d)
{
	uint32_t n = s->data_bytes < d->data_bytes ? s->data_bytes
						   : d->data_bytes;
	if (n)
		memcpy(d->data, s->data, n);
	for (unsigned i = 0; i < s->nptrs; i++)
		copy_ptr(s, i, d);
}

static void copy_list(const struct capn_list_r *l, struct capn_struct_b *dst,
		      unsigned slot)
{
	if (l->code == CAPN_COMPOSITE) {
		struct capn_list_b b = capn_b_struct_list(
			dst, slot, l->len, l->data_bytes / 8, l->nptrs);
		for (uint32_t i = 0; i < l->len; i++) {
			struct capn_struct_r e = capn_list_struct(l, i);
			struct capn_struct_b f = capn_lb_struct(&b, i);
			copy_struct_body(&e, &f);
		}
		return;
	}
	struct capn_list_b b = capn_b_list(dst, slot, l->code, l->len);
	if (l->code == CAPN_PTR) {
		for (uint32_t i = 0; i < l->len; i++) {
			struct capn_struct_r e = capn_list_struct(l, i);
			struct capn_struct_b f = capn_lb_struct(&b, i);
			copy_ptr(&e, 0, &f);
		}
	} else if (l->code == CAPN_BIT) {
		for (uint32_t i = 0; i < l->len; i++)
			capn_lb_bit(&b, i, capn_list_bit(l, i));
	} else if (l->len) {
		memcpy(b.ptr, l->ptr, (size_t)l->len * l->step);
	}
}

static void copy_ptr(const struct capn_struct_r *src, unsigned slot,
		     struct capn_struct_b *dst)
{
	switch (capn_r_kind(src, slot)) {
	case CAPN_KIND_NULL:
		return;
	case CAPN_KIND_STRUCT: {
		struct capn_struct_r s = capn_r_struct(src, slot);
		struct capn_struct_b d = capn_b_struct(dst, slot,
						       s.data_bytes / 8,
						       s.nptrs);
		copy_struct_body(&s, &d);
		return;
	}
	case CAPN_KIND_LIST: {
		struct capn_list_r l = capn_r_list(src, slot, CAPN_VOID);
		copy_list(&l, dst, slot);
		return;
	}
	case CAPN_KIND_CAP:
		capn_b_cap(dst, slot, capn_r_cap(src, slot));
		return;
	case CAPN_KIND_ERROR:
		(void)capn_r_struct(src, slot);
		return;
	}
}

/* Decode msg with our reader and rebuild it; returns the copy's length. */
static size_t deep_copy(const struct bytes *msg, uint8_t *out, size_t cap)
{
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, msg->p, msg->n), 0);
	assert_int_equal(m.size, msg->n);
	assert_int_equal(capn_msg_walk(&m), 0);
	capn_msg_reset_budget(&m, 0);
	struct capn_struct_r root = { .msg = &m, .ptrs = m.base, .nptrs = 1,
				      .nest = m.nesting };
	struct capn_builder b;
	capn_build_init(&b, out, cap);
	struct capn_struct_b droot = { .b = &b, .ptrs = b.seg, .nptrs = 1 };
	copy_ptr(&root, 0, &droot);
	assert_int_equal(capn_msg_error(&m), 0);
	size_t n = capn_build_finish(&b);
	assert_int_not_equal(n, 0);
	return n;
}

static const struct {
	const char *type, *text;
} cases[] = {
	{ "Basic", "(a = 4660, b = true, c = 72623859790382856, name = \"hi\","
		   " d = true, e = 171, f = -2, blob = \"\\xde\\xad\","
		   " p = (x = 1, y = -1))" },
	{ "Basic", "()" },
	{ "Defaults", "(i = 101, b = false, f = 0, t = \"\", u = 7)" },
	{ "Defaults", "(i = 100, color = red, s8 = 5, s64 = 7)" },
	{ "Unions", "(tag = 5, num = 9, g = (gx = 3, gy = \"z\"),"
		    " named = (nb = -3))" },
	{ "Unions", "(txt = \"q\", named = (na = true))" },
	{ "Lists", "(voids = [void, void, void],"
		   " bools = [true, false, true, true, false, false, false,"
		   " false, true], u16s = [4369, 8738],"
		   " points = [(x = 1, y = 2), (x = 3, y = 4)],"
		   " nested = [[7], [], [1, 2, 3]],"
		   " texts = [\"one\", \"\", \"three\"],"
		   " i64s = [-1, 9223372036854775807], colors = [blue, red],"
		   " datas = [\"\\x00\\x01\", \"\"])" },
	{ "Book", "(people = [(id = 1, name = \"Al\"), (id = 2, name = \"Bo\")])" },
	{ "Node", "(value = 1, next = (value = 2, next = (value = 3)),"
		  " children = [(value = 4), (value = 5, children = [(value = 6)])])" },
	{ "WithEmpty", "(e = (), es = [(), (), ()])" },
	{ "Trail", "(a = 1, p = \"x\")" },
};

static void test_capnp_to_us(void **state)
{
	static const unsigned segsizes[] = { 0, 1, 2, 3, 7 };
	uint8_t *out = malloc(1 << 16);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		for (size_t s = 0; s < sizeof segsizes / sizeof segsizes[0]; s++) {
			struct bytes msg = from_text(cases[c].type, cases[c].text,
						     segsizes[s]);
			char *want = to_text(cases[c].type, msg.p, msg.n);
			size_t n = deep_copy(&msg, out, 1 << 16);
			char *got = to_text(cases[c].type, out, n);
			if (strcmp(want, got) != 0)
				fail_msg("%s seg %u:\n want %s got  %s",
					 cases[c].type, segsizes[s], want, got);
			free(want);
			free(got);
			free(msg.p);
		}
	}
	free(out);
}

/* The typed reader on the tool's multi-segment output. */
static void test_typed_multisegment(void **state)
{
	struct bytes msg = from_text("Book", cases[7].text, 1);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, msg.p, msg.n), 0);
	assert_true(m.nsegs > 3);
	Book_r b = { capn_msg_root(&m) };
	Person_list_r p = Book_get_people(b);
	assert_int_equal(Person_list_len(p), 2);
	assert_string_equal(Person_get_name(Person_list_get(p, 1)).str, "Bo");
	assert_int_equal(Book_validate(b), 0);
	free(msg.p);

	/* a large message: capnp's growing segments */
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap);
	n += (size_t)snprintf(text + n, cap - n, "(people = [");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "%s(id = %d, name = \"person %d\")",
				      i ? ", " : "", i, i);
	snprintf(text + n, cap - n, "])");
	msg = from_text("Book", text, 1000);
	assert_int_equal(capn_msg_init(&m, msg.p, msg.n), 0);
	assert_true(m.nsegs > 1);
	b = (Book_r){ capn_msg_root(&m) };
	p = Book_get_people(b);
	assert_int_equal(Person_list_len(p), 5000);
	assert_int_equal(Person_get_id(Person_list_get(p, 4321)), 4321);
	assert_string_equal(Person_get_name(Person_list_get(p, 4321)).str,
			    "person 4321");
	assert_int_equal(Book_validate(b), 0);
	free(msg.p);
	free(text);
}

static void test_eval(void **state)
{
	struct bytes msg = run("capnp eval -b " SCHEMA " sampleBook", "", 0);
	struct capn_msg m;
	assert_int_equal(capn_msg_init(&m, msg.p, msg.n), 0);
	Book_r b = { capn_msg_root(&m) };
	Person_list_r p = Book_get_people(b);
	assert_int_equal(Person_get_id(Person_list_get(p, 0)), 1);
	assert_string_equal(Person_get_name(Person_list_get(p, 0)).str, "Al");
	assert_int_equal(capn_msg_error(&m), 0);
	free(msg.p);
}

/* us -> capnp: the generated setters, printed by the tool. */
static void expect_same(const char *type, const uint8_t *ours, size_t n,
			const char *text)
{
	struct bytes ref = from_text(type, text, 0);
	char *want = to_text(type, ref.p, ref.n);
	char *got = to_text(type, ours, n);
	if (strcmp(want, got) != 0)
		fail_msg("%s:\n want %s got  %s", type, want, got);
	free(want);
	free(got);
	free(ref.p);
}

static void test_us_to_capnp(void **state)
{
	uint8_t buf[2048];
	struct capn_builder b;

	capn_build_init(&b, buf, sizeof buf);
	Basic_b r = { capn_b_root(&b, Basic_DATA_WORDS, Basic_PTR_COUNT) };
	Basic_set_a(r, 4660);
	Basic_set_b(r, true);
	Basic_set_c(r, 72623859790382856ull);
	Basic_set_name(r, "hi", 2);
	Basic_set_d(r, true);
	Basic_set_e(r, 171);
	Basic_set_f(r, -2);
	Basic_set_blob(r, "\xde\xad", 2);
	Point_b p = Basic_init_p(r);
	Point_set_x(p, 1);
	Point_set_y(p, -1);
	size_t n = capn_build_finish(&b);
	expect_same("Basic", buf, n, cases[0].text);
	/* E1: byte-identical to what capnp writes */
	struct bytes ref = from_text("Basic", cases[0].text, 0);
	assert_int_equal(ref.n, n);
	assert_memory_equal(ref.p, buf, n);
	free(ref.p);

	capn_build_init(&b, buf, sizeof buf);
	Defaults_b d = { capn_b_root(&b, Defaults_DATA_WORDS, Defaults_PTR_COUNT) };
	Defaults_set_i(d, 101);
	Defaults_set_b(d, false);
	Defaults_set_f_bits(d, 0);
	Defaults_set_t(d, "", 0);
	Defaults_set_u(d, 7);
	expect_same("Defaults", buf, capn_build_finish(&b), cases[2].text);

	capn_build_init(&b, buf, sizeof buf);
	Unions_b u = { capn_b_root(&b, Unions_DATA_WORDS, Unions_PTR_COUNT) };
	Unions_set_txt(u, "q", 1);
	Unions_named_set_na(Unions_init_named(u), true);
	expect_same("Unions", buf, capn_build_finish(&b), cases[5].text);

	capn_build_init(&b, buf, sizeof buf);
	Book_b bk = { capn_b_root(&b, Book_DATA_WORDS, Book_PTR_COUNT) };
	Person_list_b pl = Book_init_people(bk, 2);
	Person_set_id(Person_list_at(pl, 0), 1);
	Person_set_name(Person_list_at(pl, 0), "Al", 2);
	Person_set_id(Person_list_at(pl, 1), 2);
	Person_set_name(Person_list_at(pl, 1), "Bo", 2);
	n = capn_build_finish(&b);
	expect_same("Book", buf, n, cases[7].text);
	/* E5: byte-identical to what capnp writes */
	ref = from_text("Book", cases[7].text, 0);
	assert_int_equal(ref.n, n);
	assert_memory_equal(ref.p, buf, n);
	free(ref.p);

	capn_build_init(&b, buf, sizeof buf);
	Lists_b l = { capn_b_root(&b, Lists_DATA_WORDS, Lists_PTR_COUNT) };
	struct capn_list_b i64s = Lists_init_i64s(l, 2);
	capn_lb_u64(&i64s, 0, (uint64_t)-1);
	capn_lb_u64(&i64s, 1, 9223372036854775807ull);
	struct capn_list_b colors = Lists_init_colors(l, 2);
	capn_lb_u16(&colors, 0, Color_blue);
	capn_lb_u16(&colors, 1, Color_red);
	struct capn_list_b nested = Lists_init_nested(l, 3);
	struct capn_list_b first = capn_lb_list(&nested, 0, CAPN_FOUR, 1);
	capn_lb_u32(&first, 0, 7);
	capn_lb_list(&nested, 1, CAPN_FOUR, 0);
	struct capn_list_b third = capn_lb_list(&nested, 2, CAPN_FOUR, 3);
	for (uint32_t i = 0; i < 3; i++)
		capn_lb_u32(&third, i, i + 1);
	expect_same("Lists", buf, capn_build_finish(&b),
		    "(nested = [[7], [], [1, 2, 3]], i64s = [-1, "
		    "9223372036854775807], colors = [blue, red])");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capnp_to_us),
		cmocka_unit_test(test_typed_multisegment),
		cmocka_unit_test(test_eval),
		cmocka_unit_test(test_us_to_capnp),
	};
	return cmocka_run_group_tests_name("capnp_roundtrip", tests, NULL, NULL);
}
